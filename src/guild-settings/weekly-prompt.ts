import { DiscordAPIError, PermissionFlagsBits, RESTJSONErrorCodes, Routes, type APIGuild, type APIMessage, type Guild } from 'discord.js';
import type { BotContext } from '../interactions/context.js';
import { EMBED_COLOR } from '../interactions/presentation.js';
import { nextOccurrence } from '../scheduler/schedule-math.js';
import type { WeeklyPrompt } from '../store/records.js';
import { checkBotCanUse, POST_PERMISSIONS } from './permissions.js';

/** Reason codes, stored in the record and shown by /config show as config.skip.<reason>. */
export type SkipReason = 'notConfigured' | 'guildUnavailable' | 'channelMissing' | 'missingPermissions' | 'discordError';

export type PostResult = { ok: true } | { ok: false; reason: SkipReason };

interface Skip {
  reason: SkipReason;
  detail?: string;
}

/** What posting a prompt uses of the bot. */
export type PromptPostingDeps = Pick<BotContext, 'store' | 'client' | 'content' | 'logger'>;

/** A week: the longest auto-archive Discord offers, so a slow discussion stays open. */
const THREAD_ARCHIVE_MINUTES = 10_080;

/** When the setting fires next after `after`, in UTC ms (the prompt's day and time in its own zone). */
export function nextPromptAt(setting: WeeklyPrompt, after: number): number {
  return nextOccurrence({ hour: setting.hour, minute: setting.minute, days: 1 << setting.day, timeZone: setting.timeZone }, after);
}

/**
 * Posts the guild's next weekly prompt and opens a discussion thread on it. Called by the scheduler when
 * the prompt is due. A failure is recorded as a skip (shown to moderators) and the same prompt is tried
 * next time, so nobody misses one because a permission was off for a week.
 */
export async function postWeeklyPrompt(ctx: PromptPostingDeps, guildId: string, now: number, options: { nonce?: string } = {}): Promise<PostResult> {
  const setting = (await ctx.store.guilds.get(guildId))?.weeklyPrompt;
  if (!setting) return { ok: false, reason: 'notConfigured' };
  // With shards, the scheduler's process sees only its own shard's guilds: any other is reached through
  // REST with the stored channel id, and Discord's answer names what is missing instead of the precheck.
  const guild = ctx.client.guilds.cache.get(guildId);
  // A guild of this process's own shards missing from the cache is unavailable (an outage, or the bot was removed).
  const remote = !guild && !onOwnShard(ctx, guildId);
  const locale = remote ? await preferredLocaleOverRest(ctx, guildId) : guild?.preferredLocale;
  const prompts = ctx.content.for(locale).prompts;
  const index = setting.promptIndex % prompts.length;
  const prompt = prompts[index]!;

  const blocked = remote ? undefined : await precheck(guild, setting.channelId);
  if (blocked) return recordSkip(ctx, guildId, setting, now, blocked);

  let message: APIMessage;
  try {
    message = (await ctx.client.rest.post(Routes.channelMessages(setting.channelId), {
      body: {
        embeds: [
          {
            title: prompt.title,
            description: prompt.text,
            color: EMBED_COLOR,
            footer: { text: ctx.content.t(locale, 'config.weekly.footer') },
          },
        ],
        allowed_mentions: { parse: [] },
        // A repeat after a crash returns the first message instead of posting the prompt twice.
        ...(options.nonce ? { nonce: options.nonce, enforce_nonce: true } : {}),
      },
    })) as APIMessage;
  } catch (error) {
    ctx.logger.warn({ err: error, guild: guildId }, 'weekly prompt not posted');
    return recordSkip(ctx, guildId, setting, now, skipFromError(error));
  }

  await openThread(ctx, guild, guildId, setting.channelId, message.id, prompt.title);
  await ctx.store.guilds.update(guildId, (current) => {
    // The setting may have been changed or turned off while posting; then there is nothing to advance.
    if (current?.weeklyPrompt?.channelId !== setting.channelId) return current;
    const { lastSkip: _cleared, ...rest } = current.weeklyPrompt;
    return { ...current, weeklyPrompt: { ...rest, promptIndex: (index + 1) % prompts.length, lastPostedAt: now } };
  });
  return { ok: true };
}

function onOwnShard(ctx: PromptPostingDeps, guildId: string): boolean {
  const { shards, shardCount } = ctx.client.options;
  if (!shardCount || shardCount <= 1 || !Array.isArray(shards)) return true;
  return shards.includes(Number((BigInt(guildId) >> 22n) % BigInt(shardCount)));
}

/** The server's language when its guild is on another shard; the default language if Discord does not say. */
async function preferredLocaleOverRest(ctx: PromptPostingDeps, guildId: string): Promise<string | undefined> {
  try {
    return ((await ctx.client.rest.get(Routes.guild(guildId))) as APIGuild).preferred_locale;
  } catch (error) {
    ctx.logger.debug({ err: error, guild: guildId }, 'guild not readable over REST; prompt in the default language');
    return undefined;
  }
}

/** Checking first turns most failures into a named reason instead of a bare 403 from Discord. */
async function precheck(guild: Guild | undefined, channelId: string): Promise<Skip | undefined> {
  if (!guild?.available) return { reason: 'guildUnavailable' };
  const check = await checkBotCanUse(guild, channelId, POST_PERMISSIONS);
  if (check.ok) return undefined;
  return check.reason === 'unknownChannel' ? { reason: 'channelMissing' } : { reason: 'missingPermissions', detail: check.missing.join(',') };
}

function skipFromError(error: unknown): Skip {
  if (error instanceof DiscordAPIError) {
    if (error.code === RESTJSONErrorCodes.UnknownChannel) return { reason: 'channelMissing' };
    if (error.code === RESTJSONErrorCodes.MissingAccess) return { reason: 'missingPermissions', detail: 'ViewChannel' };
    if (error.code === RESTJSONErrorCodes.MissingPermissions) return { reason: 'missingPermissions' };
    return { reason: 'discordError', detail: String(error.code || error.status) };
  }
  return { reason: 'discordError' };
}

/** The discussion thread is a bonus: without Create Public Threads the prompt still stands on its own. */
async function openThread(
  ctx: PromptPostingDeps,
  guild: Guild | undefined,
  guildId: string,
  channelId: string,
  messageId: string,
  name: string,
): Promise<void> {
  if (guild) {
    const me = guild.members.me;
    const channel = guild.channels.cache.get(channelId);
    if (!me || !channel?.permissionsFor(me).has(PermissionFlagsBits.CreatePublicThreads)) return;
  }
  try {
    await ctx.client.rest.post(Routes.threads(channelId, messageId), {
      body: { name: name.slice(0, 100), auto_archive_duration: THREAD_ARCHIVE_MINUTES },
    });
  } catch (error) {
    ctx.logger.warn({ err: error, guild: guildId }, 'could not open the weekly prompt thread');
  }
}

async function recordSkip(ctx: PromptPostingDeps, guildId: string, setting: WeeklyPrompt, now: number, skip: Skip): Promise<PostResult> {
  await ctx.store.guilds.update(guildId, (current) => {
    if (current?.weeklyPrompt?.channelId !== setting.channelId) return current;
    return { ...current, weeklyPrompt: { ...current.weeklyPrompt, lastSkip: { at: now, ...skip } } };
  });
  return { ok: false, reason: skip.reason };
}
