import type { BotContext } from '../interactions/context.js';
import type { PrivateMessage } from '../interactions/respond.js';
import { questionView } from './views.js';

/**
 * The end-of-week question for a member whose DMs were closed when it was due: asked once, privately,
 * after their next command, with the same buttons, and a word on how to have it by DM again.
 */
export function focusNotice(ctx: BotContext, userId: string, locale: string): Promise<PrivateMessage | null> | null {
  // Checked before any promise is made: this runs after every command of every member.
  return ctx.focus.hasNotice(userId) ? takeFocusNotice(ctx, userId, locale) : null;
}

async function takeFocusNotice(ctx: BotContext, userId: string, locale: string): Promise<PrivateMessage | null> {
  let pending: Awaited<ReturnType<BotContext['focus']['takeNotice']>> = null;
  try {
    pending = await ctx.focus.takeNotice(userId);
  } catch (error) {
    // The command itself went fine; a failed check must not turn it into an error message.
    ctx.logger.warn({ err: error }, 'could not check for an end-of-week question');
  }
  if (!pending) return null;
  const week = pending.record.weeks.find((w) => w.at === pending.occurrence);
  const view = questionView(ctx.content, locale, userId, pending.occurrence, week?.change ?? pending.record.change);
  return { content: ctx.content.t(locale, 'focus.notice'), embeds: view.embeds, components: view.components };
}
