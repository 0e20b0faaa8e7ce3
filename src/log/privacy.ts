import { date, describer } from '../privacy/describe.js';
import type { LogRecord } from '../store/index.js';

/** The store's default (LOG_RETENTION_DAYS) when the context does not say. */
const DEFAULT_RETENTION_DAYS = 365;

export const logPrivacy = describer<LogRecord>('log', (ctx, locale, record) => {
  const t = (key: string, vars?: Record<string, string | number>) => ctx.content.t(locale, key, vars);
  const entries = [...record.entries].sort((a, b) => a.at - b.at);
  const first = entries[0];
  const values = [t('privacy.log.since', { date: date(locale, record.consentedAt) })];
  if (!first) values.push(t('privacy.log.none'));
  else if (entries.length === 1) values.push(t('privacy.log.one', { date: date(locale, first.at) }));
  else values.push(t('privacy.log.many', { count: entries.length, first: date(locale, first.at), latest: date(locale, entries.at(-1)!.at) }));
  return { heading: t('privacy.log.heading'), values: values.join(' '), kept: t('privacy.log.kept', { days: ctx.logRetentionDays ?? DEFAULT_RETENTION_DAYS }) };
});
