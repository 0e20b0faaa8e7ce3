import { date, describer } from '../privacy/describe.js';
import type { SelfcheckHistoryRecord } from '../store/index.js';
import { formatMean } from './chart.js';
import { bandFor, thresholdsFromBands } from './scoring.js';

/** The store's default (SELFCHECK_RETENTION_DAYS) when the context does not say. */
const DEFAULT_RETENTION_DAYS = 365;

export const selfcheckPrivacy = describer<SelfcheckHistoryRecord>('selfcheck-history', (ctx, locale, record) => {
  const t = (key: string, vars?: Record<string, string | number>) => ctx.content.t(locale, key, vars);
  const { selfcheck } = ctx.content.for(locale);
  const thresholds = thresholdsFromBands(selfcheck.bands);
  const results = [...record.results].sort((a, b) => a.at - b.at);
  const latest = results.at(-1);
  const days = ctx.selfcheckRetentionDays ?? DEFAULT_RETENTION_DAYS;
  const kept = t('privacy.selfcheck.kept', { days });
  const heading = t('privacy.selfcheck.heading');
  if (!latest) return { heading, values: t('privacy.selfcheck.none'), kept };

  const relationship = selfcheck.relationships.find((r) => r.id === latest.about);
  const latestText = t(relationship ? 'privacy.selfcheck.latestAbout' : 'privacy.selfcheck.latest', {
    date: date(locale, latest.at),
    mean: formatMean(latest.mean, thresholds),
    band: selfcheck.chart.bandNames[bandFor(latest.mean, thresholds)],
    about: relationship?.label ?? '',
  });
  const sentences = [
    results.length === 1
      ? t('privacy.selfcheck.one', { latest: latestText })
      : t('privacy.selfcheck.many', { count: results.length, first: date(locale, results[0]!.at), latest: latestText }),
  ];
  const versions = new Set(results.map((r) => r.statements ?? 1)).size;
  if (versions > 1) sentences.push(t('privacy.selfcheck.versions', { count: versions }));
  return { heading, values: sentences.join(' '), kept };
});
