import { describer } from '../privacy/describe.js';
import type { FocusRecord } from '../store/index.js';
import { changeAsPractice } from './change-text.js';

export const focusPrivacy = describer<FocusRecord>('focus', (ctx, locale, record) => {
  const t = (key: string, vars?: Record<string, string | number>) => ctx.content.t(locale, key, vars);
  const values: string[] = [];
  const practice = record.change ? changeAsPractice(ctx.content, locale, record.change) : undefined;
  values.push(practice ? t('privacy.focus.change', { change: practice.text }) : t('privacy.focus.noChange'));
  const q = record.question;
  if (q) {
    const time = `${String(q.hour).padStart(2, '0')}:${String(q.minute).padStart(2, '0')}`;
    values.push(t('privacy.focus.question', { day: t(`config.day.${q.day}`), time, zone: q.timeZone }));
  }
  if (record.weeks.length > 0) values.push(t('privacy.focus.weeks', { count: record.weeks.length }));
  return { heading: t('privacy.focus.heading'), values: values.join(' '), kept: t('privacy.focus.kept') };
});
