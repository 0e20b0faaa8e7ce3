export interface CooldownOptions {
  periodMs: number;
  clock?: () => number;
  /** Cap on tracked keys; past it the oldest entry is dropped. */
  maxKeys?: number;
}

/**
 * "At most once per period per key", e.g. show crisis lines at most once per 24 h per person.
 *
 * Deliberately memory-only. Persisting it would create a durable record that a given person
 * triggered crisis detection at a given time: sensitive health-adjacent data that server admins,
 * backups or a leaked database could expose, for a benefit that is purely cosmetic. Every way of
 * losing this state (restart, eviction under the key cap) errs in the safe direction: the person
 * may see crisis lines once more, never fewer times.
 */
export class Cooldown {
  private readonly firedAt = new Map<string, number>();
  private readonly periodMs: number;
  private readonly clock: () => number;
  private readonly maxKeys: number;
  private lastSweep: number;

  constructor(options: CooldownOptions) {
    if (!(options.periodMs > 0)) throw new RangeError('periodMs must be positive');
    this.periodMs = options.periodMs;
    this.clock = options.clock ?? Date.now;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.lastSweep = this.clock();
  }

  /** True (and starts the period) if the key has not fired within the last period. */
  tryFire(key: string): boolean {
    const now = this.clock();
    this.sweep(now);
    const last = this.firedAt.get(key);
    // `now < last` means the clock stepped back; fire rather than stay silent for too long.
    if (last !== undefined && now - last < this.periodMs && now >= last) return false;
    this.firedAt.delete(key);
    this.firedAt.set(key, now);
    while (this.firedAt.size > this.maxKeys) {
      this.firedAt.delete(this.firedAt.keys().next().value as string);
    }
    return true;
  }

  get size(): number {
    return this.firedAt.size;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.periodMs) return;
    this.lastSweep = now;
    for (const [key, at] of this.firedAt) {
      if (now - at >= this.periodMs) this.firedAt.delete(key);
    }
  }
}
