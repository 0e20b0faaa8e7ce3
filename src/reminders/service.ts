import { randomInt } from 'node:crypto';
import { DiscordAPIError, RESTJSONErrorCodes, Routes, type Client } from 'discord.js';
import type { Clock } from '../clock.js';
import type { ContentLibrary } from '../content/index.js';
import type { Logger } from '../logger.js';
import type { BotMetrics } from '../health/metrics.js';
import {
  HOUR_MS,
  afterTick,
  changeRule,
  createState,
  occurrenceToSend,
  pauseFor,
  resume,
  snoozeFor,
  snoozeUntilTomorrow,
  type Schedule,
  type ScheduleRule,
} from '../scheduler/schedule-math.js';
import { SchedulerStopped, type Paced, type ScheduleKind, type Scheduler } from '../scheduler/service.js';
import { DUE_INDEX_SNAPSHOT, type ReminderRecord, type Store, type UpdateOptions } from '../store/index.js';
import { nonceFor, occurrenceKey, reminderMessage, textMessage, testKey } from './dm.js';
import { weekOf } from './format.js';
import { MIXED, pickPractice, practicePool, type Practice } from './practices.js';
import { deliverDm } from './deliver.js';
import { changeAsPractice, WEEKLY_FOCUS } from '../focus/change-text.js';
import { dueOf, reminderDueProjection } from './due-projection.js';

export type PausedReason = NonNullable<ReminderRecord['pausedReason']>;

interface DueSnapshot {
  v: 1;
  entries: [userId: string, dueUtc: number][];
  /** Members with a notice still to be told. */
  notices: string[];
}

export const REMINDER_PREFIX = 'r';

/** Stop-snapshot entries filed per turn of the event loop at start (a few ms each). */
const SNAPSHOT_SLICE = 5000;

/**
 * How long after an attempt a resend is still safe. Discord de-duplicates `enforce_nonce` sends for
 * "a few minutes"; past this, an attempt that may have gone through is counted as sent rather than
 * risk a second DM (a crash then costs one reminder instead of doubling one).
 */
export const NONCE_TRUST_MS = 2 * 60_000;

/** A send that failed for a passing reason (5xx, network) is tried again this much later, within grace. */
export const RETRY_MS = 60_000;

export interface RemindersOptions {
  store: Store;
  content: ContentLibrary;
  client: Client;
  clock: Clock;
  logger: Logger;
  scheduler: Scheduler;
  graceMs: number;
  metrics?: BotMetrics;
}

/** A reminder sent more than this after its time counts as late in the metrics. */
const LATE_MS = 60_000;

export interface ScheduleInput {
  rule: ScheduleRule;
  focus: string;
  /** Leave out partner-only practices. */
  skipPartner: boolean;
  locale: string;
}

/** Discord's answers that mean "this member cannot get DMs from us": retrying would not help. */
export function refusalReason(error: unknown): PausedReason | null {
  if (!(error instanceof DiscordAPIError)) return null;
  if (error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) return 'dm-refused';
  if (error.code === RESTJSONErrorCodes.UnknownUser) return 'unknown-user';
  if (error.code === RESTJSONErrorCodes.UnknownChannel) return 'unknown-channel';
  return null;
}

/**
 * Whether the reminder claimed for `occurrence` should still go out: reminders on, not stopped by Discord,
 * not paused or snoozed since, and the claim still standing.
 */
export function stillWanted(r: ReminderRecord, occurrence: number, nowUtc: number): boolean {
  if (r.pausedReason !== null || r.sending?.occurrence !== occurrence) return false;
  if (r.pausedUntil !== null && r.pausedUntil > nowUtc) return false;
  return !(r.snoozedUntil !== null && r.snoozedUntil > nowUtc);
}

type Change = (current: ReminderRecord | undefined) => ReminderRecord | undefined;

/** The record with the schedule state the schedule math computed (which leaves pause and snooze optional). */
function withState(r: ReminderRecord, s: Schedule): ReminderRecord {
  return { ...r, nextDueUtc: s.nextDueUtc, lastSentOccurrence: s.lastSentOccurrence, pausedUntil: s.pausedUntil ?? null, snoozedUntil: s.snoozedUntil ?? null };
}

/**
 * Reminder DMs: the records, every change to them, and delivery as the scheduler's `r` kind.
 * Every write, including /privacy delete and the retention sweep, comes through `change`: the
 * repository's own atomic update, which re-files the due index inside the member's lock, so the
 * index always reflects the latest write even when a send, a button press and a deletion overlap.
 */
export class Reminders implements ScheduleKind {
  readonly prefix = REMINDER_PREFIX;
  /** Members with an unread notice, so the per-command check costs no store read for everyone else. */
  readonly #notices = new Set<string>();
  constructor(private readonly o: RemindersOptions) {}

  get(userId: string): Promise<ReminderRecord | undefined> {
    return this.o.store.reminders.get(userId);
  }

  /**
   * Read-modify-write under the member's lock; returning the same object writes nothing. `fromStore`
   * reads the record from the store itself rather than from memory (the consent check before a send).
   */
  change(userId: string, change: Change, options: UpdateOptions = {}): Promise<ReminderRecord | undefined> {
    return this.#update(userId, change, options);
  }

  #update(userId: string, change: Change, options: UpdateOptions): Promise<ReminderRecord | undefined> {
    return this.o.store.reminders.update(
      userId,
      (current) => {
        const next = change(current);
        this.o.scheduler.file(REMINDER_PREFIX, userId, dueOf(next));
        if (next?.noticePending) this.#notices.add(userId);
        else this.#notices.delete(userId);
        return next;
      },
      options,
    );
  }

  /** The record a `/reminders set` would save (also used to tell the member when the first one comes). */
  planned(current: ReminderRecord | undefined, input: ScheduleInput, dmChannelId: string, nowUtc: number): ReminderRecord {
    const { rule, focus, skipPartner, locale } = input;
    // A different pool of practices starts a fresh rotation.
    const sameFocus = current?.focus === focus && current.skipPartner === skipPartner;
    // A new schedule starts afresh (no pause or snooze left over); what was sent stays sent.
    const state = current ? changeRule({ ...current, pausedUntil: null, snoozedUntil: null }, rule, nowUtc) : createState(rule, nowUtc);
    return {
      ...rule,
      nextDueUtc: state.nextDueUtc,
      lastSentOccurrence: state.lastSentOccurrence,
      pausedUntil: null,
      snoozedUntil: null,
      focus,
      skipPartner,
      locale,
      dmChannelId,
      pausedReason: null,
      pausedAt: null,
      noticePending: false,
      rotationSeed: current && sameFocus ? current.rotationSeed : randomInt(2 ** 31),
      practicesSent: current && sameFocus ? current.practicesSent : 0,
      doneWeek: current?.doneWeek ?? null,
      doneCount: current?.doneCount ?? 0,
      lastDoneKey: current?.lastDoneKey ?? null,
      sending: current?.sending ?? null,
    };
  }

  save(userId: string, input: ScheduleInput, dmChannelId: string): Promise<ReminderRecord> {
    const now = this.o.clock.now();
    return this.change(userId, (current) => this.planned(current, input, dmChannelId, now)) as Promise<ReminderRecord>;
  }

  /** Puts back a record as it was (or none), e.g. when a new schedule could not be confirmed. */
  restore(userId: string, previous: ReminderRecord | undefined): Promise<ReminderRecord | undefined> {
    return this.change(userId, () => previous);
  }

  pause(userId: string, days: number): Promise<ReminderRecord | undefined> {
    const now = this.o.clock.now();
    return this.change(userId, (r) => r && withState(r, pauseFor(r, days, now)));
  }

  /** Ends a pause, including one Discord caused; a refused DM will be tried again at the next occurrence. */
  resume(userId: string, dmChannelId?: string): Promise<ReminderRecord | undefined> {
    const now = this.o.clock.now();
    return this.change(
      userId,
      (r) => r && { ...withState(r, resume(r, now)), pausedReason: null, pausedAt: null, noticePending: false, dmChannelId: dmChannelId ?? r.dmChannelId },
    );
  }

  snoozeHour(userId: string): Promise<ReminderRecord | undefined> {
    const now = this.o.clock.now();
    return this.change(userId, (r) => r && withState(r, snoozeFor(r, HOUR_MS, now)));
  }

  snoozeUntilTomorrow(userId: string): Promise<ReminderRecord | undefined> {
    const now = this.o.clock.now();
    return this.change(userId, (r) => r && withState(r, snoozeUntilTomorrow(r, now)));
  }

  async remove(userId: string): Promise<boolean> {
    let existed = false;
    await this.change(userId, (r) => {
      existed = r !== undefined;
      return undefined;
    });
    return existed;
  }

  /** Removes every schedule Discord paused by a refusal at or before `cutoff`; returns how many went. */
  async removeRefusedBefore(cutoff: number): Promise<number> {
    const refusedBefore = (r: ReminderRecord | undefined) => r !== undefined && r.pausedReason !== null && r.pausedAt !== null && r.pausedAt <= cutoff;
    let removed = 0;
    for await (const [userId, record] of this.o.store.reminders.entries()) {
      if (!refusedBefore(record)) continue;
      await this.change(userId, (current) => {
        if (!refusedBefore(current)) return current;
        removed++;
        return undefined;
      });
    }
    return removed;
  }

  /** Counts a practice as done, once per reminder; undefined when reminders are off. */
  markDone(userId: string, key: string): Promise<ReminderRecord | undefined> {
    const now = this.o.clock.now();
    return this.change(userId, (r) => {
      if (!r || r.lastDoneKey === key) return r;
      const week = weekOf(r.timeZone, now);
      return { ...r, doneWeek: week, doneCount: (r.doneWeek === week ? r.doneCount : 0) + 1, lastDoneKey: key };
    });
  }

  /** Whether the member may have a notice waiting: a set lookup on the scheduler's process, no store read. */
  hasNotice(userId: string): boolean {
    // A standby shard process hears of no refusal (only the scheduler's process sends), so there the store is asked.
    return this.#notices.has(userId) || !this.o.scheduler.active;
  }

  /** The reason to tell the member about, once; null for nearly everyone, without a store read on the scheduler's process. */
  async takeNotice(userId: string): Promise<PausedReason | null> {
    // The scheduler's process learns of every refusal (it sends, and rebuilds from the store); a standby
    // shard process does not, so there one read follows the command, after the member has their answer.
    if (!this.#notices.has(userId) && this.o.scheduler.active) return null;
    let reason: PausedReason | null = null;
    await this.change(userId, (r) => {
      if (!r?.noticePending) return r;
      reason = r.pausedReason;
      return { ...r, noticePending: false };
    });
    return reason;
  }

  /** POST /users/@me/channels: creates or returns the DM channel; its id is kept so each reminder is one request. */
  async openDm(userId: string): Promise<string> {
    const channel = (await this.o.client.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
    return channel.id;
  }

  /** A confirmation or notice, sent at once (an interaction is waiting on it, so not through the paced queue). */
  async sendText(channelId: string, text: string): Promise<void> {
    await this.o.client.rest.post(Routes.channelMessages(channelId), { body: textMessage(text) });
  }

  /** `/reminders test`: the next practice in the rotation, now, with working buttons. */
  async sendTest(userId: string, locale: string): Promise<void> {
    const { content, clock } = this.o;
    const record = await this.get(userId);
    const channelId = record?.dmChannelId ?? (await this.openDm(userId));
    const pool = practicePool(content.for(locale).strategies, record?.focus ?? MIXED, record?.skipPartner);
    const practice =
      (record?.focus === WEEKLY_FOCUS ? await this.#weeklyFocus(userId, locale) : undefined) ??
      pickPractice(pool, record?.rotationSeed ?? randomInt(2 ** 31), record?.practicesSent ?? 0);
    const body = reminderMessage(content, locale, userId, testKey(clock.now()), practice);
    await this.o.client.rest.post(Routes.channelMessages(channelId), { body });
    if (record) await this.change(userId, (r) => r && { ...r, practicesSent: r.practicesSent + 1 });
  }

  // ---- the scheduler's kind -------------------------------------------------------------------

  async load(found: (userId: string, dueUtc: number | null) => void): Promise<void> {
    const snapshot = await this.#takeSnapshot();
    if (snapshot) {
      for (const userId of snapshot.notices) this.#notices.add(userId);
      // Filed in slices with a turn of the event loop between them: a restart loads the snapshot right
      // after READY, and 100k entries in one go held up the first command for about 0.1 s. What is
      // written meanwhile files itself and wins (Scheduler.rebuild), as during a scan.
      const { entries } = snapshot;
      for (let i = 0; i < entries.length; i++) {
        if (i > 0 && i % SNAPSHOT_SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
        const [userId, due] = entries[i]!;
        found(userId, due);
      }
      this.o.logger.info({ entries: entries.length }, 'due index taken from the stop snapshot');
      return;
    }
    // Decrypted in worker threads where the store can (most of a cold start's CPU), else here.
    await this.o.store.reminders.scanProjected(reminderDueProjection, (userId, [due, noticePending]) => {
      if (noticePending) this.#notices.add(userId);
      found(userId, due);
    });
  }

  /**
   * On a graceful stop, after the scheduler stopped: the due index and the pending notices, encrypted
   * beside the database, so the next start need not decrypt every schedule. Written only when no change
   * is under way, and dropped again if one started meanwhile. False when nothing was written.
   */
  async saveSnapshot(): Promise<boolean> {
    const snapshots = this.o.store.stopSnapshots;
    if (!snapshots) return false;
    return snapshots.write(DUE_INDEX_SNAPSHOT, () => {
      const entries = this.o.scheduler.snapshot(REMINDER_PREFIX);
      if (!entries) return null;
      const data: DueSnapshot = { v: 1, entries, notices: [...this.#notices] };
      return JSON.stringify(data);
    });
  }

  /** The stop snapshot if it still vouches for the store; taken once, so it can never vouch again. */
  async #takeSnapshot(): Promise<DueSnapshot | undefined> {
    const text = await this.o.store.stopSnapshots?.take(DUE_INDEX_SNAPSHOT);
    if (text === undefined) return undefined;
    try {
      const data = JSON.parse(text) as Partial<DueSnapshot>;
      if (data.v === 1 && Array.isArray(data.entries) && Array.isArray(data.notices)) return data as DueSnapshot;
    } catch {
      // Not ours to read: the full scan is always right.
    }
    this.o.logger.warn('the due-index snapshot could not be read; rebuilding from the store');
    return undefined;
  }

  async run(userId: string, nowUtc: number, paced: Paced): Promise<void> {
    const planned = await this.#claim(userId, nowUtc);
    if (!planned) return;
    const { record: r, occurrence, retry } = planned;
    const { content, client, logger } = this.o;
    const practice =
      (r.focus === WEEKLY_FOCUS ? await this.#weeklyFocus(userId, r.locale) : undefined) ??
      pickPractice(practicePool(content.for(r.locale).strategies, r.focus, r.skipPartner), r.rotationSeed, r.practicesSent);
    const body = {
      ...reminderMessage(content, r.locale, userId, occurrenceKey(occurrence), practice),
      nonce: nonceFor(userId, occurrence),
      enforce_nonce: true,
    };
    try {
      // Checked again at the last moment, under the lock: the member may have said stop while this waited in line.
      const outcome = await deliverDm(client, paced, {
        consent: this.o.store.reminders,
        userId,
        stillWanted: (cur) => stillWanted(cur, occurrence, this.o.clock.now()),
        channelOf: (cur) => cur.dmChannelId,
        body,
      });
      if (!outcome.sent) {
        await this.change(userId, (cur) => (cur?.sending?.occurrence === occurrence ? { ...cur, sending: null } : cur));
        return;
      }
    } catch (error) {
      if (error instanceof SchedulerStopped) {
        // This attempt never left the queue. Unless an earlier attempt may have reached Discord (then its
        // mark and time must stay), clear the mark: the next start sends it, within grace.
        if (!retry) await this.change(userId, (cur) => (cur?.sending?.occurrence === occurrence ? { ...cur, sending: null } : cur));
        throw error;
      }
      const reason = refusalReason(error);
      if (reason) {
        logger.info({ reason }, 'reminder refused by Discord; schedule paused until the member resumes');
        this.o.metrics?.reminder('refused');
        this.#notices.add(userId);
        await this.change(userId, (cur) => cur && { ...cur, pausedReason: reason, pausedAt: this.o.clock.now(), noticePending: true, sending: null });
        return;
      }
      logger.warn({ err: error }, 'reminder send failed; trying again within the grace window');
      // Only ever earlier than what the record says, so it cannot hide a newer change: at worst one extra look.
      this.o.scheduler.file(REMINDER_PREFIX, userId, this.o.clock.now() + RETRY_MS);
      return;
    }
    this.o.metrics?.reminder('sent');
    if (nowUtc - occurrence > LATE_MS) this.o.metrics?.reminder('late');
    await this.change(userId, (cur) => {
      if (!cur || (cur.lastSentOccurrence !== null && cur.lastSentOccurrence >= occurrence)) return cur;
      return { ...withState(cur, afterTick(cur, occurrence, nowUtc)), practicesSent: cur.practicesSent + 1, sending: null };
    });
  }

  /** The member's weekly focus as this reminder's practice; undefined (then the mixed rotation) when none is set. */
  async #weeklyFocus(userId: string, locale: string): Promise<Practice | undefined> {
    const change = (await this.o.store.focus.get(userId))?.change;
    return change ? changeAsPractice(this.o.content, locale, change) : undefined;
  }

  /** Under the lock: which occurrence to send, marked as being attempted; null when nothing goes out. */
  async #claim(userId: string, nowUtc: number): Promise<{ record: ReminderRecord; occurrence: number; retry: boolean } | null> {
    let claimed: { record: ReminderRecord; occurrence: number; retry: boolean } | null = null;
    // Whether to send at all (the schedule still exists, is not stopped or paused) is decided on the
    // stored record, never on a copy in memory: a stop must hold even if a cached copy were stale.
    await this.change(
      userId,
      (r) => {
        if (!r || r.pausedReason !== null) return r;
        const occurrence = occurrenceToSend(r, r.lastSentOccurrence, nowUtc, this.o.graceMs);
        // Skipped (older than the grace window) or spent pause/snooze: move on to the next occurrence.
        if (occurrence === null) {
          const paused = r.pausedUntil !== null && r.pausedUntil > nowUtc;
          if (!paused && r.nextDueUtc < nowUtc - this.o.graceMs) this.o.metrics?.reminder('skipped');
          return withState(r, afterTick(r, null, nowUtc));
        }
        const now = this.o.clock.now();
        // The first attempt's time counts: Discord remembers a nonce from when it first saw it.
        const firstTry = r.sending?.occurrence === occurrence ? r.sending.at : now;
        if (now - firstTry > NONCE_TRUST_MS && r.sending?.occurrence === occurrence) {
          this.o.logger.warn({ occurrence }, 'an interrupted send may have reached the member and its nonce has expired; counting it as sent');
          return { ...withState(r, afterTick(r, occurrence, nowUtc)), practicesSent: r.practicesSent + 1, sending: null };
        }
        const record: ReminderRecord = { ...r, sending: { occurrence, at: firstTry } };
        claimed = { record, occurrence, retry: firstTry !== now };
        return record;
      },
      { fromStore: true },
    );
    return claimed;
  }
}
