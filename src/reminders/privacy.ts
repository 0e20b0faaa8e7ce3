import { dateTime, describer, languageName } from '../privacy/describe.js';
import { formatTime } from '../scheduler/parse.js';
import { effectiveDue } from '../scheduler/schedule-math.js';
import { DAY_MS } from '../scheduler/time-zones.js';
import type { ReminderRecord } from '../store/index.js';
import { describeDays, doneThisWeek } from './format.js';
import { MIXED } from './practices.js';
import { REFUSED_REMINDER_RETENTION_DAYS } from '../retention.js';

/** Within this, "Thursday 07:15" is unambiguous; further out the date is added. */
const WEEK_MS = 6 * DAY_MS;

export const reminderPrivacy = describer<ReminderRecord>('reminders', (ctx, locale, r) => {
  const t = (key: string, vars?: Record<string, string | number>) => ctx.content.t(locale, key, vars);
  const now = ctx.clock.now();
  const when = (ms: number) => dateTime(locale, ms, r.timeZone, ms - now > WEEK_MS);
  const strategy = r.focus === MIXED ? undefined : ctx.content.for(locale).strategies.find((s) => s.id === r.focus);
  const sentences = [
    t('privacy.reminders.values', {
      time: formatTime(r),
      days: describeDays(ctx.content, locale, r.days),
      zone: r.timeZone,
      focus: strategy ? t('privacy.reminders.focus.one', { strategy: strategy.name }) : t('privacy.reminders.focus.mixed'),
      partner: r.skipPartner ? t('privacy.reminders.skipPartner') : '',
    }),
  ];
  if (r.pausedReason !== null) {
    sentences.push(t('privacy.reminders.stopped', { reason: t(`reminders.reason.${r.pausedReason}`) }));
    if (r.noticePending) sentences.push(t('privacy.reminders.notice'));
  } else {
    if (r.pausedUntil !== null && r.pausedUntil > now) sentences.push(t('privacy.reminders.paused', { until: when(r.pausedUntil) }));
    else if (r.snoozedUntil !== null && r.snoozedUntil > now) sentences.push(t('privacy.reminders.snoozed', { until: when(r.snoozedUntil) }));
    sentences.push(t('privacy.reminders.next', { next: when(effectiveDue(r)) }));
  }
  sentences.push(t('privacy.reminders.progress', { sent: r.practicesSent, done: doneThisWeek(r, now) }));
  sentences.push(t('privacy.reminders.delivery', { language: languageName(locale, r.locale) }));
  return {
    heading: t('privacy.reminders.heading'),
    values: sentences.join(' '),
    kept: t('privacy.reminders.kept', { days: REFUSED_REMINDER_RETENTION_DAYS }),
  };
});
