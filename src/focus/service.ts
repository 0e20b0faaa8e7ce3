import type { Client } from 'discord.js';
import type { Clock } from '../clock.js';
import type { ContentLibrary } from '../content/index.js';
import type { Logger } from '../logger.js';
import { deliverDm } from '../reminders/deliver.js';
import { NONCE_TRUST_MS, RETRY_MS, refusalReason } from '../reminders/service.js';
import { afterTick, createState, effectiveDue, occurrenceToSend, type Schedule, type ScheduleRule } from '../scheduler/schedule-math.js';
import { SchedulerStopped, type Paced, type ScheduleKind, type Scheduler } from '../scheduler/service.js';
import type { FocusAnswer, FocusChange, FocusQuestion, FocusRecord, Store } from '../store/index.js';
import { FOCUS_MAX_WEEKS } from '../store/focus-record.js';
import { questionMessage } from './views.js';

export const FOCUS_PREFIX = 'f';

export interface WeeklyFocusOptions {
  store: Store;
  content: ContentLibrary;
  client: Client;
  clock: Clock;
  logger: Logger;
  scheduler: Scheduler;
  graceMs: number;
}

/** When the end-of-week question is asked: one weekday at a local time. */
export interface QuestionRule {
  day: number;
  hour: number;
  minute: number;
  timeZone: string;
}

type Change = (current: FocusRecord | undefined) => FocusRecord | undefined;

function asSchedule(q: FocusQuestion): Schedule {
  return {
    hour: q.hour,
    minute: q.minute,
    days: 1 << q.day,
    timeZone: q.timeZone,
    nextDueUtc: q.nextDueUtc,
    lastSentOccurrence: q.lastSentOccurrence,
    pausedUntil: null,
    snoozedUntil: null,
  };
}

/** When the due index should look at a record again; null when no question will be sent. */
export function questionDue(r: FocusRecord | undefined): number | null {
  const q = r?.question;
  if (!q || q.pausedReason !== null) return null;
  return q.sending ? Math.min(q.sending.at, effectiveDue(q)) : effectiveDue(q);
}

/** The nonce for one week's question, so a resend after a crash is de-duplicated by Discord (at most 25 characters). */
export function questionNonce(userId: string, occurrence: number): string {
  return `f${BigInt(userId).toString(36)}.${occurrence.toString(36)}`;
}

/**
 * The weekly focus: one small change a week, and a question at the end of it, as the scheduler's `f`
 * kind. Durable like reminders (the record says when; the index is a hint), exactly once (an occurrence
 * is claimed before it is sent and only resent while Discord still de-duplicates its nonce), DST-correct
 * (the schedule math of reminders) and paused when Discord refuses the DM.
 */
export class WeeklyFocus implements ScheduleKind {
  readonly prefix = FOCUS_PREFIX;
  /** Members with a question waiting to be asked after their next command (DMs were closed). */
  readonly #notices = new Set<string>();

  constructor(private readonly o: WeeklyFocusOptions) {}

  get(userId: string): Promise<FocusRecord | undefined> {
    return this.o.store.focus.get(userId);
  }

  /** Read-modify-write under the member's lock, re-filing the due index inside it. */
  change(userId: string, change: Change): Promise<FocusRecord | undefined> {
    return this.o.store.focus.update(userId, (current) => {
      const next = change(current);
      this.o.scheduler.file(FOCUS_PREFIX, userId, questionDue(next));
      if (next?.question?.noticePending) this.#notices.add(userId);
      else this.#notices.delete(userId);
      return next;
    });
  }

  /** The question a `/focus set` with this rule would schedule (also used to say when it comes). */
  plannedQuestion(rule: QuestionRule, locale: string, dmChannelId: string, nowUtc: number): FocusQuestion {
    const state = createState(this.#rule(rule), nowUtc);
    return {
      ...rule,
      locale,
      dmChannelId,
      nextDueUtc: state.nextDueUtc,
      lastSentOccurrence: null,
      pausedReason: null,
      pausedAt: null,
      noticePending: false,
      sending: null,
    };
  }

  /** This week's change and when to ask about it; the weeks so far stay. */
  set(userId: string, change: FocusChange, question: FocusQuestion): Promise<FocusRecord | undefined> {
    return this.change(userId, (current) => ({ change, question, weeks: current?.weeks ?? [] }));
  }

  /** Keeps the same change for another week (the end-of-week question's "Keep it"). */
  keep(userId: string): Promise<FocusRecord | undefined> {
    const now = this.o.clock.now();
    return this.change(userId, (r) => (r?.change ? { ...r, change: { ...r.change, since: now } } : r));
  }

  /** A new change from the end-of-week question's "Pick the next"; the question keeps its day and time. */
  replace(userId: string, change: FocusChange): Promise<FocusRecord | undefined> {
    return this.change(userId, (r) => r && { ...r, change });
  }

  /** `/focus off`: no change and no question; the weeks stay for `/focus history` until `/privacy delete`. */
  async off(userId: string): Promise<boolean> {
    let existed = false;
    await this.change(userId, (r) => {
      existed = Boolean(r?.change || r?.question);
      if (!r) return r;
      return r.weeks.length ? { ...r, change: null, question: null } : undefined;
    });
    return existed;
  }

  /** `/reminders off` and Stop: no more end-of-week DMs; the change itself stays. */
  async stopQuestion(userId: string): Promise<boolean> {
    let stopped = false;
    await this.change(userId, (r) => {
      if (!r?.question) return r;
      stopped = true;
      return { ...r, question: null };
    });
    return stopped;
  }

  /** Saves the answer for the week named by its question's occurrence; false when that week is unknown. */
  async answer(userId: string, occurrence: number, answer: FocusAnswer): Promise<boolean> {
    let saved = false;
    await this.change(userId, (r) => {
      const index = r?.weeks.findIndex((w) => w.at === occurrence) ?? -1;
      if (!r || index < 0) return r;
      saved = true;
      const weeks = r.weeks.map((w, i) => (i === index ? { ...w, answer } : w));
      return { ...r, weeks };
    });
    return saved;
  }

  /** Whether a question waits to be asked after this member's next command (a set lookup, no store read). */
  hasNotice(userId: string): boolean {
    return this.#notices.has(userId);
  }

  /** The week whose question could not be delivered, to ask after the member's next command; once. */
  async takeNotice(userId: string): Promise<{ occurrence: number; record: FocusRecord } | null> {
    if (!this.#notices.has(userId)) return null;
    let found: { occurrence: number; record: FocusRecord } | null = null;
    await this.change(userId, (r) => {
      if (!r?.question?.noticePending) return r;
      const week = r.weeks.at(-1);
      const next = { ...r, question: { ...r.question, noticePending: false } };
      if (week && week.answer === null) found = { occurrence: week.at, record: next };
      return next;
    });
    return found;
  }

  /** `/privacy delete`: the record goes through `change`, so the due index and pending notices forget it with it. */
  async remove(userId: string): Promise<void> {
    await this.change(userId, () => undefined);
  }

  // ---- the scheduler's kind -------------------------------------------------------------------

  async load(found: (userId: string, dueUtc: number | null) => void): Promise<void> {
    for await (const [userId, r] of this.o.store.focus.entries()) {
      if (r.question?.noticePending) this.#notices.add(userId);
      found(userId, questionDue(r));
    }
  }

  async run(userId: string, nowUtc: number, paced: Paced): Promise<void> {
    const claimed = await this.#claim(userId, nowUtc);
    if (!claimed) return;
    const { record, occurrence } = claimed;
    const q = record.question!;
    const week = record.weeks.find((w) => w.at === occurrence);
    const body = {
      ...questionMessage(this.o.content, q.locale, userId, occurrence, week?.change ?? record.change),
      nonce: questionNonce(userId, occurrence),
      enforce_nonce: true,
    };
    try {
      // Checked again at the last moment, under the lock: the member may have turned the focus off while this waited.
      const outcome = await deliverDm(this.o.client, paced, {
        consent: this.o.store.focus,
        userId,
        stillWanted: (cur) => cur.question?.sending?.occurrence === occurrence && !cur.question.pausedReason,
        channelOf: (cur) => cur.question!.dmChannelId,
        body,
      });
      if (!outcome.sent) {
        await this.change(userId, (cur) =>
          cur?.question?.sending?.occurrence === occurrence ? { ...cur, question: { ...cur.question, sending: null } } : cur,
        );
        return;
      }
    } catch (error) {
      if (error instanceof SchedulerStopped) throw error;
      const reason = refusalReason(error);
      if (reason) {
        this.o.logger.info({ reason }, 'end-of-week question refused by Discord; asked after the next command instead');
        await this.change(userId, (cur) =>
          cur?.question
            ? { ...cur, question: { ...cur.question, pausedReason: reason, pausedAt: this.o.clock.now(), noticePending: true, sending: null } }
            : cur,
        );
        return;
      }
      this.o.logger.warn({ err: error }, 'end-of-week question failed; trying again while Discord still knows its nonce');
      this.o.scheduler.file(FOCUS_PREFIX, userId, this.o.clock.now() + RETRY_MS);
      return;
    }
    await this.change(userId, (cur) => (cur?.question?.sending?.occurrence === occurrence ? { ...cur, question: { ...cur.question, sending: null } } : cur));
  }

  /**
   * Under the lock: the occurrence to ask about, claimed (the week is recorded and the schedule moves
   * on) before anything is sent, so a crash can never ask twice. An interrupted attempt is resent
   * only while Discord still de-duplicates its nonce.
   */
  async #claim(userId: string, nowUtc: number): Promise<{ record: FocusRecord; occurrence: number } | null> {
    let claimed: { record: FocusRecord; occurrence: number } | null = null;
    const now = this.o.clock.now();
    await this.change(userId, (r) => {
      const q = r?.question;
      if (!r || !q || q.pausedReason !== null) return r;
      if (q.sending) {
        if (now - q.sending.at <= NONCE_TRUST_MS) {
          claimed = { record: r, occurrence: q.sending.occurrence };
          return r;
        }
        this.o.logger.warn('an interrupted end-of-week question may have reached the member and its nonce has expired; counting it as sent');
        return { ...r, question: { ...q, sending: null } };
      }
      const schedule = asSchedule(q);
      const occurrence = occurrenceToSend(schedule, q.lastSentOccurrence, nowUtc, this.o.graceMs);
      const after = afterTick(schedule, occurrence, nowUtc);
      const moved: FocusQuestion = { ...q, nextDueUtc: after.nextDueUtc, lastSentOccurrence: after.lastSentOccurrence };
      if (occurrence === null || !r.change) return { ...r, question: moved };
      const weeks = [...r.weeks, { at: occurrence, change: r.change, answer: null }].slice(-FOCUS_MAX_WEEKS);
      const record: FocusRecord = { ...r, weeks, question: { ...moved, sending: { occurrence, at: now } } };
      claimed = { record, occurrence };
      return record;
    });
    return claimed;
  }

  #rule(rule: QuestionRule): ScheduleRule {
    return { hour: rule.hour, minute: rule.minute, days: 1 << rule.day, timeZone: rule.timeZone };
  }
}
