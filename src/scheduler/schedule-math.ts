/**
 * When a reminder or weekly prompt is due, and whether a tick may send it. Pure functions over plain
 * records: no timers, no storage, no Discord.
 *
 * "Never sent twice" rests on one field: `lastSentOccurrence` is the key (UTC ms) of the last occurrence
 * sent, where the key is the scheduled instant (or the snooze instant), never the time of sending. A tick
 * only sends a key strictly greater than `lastSentOccurrence` and then stores that key, so the sent keys
 * form a strictly increasing sequence and no key can repeat. Persist the new record before the DM goes
 * out: a crash in between then loses one reminder instead of repeating it.
 */
import { DAY_MS, MINUTE_MS, utcToWall, wallToUtc, wallWeekday } from './time-zones.js';

export interface ScheduleRule {
  hour: number;
  minute: number;
  /** Bit 0 = Sunday ... bit 6 = Saturday, in the member's zone. A weekly prompt sets one bit. */
  days: number;
  /** As canonicalTimeZone returns it. */
  timeZone: string;
}

export interface DueFields {
  /** Next regular occurrence not sent yet; also the earliest one that may ever be sent (set on create/edit). */
  nextDueUtc: number;
  /** Nothing regular is sent before this instant. */
  pausedUntil?: number | null;
  /** A one-off send at this instant; regular occurrences at or before it are folded into it. */
  snoozedUntil?: number | null;
}

export interface ScheduleState extends DueFields {
  /** Key of the last occurrence sent (scheduled instant, not send time); null before the first send. */
  lastSentOccurrence: number | null;
}

export type Schedule = ScheduleRule & ScheduleState;

export const HOUR_MS = 3_600_000;
export const DEFAULT_GRACE_MS = 30 * MINUTE_MS;

/**
 * First instant strictly after `afterUtcMs` when the zone's wall clock shows hour:minute on an allowed
 * weekday. A time skipped by a spring-forward fires at the end of the gap; a time repeated by a fall-back
 * fires at its first occurrence only.
 */
export function nextOccurrence(rule: ScheduleRule, afterUtcMs: number): number {
  const days = rule.days & 0b1111111;
  if (days === 0) throw new RangeError('a schedule needs at least one day');
  const { hour, minute } = rule;
  if (!(Number.isInteger(hour) && Number.isInteger(minute) && hour >= 0 && hour < 24 && minute >= 0 && minute < 60)) {
    throw new RangeError(`bad time of day ${hour}:${minute}`);
  }
  const minuteOfDay = hour * 60 + minute;
  // Start a day early: a gap crossing midnight can move yesterday's occurrence into today.
  let day = Math.floor(utcToWall(rule.timeZone, afterUtcMs) / DAY_MS) * DAY_MS - DAY_MS;
  for (let i = 0; i < 16; i++, day += DAY_MS) {
    if (!(days & (1 << wallWeekday(day)))) continue;
    const at = wallToUtc(rule.timeZone, day + minuteOfDay * MINUTE_MS);
    if (at > afterUtcMs) return at;
  }
  throw new Error('unreachable: every allowed weekday occurs within two weeks');
}

/** First state for a new or re-enabled schedule: the next occurrence after now. */
export function createState(rule: ScheduleRule, nowUtc: number): ScheduleState {
  return { nextDueUtc: nextOccurrence(rule, nowUtc), lastSentOccurrence: null, pausedUntil: null, snoozedUntil: null };
}

/** The instant to file in the due index. A snooze wins; a pause can only push the wake-up later. */
export function effectiveDue(schedule: DueFields): number {
  if (schedule.snoozedUntil != null) return schedule.snoozedUntil;
  return Math.max(schedule.nextDueUtc, schedule.pausedUntil ?? -Infinity);
}

/** The occurrence to recompute from: nothing at or before any of these may be sent as a regular one. */
function regularFloor(s: Schedule, fromUtc: number): number {
  return Math.max(fromUtc, s.lastSentOccurrence ?? -Infinity, (s.pausedUntil ?? -Infinity) - 1, s.snoozedUntil ?? -Infinity);
}

/** Same wall time `days` local days later, so a pause is not an hour off across a DST change. */
function addLocalDays(zone: string, utcMs: number, days: number): number {
  return wallToUtc(zone, utcToWall(zone, utcMs) + days * DAY_MS);
}

/** Pause for N days from now: the next send is the first occurrence after the pause ends. Cancels a snooze. */
export function pauseFor(s: Schedule, days: number, nowUtc: number): Schedule {
  if (!(Number.isInteger(days) && days > 0)) throw new RangeError(`pause needs a whole number of days, got ${days}`);
  const pausedUntil = Math.max(addLocalDays(s.timeZone, nowUtc, days), s.pausedUntil ?? -Infinity);
  const next: Schedule = { ...s, pausedUntil, snoozedUntil: null };
  return { ...next, nextDueUtc: nextOccurrence(s, regularFloor(next, nowUtc)) };
}

export function resume(s: Schedule, nowUtc: number): Schedule {
  const next: Schedule = { ...s, pausedUntil: null };
  return { ...next, nextDueUtc: nextOccurrence(s, regularFloor(next, nowUtc)) };
}

/**
 * Send again after `ms` (e.g. one hour), once; the regular schedule then resumes. Any regular occurrence
 * before the snooze ends is folded into it rather than sent as well.
 */
export function snoozeFor(s: Schedule, ms: number, nowUtc: number): Schedule {
  const next: Schedule = { ...s, snoozedUntil: nowUtc + ms };
  return { ...next, nextDueUtc: nextOccurrence(s, regularFloor(next, nowUtc)) };
}

/** Skip whatever is left of today (member's zone): the next send is the regular occurrence tomorrow or later. */
export function snoozeUntilTomorrow(s: Schedule, nowUtc: number): Schedule {
  const today = Math.floor(utcToWall(s.timeZone, nowUtc) / DAY_MS) * DAY_MS;
  const tomorrow = wallToUtc(s.timeZone, today + DAY_MS);
  const next: Schedule = { ...s, snoozedUntil: null, pausedUntil: Math.max(tomorrow, s.pausedUntil ?? -Infinity) };
  return { ...next, nextDueUtc: nextOccurrence(s, regularFloor(next, nowUtc)) };
}

/** New time, days or zone: recomputed from now; what was already sent stays sent. */
export function changeRule(s: Schedule, rule: ScheduleRule, nowUtc: number): Schedule {
  const next: Schedule = { ...s, ...rule };
  return { ...next, nextDueUtc: nextOccurrence(next, regularFloor(next, nowUtc)) };
}

/**
 * Which occurrence a tick at `nowUtc` should send, or null. Only occurrences at most `graceMs` old count
 * (a late send after a short outage; older ones are skipped), only keys after `lastSentOccurrence`, and
 * at most one: the latest. A due snooze counts as an occurrence keyed by its own instant.
 */
export function occurrenceToSend(
  schedule: ScheduleRule & DueFields,
  lastSentOccurrence: number | null,
  nowUtc: number,
  graceMs: number = DEFAULT_GRACE_MS,
): number | null {
  const floor = Math.max(lastSentOccurrence ?? -Infinity, nowUtc - graceMs - 1);
  const snooze = schedule.snoozedUntil ?? null;
  let best: number | null = snooze !== null && snooze > floor && snooze <= nowUtc ? snooze : null;
  let at = nextOccurrence(schedule, Math.max(floor, schedule.nextDueUtc - 1, (schedule.pausedUntil ?? -Infinity) - 1, snooze ?? -Infinity));
  while (at <= nowUtc) {
    best = at;
    at = nextOccurrence(schedule, at);
  }
  return best;
}

/** The record after a tick: what was sent is remembered, spent pause/snooze cleared, next occurrence after now. */
export function afterTick(s: Schedule, sent: number | null, nowUtc: number): Schedule {
  const next: Schedule = {
    ...s,
    lastSentOccurrence: sent ?? s.lastSentOccurrence,
    pausedUntil: s.pausedUntil != null && s.pausedUntil > nowUtc ? s.pausedUntil : null,
    snoozedUntil: s.snoozedUntil != null && s.snoozedUntil > nowUtc ? s.snoozedUntil : null,
  };
  return { ...next, nextDueUtc: nextOccurrence(s, Math.max(regularFloor(next, nowUtc), s.nextDueUtc - 1)) };
}

/** occurrenceToSend + afterTick: store `next` (before sending), send `send` if not null, re-file effectiveDue(next). */
export function tick(s: Schedule, nowUtc: number, graceMs: number = DEFAULT_GRACE_MS): { send: number | null; next: Schedule } {
  const send = occurrenceToSend(s, s.lastSentOccurrence, nowUtc, graceMs);
  return { send, next: afterTick(s, send, nowUtc) };
}
