import type { BotContext } from '../interactions/context.js';
import type { Repository } from '../store/index.js';

export { Reminders, REMINDER_PREFIX, NONCE_TRUST_MS, RETRY_MS, refusalReason } from './service.js';
export { dueOf } from './due-projection.js';
export type { PausedReason, ScheduleInput } from './service.js';

/**
 * What to tell a member whose reminders Discord paused (DMs closed, account or channel gone), once,
 * in their language; null for everyone else, at no store cost where the scheduler runs. The router sends it as a private
 * follow-up after whichever command they use next.
 */
export function pendingNotice(ctx: BotContext, userId: string, locale: string): Promise<string | null> | null {
  // Checked before any promise is made: this runs after every command of every member. A member with
  // no schedule at all (most of them) needs no look on a standby shard either, when the store knows.
  return ctx.reminders.hasNotice(userId) && ctx.store.mayExist(ctx.store.reminders as Repository<unknown>, userId) ? takeNotice(ctx, userId, locale) : null;
}

async function takeNotice(ctx: BotContext, userId: string, locale: string): Promise<string | null> {
  let reason: string | null = null;
  try {
    // A standby shard process hears of no refusal, so it asks the store; one plain read says whether
    // there is anything to take, where the take itself (a locked read-modify-write across processes)
    // costs three round trips. A notice written a moment ago is told after the next command instead.
    if (!ctx.scheduler.active && !(await ctx.reminders.get(userId))?.noticePending) return null;
    reason = await ctx.reminders.takeNotice(userId);
  } catch (error) {
    // The command itself went fine; a failed check must not turn it into an error message.
    ctx.logger.warn({ err: error }, 'could not check for a reminders notice');
  }
  if (!reason) return null;
  return ctx.content.t(locale, 'reminders.notice.paused', { reason: ctx.content.t(locale, `reminders.reason.${reason}`) });
}
