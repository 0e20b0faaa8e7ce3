import { Events, type Client, type DMChannel, type Guild, type NonThreadGuildBasedChannel } from 'discord.js';
import { withChange } from './guild-settings/change-log.js';
import { fileWeeklyPrompt } from './guild-settings/weekly-prompt-kind.js';
import type { BotContext } from './interactions/context.js';

/**
 * Keeps guild settings true to the server: a deleted channel leaves the settings that pointed at it,
 * and a server that removed the bot has its settings deleted (the bot keeps nothing it no longer needs).
 */
export function registerGuildEvents(client: Client, ctx: BotContext): void {
  client.on(Events.ChannelDelete, (channel) => {
    forgetChannel(channel, ctx).catch((error: unknown) => ctx.logger.error({ err: error, channel: channel.id }, 'channel clean-up failed'));
  });
  client.on(Events.GuildDelete, (guild) => {
    forgetGuild(guild, ctx).catch((error: unknown) => ctx.logger.error({ err: error, guild: guild.id }, 'guild clean-up failed'));
  });
}

async function forgetChannel(channel: DMChannel | NonThreadGuildBasedChannel, ctx: BotContext): Promise<void> {
  if (channel.isDMBased()) return;
  const guildId = channel.guildId;
  const uses = (record: Awaited<ReturnType<typeof ctx.store.guilds.get>>) =>
    Boolean(record && (record.publicChannels.includes(channel.id) || record.weeklyPrompt?.channelId === channel.id));
  // Most deleted channels are not in the settings: read first so they cost no write.
  if (!uses(await ctx.store.guilds.get(guildId))) return;
  const saved = await ctx.store.guilds.update(guildId, (current) => {
    if (!current || !uses(current)) return current;
    const { weeklyPrompt, ...rest } = current;
    const next = {
      ...rest,
      publicChannels: current.publicChannels.filter((id) => id !== channel.id),
      ...(weeklyPrompt && weeklyPrompt.channelId !== channel.id ? { weeklyPrompt } : {}),
    };
    // Logged as the bot, so moderators see why a setting vanished without anyone running /config.
    const botId = ctx.client.user?.id;
    return botId ? withChange(next, ctx.clock.now(), botId, { what: 'channelDeleted', vars: { channel: channel.id } }) : next;
  });
  fileWeeklyPrompt(ctx.scheduler, guildId, saved);
  ctx.logger.info({ guild: guildId, channel: channel.id }, 'removed a deleted channel from the guild settings');
}

async function forgetGuild(guild: Guild, ctx: BotContext): Promise<void> {
  // An outage is not a goodbye. discord.js 14.28 reports GUILD_DELETE with unavailable: true as
  // GuildUnavailable and never as GuildDelete, but older and newer versions differ, so check anyway.
  if (!guild.available) return;
  await ctx.store.guilds.delete(guild.id);
  fileWeeklyPrompt(ctx.scheduler, guild.id, undefined);
  ctx.logger.info({ guild: guild.id }, 'left a server: deleted its settings');
}
