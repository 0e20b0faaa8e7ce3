import { DEFAULT_LOCALE } from '../content/index.js';
import type { BotContext } from '../interactions/context.js';

/** Whether interface text exists for a key built at run time (a stored code may come from a newer version). */
export function hasText(ctx: BotContext, locale: string, key: string): boolean {
  return key in ctx.content.for(locale).ui || key in ctx.content.for(DEFAULT_LOCALE).ui;
}
