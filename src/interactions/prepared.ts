import type { BotContext } from './context.js';

/**
 * A reply part that depends only on the bot's context and the member's locale, built once per
 * locale and then reused: builders validate and copy on every setter, which a fixed reply should
 * not pay per command (bench/README.md, "What the /about profile showed"). The result is shared
 * between replies, so it must never be changed after `build` returns it. Discord has about thirty
 * locales, which bounds each map.
 */
export function perLocale<T>(build: (ctx: BotContext, locale: string) => T): (ctx: BotContext, locale: string) => T {
  const built = new WeakMap<BotContext, Map<string, T>>();
  return (ctx, locale) => {
    let byLocale = built.get(ctx);
    if (!byLocale) {
      byLocale = new Map();
      built.set(ctx, byLocale);
    }
    let value = byLocale.get(locale);
    if (value === undefined) {
      value = build(ctx, locale);
      byLocale.set(locale, value);
    }
    return value;
  };
}
