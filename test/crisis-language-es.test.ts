import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectCrisisLanguage } from '../src/crisis/language.js';

interface Case {
  text: string;
  risk: boolean;
}

const load = (part: string): Case[] =>
  (JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', `crisis-phrases-es-${part}.json`), 'utf8')) as { cases: Case[] }).cases;

/** Recall over the risk cases and false-positive rate over the others, with the cases that missed. */
function score(cases: Case[]) {
  const risky = cases.filter((c) => c.risk);
  const safe = cases.filter((c) => !c.risk);
  const missed = risky.filter((c) => !detectCrisisLanguage(c.text).matched).map((c) => c.text);
  const falseAlarms = safe.filter((c) => detectCrisisLanguage(c.text).matched).map((c) => c.text);
  return {
    recall: (risky.length - missed.length) / risky.length,
    falsePositiveRate: falseAlarms.length / safe.length,
    missed,
    falseAlarms,
    risky: risky.length,
    safe: safe.length,
  };
}

describe('crisis language in Spanish', () => {
  // The held-out part was written before the Spanish rules and is only ever scored, never tuned on.
  it.each(['tuning', 'held-out'])('%s part: recall at least 95 percent, false positives at most 10 percent', (part) => {
    const result = score(load(part));
    console.log(
      `Spanish ${part}: recall ${(result.recall * 100).toFixed(1)} % of ${result.risky}, false positives ${(result.falsePositiveRate * 100).toFixed(1)} % of ${result.safe}`,
    );
    expect(result.missed).toEqual([]);
    expect(result.recall).toBeGreaterThanOrEqual(0.95);
    expect(result.falsePositiveRate).toBeLessThanOrEqual(0.1);
  });

  it('has at least 60 labelled phrases, about half of them risk', () => {
    const all = [...load('tuning'), ...load('held-out')];
    expect(all.length).toBeGreaterThanOrEqual(60);
    const share = all.filter((c) => c.risk).length / all.length;
    expect(share).toBeGreaterThan(0.35);
    expect(share).toBeLessThan(0.65);
  });

  it('reports which rule fired, never the text', () => {
    const hit = detectCrisisLanguage('Ya no quiero vivir');
    expect(hit).toEqual({ matched: true, reason: 'es-no-quiero-vivir' });
  });
});
