import type { LocaleContent } from '../content/index.js';

export const MIXED = 'mixed';

export interface Practice {
  strategyId: string;
  strategyName: string;
  text: string;
}

/**
 * The practices a focus draws from, in content order: one strategy's try-this-week list, or all five's,
 * without the partner-only ones when the member asked to skip them.
 */
export function practicePool(strategies: LocaleContent['strategies'], focus: string, skipPartner = false): Practice[] {
  const chosen = strategies.filter((s) => s.id === focus);
  // An unknown focus (a strategy removed from content since) falls back to mixed rather than to nothing.
  return (chosen.length > 0 ? chosen : strategies).flatMap((s) =>
    s.tryThisWeek.filter((text) => !(skipPartner && s.partnerOnly.includes(text))).map((text) => ({ strategyId: s.id, strategyName: s.name, text })),
  );
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fresh shuffle per pass through the pool, reproducible from the seed: nothing to store but a counter. */
function passOrder(size: number, seed: number, pass: number): number[] {
  const next = random(seed ^ Math.imul(pass + 1, 0x9e3779b1));
  const order = Array.from({ length: size }, (_, i) => i);
  for (let i = size - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  if (pass > 0 && size > 1) {
    // No practice twice in a row across the seam between two passes.
    const previous = passOrder(size, seed, pass - 1);
    if (order[0] === previous[size - 1]) [order[0], order[1]] = [order[1]!, order[0]!];
  }
  return order;
}

/**
 * The `sent`-th practice (0-based) for this member: every practice of the pool once, in a shuffled
 * order, before any comes round again.
 */
export function pickPractice(pool: readonly Practice[], seed: number, sent: number): Practice {
  if (pool.length === 0) throw new Error('no practices to choose from');
  const pass = Math.floor(sent / pool.length);
  return pool[passOrder(pool.length, seed, pass)[sent % pool.length]!]!;
}
