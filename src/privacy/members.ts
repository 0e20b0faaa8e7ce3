import type { MemberRecord } from '../store/index.js';
import { describer } from './describe.js';

export const memberPrivacy = describer<MemberRecord>('members', (ctx, locale, record) => ({
  heading: ctx.content.t(locale, 'privacy.members.heading'),
  values: record.lastTimeZone ? ctx.content.t(locale, 'privacy.members.values', { zone: record.lastTimeZone }) : ctx.content.t(locale, 'privacy.members.empty'),
  kept: ctx.content.t(locale, 'privacy.members.kept'),
}));
