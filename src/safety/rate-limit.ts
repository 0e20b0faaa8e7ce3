export interface RateLimiterOptions {
  /** Calls allowed per key inside any window of `windowMs`. */
  limit: number;
  windowMs: number;
  clock?: () => number;
  /**
   * Hard cap on tracked keys. Past it the least recently used key is dropped (found lazily), which can only
   * make the limiter more lenient for that key, never lock someone out.
   */
  maxKeys?: number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** 0 when allowed; otherwise how long until the oldest call leaves the window. */
  retryAfterMs: number;
}

const ALLOWED: RateLimitResult = Object.freeze({ allowed: true, retryAfterMs: 0 });

/**
 * Sliding-window log: exact (no burst at window edges like fixed windows) and cheap because
 * each key holds at most `limit` timestamps. Refused calls are not recorded, so hammering the
 * button does not push the retry time further out.
 */
export class RateLimiter {
  /** Map order is the order keys were last placed; `used` and `placed` count calls, for the lazy LRU below. */
  private readonly hits = new Map<string, { times: number[]; used: number; placed: number }>();
  private calls = 0;
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly clock: () => number;
  private readonly maxKeys: number;
  private lastSweep: number;

  constructor(options: RateLimiterOptions) {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new RangeError('limit must be a positive integer');
    if (!(options.windowMs > 0)) throw new RangeError('windowMs must be positive');
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.clock = options.clock ?? Date.now;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.lastSweep = this.clock();
  }

  take(key: string): RateLimitResult {
    const now = this.clock();
    this.sweep(now);
    const cutoff = now - this.windowMs;
    // Trimmed in place: this runs before every command and button press, so it allocates nothing
    // once a member has an entry (the array never holds more than `limit` times).
    let entry = this.hits.get(key);
    if (!entry) {
      entry = { times: [], used: 0, placed: this.calls + 1 };
      this.hits.set(key, entry);
    }
    entry.used = ++this.calls;
    const { times } = entry;
    let kept = 0;
    for (const t of times) if (t > cutoff) times[kept++] = t;
    times.length = kept;

    if (times.length >= this.limit) {
      this.evictOverflow(key);
      // Clamped so a clock that steps backwards cannot produce an absurd wait.
      const retryAfterMs = Math.min(this.windowMs, Math.max(1, times[0]! + this.windowMs - now));
      return { allowed: false, retryAfterMs };
    }
    times.push(now);
    this.evictOverflow(key);
    return ALLOWED;
  }

  /** Number of keys currently held in memory. */
  get size(): number {
    return this.hits.size;
  }

  /**
   * Past `maxKeys`, drops keys from the front of the Map, giving a key used since it was placed (and the
   * one being taken) another turn at the back: the least recently used go first, found lazily rather than
   * by moving a key on every call (V8 makes a delete-and-set on a Map of 10k keys cost tens of
   * microseconds, and this runs before every command).
   */
  private evictOverflow(current: string): void {
    if (this.hits.size <= this.maxKeys) return;
    // A sixteenth at a time: one pass of one iterator, instead of a fresh iterator (which walks past
    // every slot deleted at the front of V8's table) for each key.
    const target = this.maxKeys - (this.maxKeys >> 4);
    // Each key gets at most one more turn per pass, so this ends even with every key just used.
    let turns = this.hits.size;
    for (const [key, entry] of this.hits) {
      if (this.hits.size <= target) break;
      this.hits.delete(key);
      if (turns-- > 0 && (entry.used !== entry.placed || key === current)) {
        entry.placed = entry.used;
        this.hits.set(key, entry);
      }
    }
  }

  /** At most once per window, drop keys whose every call has left the window. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    const cutoff = now - this.windowMs;
    for (const [key, { times }] of this.hits) {
      if ((times[times.length - 1] ?? -Infinity) <= cutoff) this.hits.delete(key);
    }
  }
}
