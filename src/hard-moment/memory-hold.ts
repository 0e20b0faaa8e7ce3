import { randomBytes } from 'node:crypto';
import type { Ticker, TickerTask } from '../ticker.js';

interface Held<T> {
  owner: string;
  value: T;
  expiry: TickerTask;
}

/**
 * Things a member is in the middle of (a /pause draft, a thought record between its forms), held
 * in memory only and dropped after `ttlMs` on the bot's clock or when the bot restarts. Ids are
 * random, so a button cannot name someone else's item, and every read checks the owner too.
 */
export class MemoryHold<T> {
  readonly #items = new Map<string, Held<T>>();

  constructor(
    private readonly ticker: Ticker,
    private readonly ttlMs: number,
    /** A cap so a flood cannot grow memory without bound; the oldest item goes first. */
    private readonly max = 10_000,
  ) {}

  /** Holds `value` for `owner`; returns its id (safe inside a custom_id). */
  put(owner: string, value: T): string {
    const id = randomBytes(9).toString('base64url');
    const expiry = this.ticker.after(this.ttlMs, () => void this.#items.delete(id));
    this.#items.set(id, { owner, value, expiry });
    while (this.#items.size > this.max) this.delete(this.#items.keys().next().value as string);
    return id;
  }

  get(id: string, owner: string): T | undefined {
    const held = this.#items.get(id);
    return held && held.owner === owner ? held.value : undefined;
  }

  /** Replaces the value (same owner, same expiry); false if it is gone. */
  set(id: string, owner: string, value: T): boolean {
    const held = this.#items.get(id);
    if (!held || held.owner !== owner) return false;
    held.value = value;
    return true;
  }

  /** Starts its time again from now, e.g. once a held draft has been brought back to the member. */
  touch(id: string): void {
    const held = this.#items.get(id);
    if (!held) return;
    held.expiry.cancel();
    held.expiry = this.ticker.after(this.ttlMs, () => void this.#items.delete(id));
  }

  /** Removes and returns it: for a choice that can be made once. */
  take(id: string, owner: string): T | undefined {
    const value = this.get(id, owner);
    if (value !== undefined) this.delete(id);
    return value;
  }

  delete(id: string): void {
    this.#items.get(id)?.expiry.cancel();
    this.#items.delete(id);
  }

  get size(): number {
    return this.#items.size;
  }
}
