import type { ContentLibrary } from '../content/index.js';
import { DAILY, WEEKDAYS, WEEKENDS, formatTime } from '../scheduler/parse.js';
import { DAY_MS, utcToWall, wallWeekday } from '../scheduler/time-zones.js';
import type { ReminderRecord } from '../store/index.js';
import { MIXED } from './practices.js';

export function describeDays(content: ContentLibrary, locale: string, mask: number): string {
  if (mask === DAILY) return content.t(locale, 'reminders.days.daily');
  if (mask === WEEKDAYS) return content.t(locale, 'reminders.days.weekdays');
  if (mask === WEEKENDS) return content.t(locale, 'reminders.days.weekends');
  const days = [1, 2, 3, 4, 5, 6, 0].filter((day) => mask & (1 << day)).map((day) => content.t(locale, `reminders.day.${day}`));
  return content.t(locale, 'reminders.days.list', { days: days.join(', ') });
}

export function describeFocus(content: ContentLibrary, locale: string, focus: string): string {
  if (focus === MIXED) return content.t(locale, 'reminders.focus.mixed');
  return content.for(locale).strategies.find((s) => s.id === focus)?.name ?? content.t(locale, 'reminders.focus.mixed');
}

export function describeSchedule(content: ContentLibrary, locale: string, r: ReminderRecord): string {
  return content.t(locale, 'reminders.schedule', {
    time: formatTime(r),
    days: describeDays(content, locale, r.days),
    zone: r.timeZone,
    focus: describeFocus(content, locale, r.focus),
    partner: r.skipPartner ? content.t(locale, 'reminders.skipPartner') : '',
  });
}

/** The member's current week, Monday first, as the local Monday's day number since the epoch. */
export function weekOf(timeZone: string, nowUtc: number): number {
  const day = Math.floor(utcToWall(timeZone, nowUtc) / DAY_MS);
  return day - ((wallWeekday(day * DAY_MS) + 6) % 7);
}

export function doneThisWeek(r: ReminderRecord, nowUtc: number): number {
  return r.doneWeek === weekOf(r.timeZone, nowUtc) ? r.doneCount : 0;
}
