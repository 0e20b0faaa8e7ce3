import {
  DiscordjsError,
  DiscordjsErrorCodes,
  InteractionResponseType,
  MessageFlags,
  MessagePayload,
  Routes,
  makeURLSearchParams,
  type InteractionReplyOptions,
  type RepliableInteraction,
  type RESTPostAPIWebhookWithTokenJSONBody,
} from 'discord.js';
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
  return (ctx, locale) => onceFor(built, ctx, locale, () => build(ctx, locale));
}

/** The value kept for this context and locale, made by `make` the first time (a null is kept too). */
function onceFor<T>(kept: WeakMap<BotContext, Map<string, T>>, ctx: BotContext, locale: string, make: () => T): T {
  let byLocale = kept.get(ctx);
  if (!byLocale) {
    byLocale = new Map();
    kept.set(ctx, byLocale);
  }
  let value = byLocale.get(locale);
  if (value === undefined) {
    value = make();
    byLocale.set(locale, value);
  }
  return value;
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

/**
 * A message part built for this one message, already in Discord's JSON (snake_case): sent as it is,
 * without discord.js's key-by-key `toSnakeCase` copy (a regex per key) that a plain object gets.
 */
export function asIs<T extends object>(json: T): { toJSON(): T } {
  return { toJSON: () => json };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Per interaction, what `interaction.reply` would send; the serialised body is the same bytes every time. */
interface PreparedBody {
  bytes: Uint8Array;
  ephemeral: boolean;
}

/** discord.js's own error (its constructor is private in the typings only). */
const AlreadyReplied = DiscordjsError as unknown as new (code: DiscordjsErrorCodes) => Error;

const WITH_RESPONSE_FALSE = makeURLSearchParams({ with_response: false });

/**
 * A first reply that depends only on the bot's context and the member's locale, serialised once per
 * locale and then sent as those bytes: what `interaction.reply(options)` sends, without building the
 * JSON string and its request buffer again for every command. Those buffers are malloc'd outside V8's
 * heap and, with dozens of replies in flight, outlive a scavenge and are freed only by a full GC; a
 * 2 KB embed per command spread the process's malloc arena (bench/README.md, "RSS growth"). The body
 * is computed by discord.js itself (`MessagePayload.resolveBody`, as `reply` does) on a locale's first
 * reply; anything that would differ per message (a nonce, files) falls back to `interaction.reply`.
 */
export function preparedReply(
  build: (ctx: BotContext, locale: string) => InteractionReplyOptions,
): (interaction: RepliableInteraction, ctx: BotContext) => Promise<void> {
  const options = perLocale(build);
  const bodies = new WeakMap<BotContext, Map<string, PreparedBody | null>>();
  return async (interaction, ctx) => {
    // As `reply` does: a second first reply is a programming error, not a request Discord should refuse.
    if (interaction.deferred || interaction.replied) throw new AlreadyReplied(DiscordjsErrorCodes.InteractionAlreadyReplied);
    const { locale } = interaction;
    const body = onceFor(bodies, ctx, locale, () => serialise(interaction, options(ctx, locale)));
    if (body === null) {
      await interaction.reply(options(ctx, locale));
      return;
    }
    await interaction.client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
      body: body.bytes,
      passThroughBody: true,
      headers: { 'Content-Type': 'application/json' },
      auth: false,
      query: WITH_RESPONSE_FALSE,
    });
    interaction.ephemeral = body.ephemeral;
    interaction.replied = true;
  };
}

function serialise(interaction: RepliableInteraction, options: InteractionReplyOptions): PreparedBody | null {
  if (options.files?.length || options.withResponse || options.fetchReply) return null;
  const { body: data } = MessagePayload.create(interaction, options).resolveBody() as {
    body: RESTPostAPIWebhookWithTokenJSONBody & { nonce?: unknown; flags?: number };
  };
  if (data.nonce !== undefined) return null;
  const json = JSON.stringify({ type: InteractionResponseType.ChannelMessageWithSource, data });
  return { bytes: new TextEncoder().encode(json), ephemeral: Boolean((data.flags ?? 0) & MessageFlags.Ephemeral) };
}
