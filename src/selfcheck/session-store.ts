import type { RelationshipId } from '../content/selfcheck-schema.js';
import { isExpired, start, type SelfcheckSession } from './session.js';

/**
 * Open /selfcheck runs, in memory only: answers never reach the database unless the member saves
 * the result, and a restart forgets them (the 15-minute window makes that an acceptable loss).
 * One open run per member; starting again replaces the old one.
 */

/** A run in progress plus what the pure session state does not track. */
export interface OpenRun {
  session: SelfcheckSession;
  /** The member's Discord locale when they started, so every step reads in one language. */
  locale: string;
  /** Set once the optional feeling question was answered or skipped (a skip leaves `feeling` null). */
  feelingDone: boolean;
  /** Whom the member chose to reflect on; undefined until they pick. Kept only with a saved result. */
  about?: RelationshipId | undefined;
}

/** How a run that is no longer open ended; kept without any answers, only to answer late presses well. */
export type EndReason = 'expired' | 'replaced' | 'cancelled' | 'done' | 'saved';

export type Lookup = { kind: 'open'; run: OpenRun } | { kind: 'ended'; reason: EndReason } | { kind: 'unknown' };

/** Enough for a busy server; past it the oldest run is closed rather than memory growing without bound. */
export const MAX_OPEN_RUNS = 5_000;
const MAX_ENDED = 20_000;
/** Long enough to tell "timed out" from "never heard of it" for a member coming back to an old message. */
const ENDED_TTL_MS = 24 * 60 * 60 * 1000;

export class SelfcheckSessions {
  /** Insertion order is start order (a restart re-inserts), so expired runs sit at the front. */
  readonly #open = new Map<string, OpenRun>();
  readonly #ended = new Map<string, { reason: EndReason; at: number }>();

  constructor(
    private readonly now: () => number,
    private readonly maxOpen = MAX_OPEN_RUNS,
  ) {}

  begin(userId: string, locale: string, statementIds: readonly string[]): OpenRun {
    this.#sweep();
    const previous = this.#open.get(userId);
    if (previous) this.#end(userId, previous, 'replaced');
    while (this.#open.size >= this.maxOpen) {
      const [oldestUser, oldest] = this.#open.entries().next().value!;
      this.#end(oldestUser, oldest, 'expired');
    }
    const run: OpenRun = { session: start(userId, this.now(), statementIds), locale, feelingDone: false };
    this.#open.set(userId, run);
    return run;
  }

  lookup(userId: string, sessionId: string): Lookup {
    this.#sweep();
    const run = this.#open.get(userId);
    if (run?.session.id === sessionId) {
      if (!isExpired(run.session, this.now())) return { kind: 'open', run };
      // Only reachable if the clock stepped back and broke the sweep's ordering; still honour the limit.
      this.#end(userId, run, 'expired');
      return { kind: 'ended', reason: 'expired' };
    }
    const ended = this.#ended.get(sessionId);
    return ended ? { kind: 'ended', reason: ended.reason } : { kind: 'unknown' };
  }

  /** Replaces the run's state, unless it was ended or replaced meanwhile. */
  update(run: OpenRun, change: Partial<OpenRun>): OpenRun | undefined {
    const current = this.#open.get(run.session.userId);
    if (current?.session.id !== run.session.id) return undefined;
    const next = { ...current, ...change };
    this.#open.set(run.session.userId, next);
    return next;
  }

  /** Drops the answers; returns false when the run was not open (a double press). */
  finish(userId: string, sessionId: string, reason: EndReason): boolean {
    const run = this.#open.get(userId);
    if (run?.session.id !== sessionId) return false;
    this.#end(userId, run, reason);
    return true;
  }

  /** Puts a finished run back, for when saving it failed and the member should be able to retry. */
  reopen(run: OpenRun): void {
    if (this.#open.has(run.session.userId)) return;
    this.#ended.delete(run.session.id);
    this.#open.set(run.session.userId, run);
  }

  #end(userId: string, run: OpenRun, reason: EndReason): void {
    this.#open.delete(userId);
    this.#ended.set(run.session.id, { reason, at: this.now() });
    if (this.#ended.size > MAX_ENDED) this.#ended.delete(this.#ended.keys().next().value!);
  }

  #sweep(): void {
    const now = this.now();
    for (const [userId, run] of this.#open) {
      if (!isExpired(run.session, now)) break;
      this.#end(userId, run, 'expired');
    }
    for (const [sessionId, ended] of this.#ended) {
      if (now - ended.at < ENDED_TTL_MS) break;
      this.#ended.delete(sessionId);
    }
  }
}
