import type { BotContext } from '../interactions/context.js';
import { focusPrivacy } from '../focus/privacy.js';
import { logPrivacy } from '../log/privacy.js';
import { reminderPrivacy } from '../reminders/privacy.js';
import { selfcheckPrivacy } from '../selfcheck/privacy.js';
import type { PrivacyEntry, RecordDescriber } from './describe.js';
import { memberPrivacy } from './members.js';
import { safetyPlanPrivacy } from '../safety-plan/privacy.js';

export type { PrivacyEntry, RecordDescriber } from './describe.js';

/**
 * One describer per kind of record keyed to a member, in the order /privacy show lists them. A new
 * kind of record adds its describer here; a test fails while any personal repository has none.
 */
export const PRIVACY_DESCRIBERS: readonly RecordDescriber[] = [reminderPrivacy, focusPrivacy, logPrivacy, selfcheckPrivacy, safetyPlanPrivacy, memberPrivacy];

const byNamespace = new Map(PRIVACY_DESCRIBERS.map((d) => [d.namespace, d]));

export function hasDescriber(namespace: string): boolean {
  return byNamespace.has(namespace);
}

/** Everything collected for a member, in plain words, in the describers' order; unknown kinds last. */
export function describeAll(ctx: BotContext, locale: string, data: Readonly<Record<string, unknown>>): PrivacyEntry[] {
  const known = PRIVACY_DESCRIBERS.filter((d) => Object.hasOwn(data, d.namespace)).map((d) => d.describe(ctx, locale, data[d.namespace]));
  const unknown = Object.keys(data)
    .filter((namespace) => !byNamespace.has(namespace))
    .map((namespace) => ({
      heading: ctx.content.t(locale, 'privacy.other.heading', { namespace }),
      values: ctx.content.t(locale, 'privacy.other.values'),
      kept: ctx.content.t(locale, 'privacy.other.kept'),
    }));
  return [...known, ...unknown];
}
