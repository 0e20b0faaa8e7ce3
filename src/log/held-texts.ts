import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { LogEntry } from '../store/index.js';

/** As long as the "Save to my log" button can be pressed: Discord's interaction token lives 15 minutes. */
export const HOLD_MS = 15 * 60_000;

export type HeldEntry = Omit<LogEntry, 'id' | 'at'>;

interface Held {
  userId: string;
  entry: HeldEntry;
  heldAt: number;
}

/**
 * What a member typed into a writing exercise, kept in memory only, so "Save to my log" can save it
 * if (and only if) they press it within 15 minutes. Never written anywhere; gone on restart.
 */
export class HeldTexts {
  readonly #held = new Map<string, Held>();

  constructor(private readonly clock: Clock) {}

  /** Holds the text for this member; the key goes into the button's custom_id. */
  hold(userId: string, entry: HeldEntry): string {
    this.#sweep();
    const key = randomBytes(6).toString('hex');
    this.#held.set(key, { userId, entry, heldAt: this.clock.now() });
    return key;
  }

  /** The held text, removed on reading; undefined when expired, unknown, or someone else's. */
  take(userId: string, key: string): HeldEntry | undefined {
    this.#sweep();
    const held = this.#held.get(key);
    if (!held || held.userId !== userId) return undefined;
    this.#held.delete(key);
    return held.entry;
  }

  /** Forgets everything held for a member (on /privacy delete). */
  forget(userId: string): void {
    for (const [key, held] of this.#held) if (held.userId === userId) this.#held.delete(key);
  }

  get size(): number {
    this.#sweep();
    return this.#held.size;
  }

  #sweep(): void {
    const oldest = this.clock.now() - HOLD_MS;
    // Insertion order is time order, so the expired ones are at the front.
    for (const [key, held] of this.#held) {
      if (held.heldAt >= oldest) break;
      this.#held.delete(key);
    }
  }
}
