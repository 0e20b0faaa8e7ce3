import type { BotContext } from '../interactions/context.js';
import type { Reminders } from './service.js';

export { Reminders, REMINDER_PREFIX, NONCE_TRUST_MS, RETRY_MS, dueOf, refusalReason } from './service.js';
export type { PausedReason, ScheduleInput } from './service.js';

/**
 * The reminders service of a running bot, found from the context handlers already get. A side table
 * rather than a BotContext field so this feature adds no wiring to every other command's context.
 */
const byContext = new WeakMap<BotContext, Reminders>();

export function attachReminders(ctx: BotContext, reminders: Reminders): void {
  byContext.set(ctx, reminders);
}

export function remindersOf(ctx: BotContext): Reminders {
  const reminders = byContext.get(ctx);
  if (!reminders) throw new Error('reminders are not wired into this bot (see createBot)');
  return reminders;
}

/**
 * What to tell a member whose reminders Discord paused (DMs closed, account or channel gone), once,
 * in their language; null for everyone else, at no store cost where the scheduler runs. The router sends it as a private
 * follow-up after whichever command they use next.
 */
export async function pendingNotice(ctx: BotContext, userId: string, locale: string): Promise<string | null> {
  const reminders = byContext.get(ctx);
  let reason: string | null = null;
  try {
    reason = reminders ? await reminders.takeNotice(userId) : null;
  } catch (error) {
    // The command itself went fine; a failed check must not turn it into an error message.
    ctx.logger.warn({ err: error }, 'could not check for a reminders notice');
  }
  if (!reason) return null;
  return ctx.content.t(locale, 'reminders.notice.paused', { reason: ctx.content.t(locale, `reminders.reason.${reason}`) });
}
