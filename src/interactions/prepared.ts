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

/**
 * A prepared message part that discord.js sends as it is. A plain object in `embeds` or `components`
 * is copied key by key into snake_case on every reply (discord.js's `toSnakeCase`: a regex per key,
 * a few kilobytes of garbage per /about); anything with a `toJSON` is asked for its JSON instead, which
 * here is the prepared object itself. A frozen copy (the original may share objects with the content),
 * because every reply shares it.
 */
export function sendAsIs<T extends object>(json: T): { toJSON(): T } {
  const frozen = deepFreeze(structuredClone(json));
  return { toJSON: () => frozen };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
