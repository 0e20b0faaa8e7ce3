import { randomBytes } from 'node:crypto';
import { ButtonStyle } from 'discord.js';
import type { Clock } from '../clock.js';
import type { ContentLibrary } from '../content/index.js';
import type { View } from '../interactions/presentation.js';
import type { Logger } from '../logger.js';
import type { Ticker, TickerTask } from '../ticker.js';
import { buttonRow } from './views.js';

/** In for 4, out for 6, six times: about a minute. */
export const BREATH_IN_MS = 4000;
export const BREATH_OUT_MS = 6000;
export const ROUNDS = 6;
export const BREATH_MS = BREATH_IN_MS + BREATH_OUT_MS;
/** Phases 0 … 2·ROUNDS−1 alternate in and out; phase 2·ROUNDS is the closing message. */
export const PHASES = ROUNDS * 2;

/** When phase `k` begins, counted from the start of the exercise. */
export function phaseStart(k: number): number {
  return Math.floor(k / 2) * BREATH_MS + (k % 2) * BREATH_IN_MS;
}

/** The phase shown `elapsed` ms after the start (a late tick skips straight to the current one). */
export function phaseAt(elapsed: number): number {
  if (elapsed >= ROUNDS * BREATH_MS) return PHASES;
  const round = Math.floor(Math.max(0, elapsed) / BREATH_MS);
  return round * 2 + (elapsed - round * BREATH_MS >= BREATH_IN_MS ? 1 : 0);
}

export function breathingView(content: ContentLibrary, locale: string, owner: string, sessionId: string, phase: number): View {
  if (phase >= PHASES) {
    return {
      content: content.t(locale, 'breathe.done'),
      components: [
        buttonRow('breathe', owner, [
          { action: 'again', label: content.t(locale, 'breathe.again'), style: ButtonStyle.Primary },
          { action: 'ground', label: content.t(locale, 'breathe.toGrounding'), args: ['0'] },
        ]),
      ],
    };
  }
  const lines = [
    phase === 0 ? content.t(locale, 'breathe.start') : '',
    content.t(locale, phase % 2 === 0 ? 'breathe.in' : 'breathe.out'),
    content.t(locale, 'breathe.round', { n: Math.floor(phase / 2) + 1, total: ROUNDS }),
  ].filter(Boolean);
  return {
    content: lines.join('\n\n'),
    components: [buttonRow('breathe', owner, [{ action: 'stop', label: content.t(locale, 'breathe.stop'), args: [sessionId], style: ButtonStyle.Danger }])],
  };
}

interface Session {
  owner: string;
  locale: string;
  startedAt: number;
  shown: number;
  edit: (view: View) => Promise<unknown>;
  next?: TickerTask;
  inFlight: Promise<unknown>;
}

/**
 * Breathing exercises under way: one entry per open exercise, each moved on by the shared ticker
 * (never a timer of its own). Each phase is one edit of the member's own interaction response, so
 * edits are limited per message by Discord, not by the bot's global limit.
 */
export class BreathingSessions {
  readonly #sessions = new Map<string, Session>();

  constructor(
    private readonly ticker: Ticker,
    private readonly clock: Clock,
    private readonly content: ContentLibrary,
    private readonly logger: Logger,
  ) {}

  /**
   * A new exercise, timed from now, and its first phase for the reply that opens it. It moves on
   * once `start` hands over the way to edit that reply.
   */
  prepare(owner: string, locale: string): { id: string; view: View } {
    const id = randomBytes(9).toString('base64url');
    this.#sessions.set(id, { owner, locale, startedAt: this.clock.now(), shown: 0, edit: async () => undefined, inFlight: Promise.resolve() });
    return { id, view: breathingView(this.content, locale, owner, id, 0) };
  }

  /** Moves the prepared exercise on phase by phase, now that its first phase is on screen. */
  start(id: string, edit: (view: View) => Promise<unknown>): void {
    const session = this.#sessions.get(id);
    if (!session) return;
    session.edit = edit;
    this.#fileNext(id, session);
  }

  /** Stops it; resolves once any edit already on its way has landed, so Stop's own answer is last. */
  async stop(id: string, owner: string): Promise<boolean> {
    const session = this.#sessions.get(id);
    if (!session || session.owner !== owner) return false;
    this.#sessions.delete(id);
    session.next?.cancel();
    await session.inFlight.catch(() => undefined);
    return true;
  }

  get size(): number {
    return this.#sessions.size;
  }

  #fileNext(id: string, session: Session): void {
    session.next = this.ticker.at(session.startedAt + phaseStart(session.shown + 1), () => this.#advance(id, session));
  }

  async #advance(id: string, session: Session): Promise<void> {
    if (this.#sessions.get(id) !== session) return;
    const phase = Math.max(session.shown + 1, phaseAt(this.clock.now() - session.startedAt));
    session.shown = phase;
    if (phase >= PHASES) this.#sessions.delete(id);
    else this.#fileNext(id, session);
    const view = breathingView(this.content, session.locale, session.owner, id, phase);
    session.inFlight = session.edit(view).catch((error: unknown) => {
      // The member may have dismissed the message, or the token ran out: stop quietly.
      this.#sessions.delete(id);
      session.next?.cancel();
      this.logger.warn({ err: error }, 'a breathing phase could not be shown');
    });
    await session.inFlight;
  }
}
