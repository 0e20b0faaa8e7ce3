export interface RateLimiterOptions {
  /** Calls allowed per key inside any window of `windowMs`. */
  limit: number;
  windowMs: number;
  clock?: () => number;
  /**
   * Hard cap on tracked keys. Past it the least recently used key is dropped, which can only
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
  private readonly hits = new Map<string, number[]>();
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
    const times = this.hits.get(key) ?? [];
    let kept = 0;
    for (const t of times) if (t > cutoff) times[kept++] = t;
    times.length = kept;

    if (times.length >= this.limit) {
      this.touch(key, times);
      // Clamped so a clock that steps backwards cannot produce an absurd wait.
      const retryAfterMs = Math.min(this.windowMs, Math.max(1, times[0]! + this.windowMs - now));
      return { allowed: false, retryAfterMs };
    }
    times.push(now);
    this.touch(key, times);
    return ALLOWED;
  }

  /** Number of keys currently held in memory. */
  get size(): number {
    return this.hits.size;
  }

  /** Re-inserting keeps Map order = least recently used first, so eviction is O(1). */
  private touch(key: string, times: number[]): void {
    this.hits.delete(key);
    this.hits.set(key, times);
    while (this.hits.size > this.maxKeys) {
      const oldest = this.hits.keys().next().value as string;
      this.hits.delete(oldest);
    }
  }

  /** At most once per window, drop keys whose every call has left the window. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    const cutoff = now - this.windowMs;
    for (const [key, times] of this.hits) {
      if ((times[times.length - 1] ?? -Infinity) <= cutoff) this.hits.delete(key);
    }
  }
}
