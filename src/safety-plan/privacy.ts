import { date, describer } from '../privacy/describe.js';
import { PLAN_SECTIONS, type SafetyPlanRecord } from '../store/safety-plan-record.js';

/** /privacy show: which sections of the plan hold words, and since when; the words stay in the plan itself. */
export const safetyPlanPrivacy = describer<SafetyPlanRecord>('safety-plan', (ctx, locale, record) => {
  const t = (key: string, vars?: Record<string, string | number>) => ctx.content.t(locale, key, vars);
  const written = PLAN_SECTIONS.filter((section) => record.sections[section]);
  const values = written.length
    ? t('privacy.plan.values', {
        count: written.length,
        total: PLAN_SECTIONS.length,
        sections: written.map((section) => t(`plan.section.${section}`)).join(', '),
        since: date(locale, record.consentedAt),
        updated: date(locale, record.updatedAt),
      })
    : t('privacy.plan.empty', { since: date(locale, record.consentedAt) });
  return { heading: t('privacy.plan.heading'), values, kept: t('privacy.plan.kept') };
});
