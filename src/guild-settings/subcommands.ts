import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type ChatInputCommandInteraction, type MessageActionRowComponentBuilder } from 'discord.js';
import type { BotContext } from '../interactions/context.js';
import { encodeCustomId } from '../interactions/custom-id.js';
import { UserFacingError } from '../interactions/errors.js';
import { channelList, fullTime, type View } from '../interactions/presentation.js';
import { formatTime, parseTime, parseTimeZone } from '../scheduler/parse.js';
import { MAX_PUBLIC_CHANNELS, type GuildRecord } from '../store/records.js';
import { changeSettings, dayName } from './change-log.js';
import { CONFIG_COMMAND, ConfigAction } from './custom-ids.js';
import { checkBotCanUse, hasManageServer, POST_PERMISSIONS, PROMPT_PERMISSIONS, type PermissionName } from './permissions.js';
import { permissionName, settingsView } from './show.js';
import { moderatorText } from './moderator-text.js';
import { nextPromptAt } from './weekly-prompt.js';
import { promptDue, WEEKLY_PROMPT_PREFIX } from './weekly-prompt-kind.js';

export type ConfigInteraction = ChatInputCommandInteraction<'cached'>;
type Handler = (interaction: ConfigInteraction, ctx: BotContext, record: GuildRecord) => Promise<View>;

export const NOTE_MAX = 300;

const say = (ctx: BotContext, interaction: ConfigInteraction, key: string, vars?: Record<string, string | number>): View => ({
  content: ctx.content.t(interaction.locale, key, vars),
});

/** Refuses, naming each missing permission, rather than saving a channel the bot cannot post in. */
async function requireBotCanUse(interaction: ConfigInteraction, ctx: BotContext, channelId: string, needed: readonly PermissionName[]): Promise<void> {
  const check = await checkBotCanUse(interaction.guild, channelId, needed);
  if (check.ok) return;
  if (check.reason === 'unknownChannel') throw new UserFacingError('config.channel.unknown', { channel: channelId });
  const permissions = check.missing.map((name) => `**${permissionName(ctx, interaction.locale, name)}**`).join(', ');
  throw new UserFacingError('config.channel.missingPermissions', { channel: channelId, permissions });
}

function requireManageServer(interaction: ConfigInteraction): void {
  if (!hasManageServer(interaction)) throw new UserFacingError('config.needsManageServer');
}

/** Text typed by moderators is shown to everyone; @everyone and @here are broken so they can never ping. */
function defuseMassMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, '@\u200b$1');
}

/** Keyed by "group subcommand" (or the subcommand alone), as Discord nests them. */
export const SUBCOMMANDS: Record<string, Handler> = {
  async show(interaction, ctx, record) {
    return settingsView(ctx, interaction.locale, record);
  },

  async 'public-channels add'(interaction, ctx, record) {
    const channelId = interaction.options.getChannel('channel', true).id;
    if (record.publicChannels.includes(channelId)) return say(ctx, interaction, 'config.public.already', { channel: channelId });
    if (record.publicChannels.length >= MAX_PUBLIC_CHANNELS) throw new UserFacingError('config.public.full', { max: MAX_PUBLIC_CHANNELS });
    await requireBotCanUse(interaction, ctx, channelId, POST_PERMISSIONS);
    const saved = await changeSettings(
      ctx,
      interaction.guildId,
      interaction.user.id,
      (current) => ({ ...current, publicChannels: [...new Set([...current.publicChannels, channelId])] }),
      { what: 'publicChannelAdded', vars: { channel: channelId } },
    );
    return say(ctx, interaction, 'config.public.added', { channel: channelId, channels: channelList(saved?.publicChannels ?? []) });
  },

  async 'public-channels remove'(interaction, ctx, record) {
    const channelId = interaction.options.getChannel('channel', true).id;
    if (!record.publicChannels.includes(channelId)) return say(ctx, interaction, 'config.public.notListed', { channel: channelId });
    const saved = await changeSettings(
      ctx,
      interaction.guildId,
      interaction.user.id,
      (current) => ({ ...current, publicChannels: current.publicChannels.filter((id) => id !== channelId) }),
      { what: 'publicChannelRemoved', vars: { channel: channelId } },
    );
    const left = saved?.publicChannels ?? [];
    return left.length
      ? say(ctx, interaction, 'config.public.removed', { channel: channelId, channels: channelList(left) })
      : say(ctx, interaction, 'config.public.removedLast', { channel: channelId });
  },

  async 'weekly-prompt set'(interaction, ctx, record) {
    const channelId = interaction.options.getChannel('channel', true).id;
    const day = interaction.options.getInteger('day', true);
    const timeText = interaction.options.getString('time', true);
    const zoneText = interaction.options.getString('timezone', true);
    const time = parseTime(timeText);
    if (!time.ok) throw new UserFacingError('config.weekly.badTime', { time: timeText.slice(0, 20) });
    const zone = parseTimeZone(zoneText);
    if (!zone.ok) throw new UserFacingError('config.weekly.badZone', { zone: zoneText.slice(0, 100) });
    if (!Number.isInteger(day) || day < 0 || day > 6) throw new UserFacingError('config.weekly.badDay');
    await requireBotCanUse(interaction, ctx, channelId, PROMPT_PERMISSIONS);
    const setting = {
      channelId,
      day,
      ...time.value,
      timeZone: zone.value,
      // Changing the time or place keeps the rotation going rather than starting the prompts over.
      promptIndex: record.weeklyPrompt?.promptIndex ?? 0,
      ...(record.weeklyPrompt?.lastPostedAt !== undefined ? { lastPostedAt: record.weeklyPrompt.lastPostedAt } : {}),
      since: ctx.clock.now(),
    };
    const vars = { channel: channelId, day: String(day), time: formatTime(time.value), zone: zone.value };
    await changeSettings(ctx, interaction.guildId, interaction.user.id, (current) => ({ ...current, weeklyPrompt: setting }), {
      what: 'weeklyPromptSet',
      vars,
    });
    ctx.scheduler.file(WEEKLY_PROMPT_PREFIX, interaction.guildId, promptDue(setting));
    return say(ctx, interaction, 'config.weekly.saved', {
      ...vars,
      day: dayName(ctx, interaction.locale, day),
      next: fullTime(nextPromptAt(setting, ctx.clock.now())),
    });
  },

  async 'weekly-prompt off'(interaction, ctx, record) {
    if (!record.weeklyPrompt) return say(ctx, interaction, 'config.weekly.alreadyOff');
    await changeSettings(ctx, interaction.guildId, interaction.user.id, ({ weeklyPrompt: _off, ...rest }) => ({ ...rest }), { what: 'weeklyPromptOff' });
    ctx.scheduler.file(WEEKLY_PROMPT_PREFIX, interaction.guildId, null);
    return say(ctx, interaction, 'config.weekly.off');
  },

  async 'resources set'(interaction, ctx) {
    const note = defuseMassMentions(interaction.options.getString('note', true).trim());
    if (note.length === 0 || note.length > NOTE_MAX) throw new UserFacingError('config.resources.tooLong', { max: NOTE_MAX });
    await changeSettings(ctx, interaction.guildId, interaction.user.id, (current) => ({ ...current, resourcesNote: note }), {
      what: 'resourcesNoteSet',
    });
    // Shown as members will see it.
    return say(ctx, interaction, 'config.resources.saved', { note: moderatorText(note) });
  },

  async 'resources clear'(interaction, ctx, record) {
    if (!record.resourcesNote) return say(ctx, interaction, 'config.resources.alreadyClear');
    await changeSettings(ctx, interaction.guildId, interaction.user.id, ({ resourcesNote: _cleared, ...rest }) => ({ ...rest }), {
      what: 'resourcesNoteCleared',
    });
    return say(ctx, interaction, 'config.resources.cleared');
  },

  async 'moderator-role set'(interaction, ctx) {
    requireManageServer(interaction);
    const role = interaction.options.getRole('role', true);
    // @everyone as the moderator role would hand /config to every member.
    if (role.id === interaction.guildId) throw new UserFacingError('config.moderatorRole.everyone');
    await changeSettings(ctx, interaction.guildId, interaction.user.id, (current) => ({ ...current, moderatorRoleId: role.id }), {
      what: 'moderatorRoleSet',
      vars: { role: role.id },
    });
    return say(ctx, interaction, 'config.moderatorRole.saved', { role: role.id });
  },

  async 'moderator-role clear'(interaction, ctx, record) {
    requireManageServer(interaction);
    if (!record.moderatorRoleId) return say(ctx, interaction, 'config.moderatorRole.alreadyClear');
    await changeSettings(ctx, interaction.guildId, interaction.user.id, ({ moderatorRoleId: _cleared, ...rest }) => ({ ...rest }), {
      what: 'moderatorRoleCleared',
    });
    return say(ctx, interaction, 'config.moderatorRole.cleared');
  },

  async reset(interaction, ctx) {
    requireManageServer(interaction);
    const owner = interaction.user.id;
    const row = new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
      new ButtonBuilder()
        .setCustomId(encodeCustomId({ command: CONFIG_COMMAND, action: ConfigAction.Reset, owner, args: [] }))
        .setLabel(ctx.content.t(interaction.locale, 'config.reset.confirmButton'))
        .setStyle(ButtonStyle.Danger),
      new ButtonBuilder()
        .setCustomId(encodeCustomId({ command: CONFIG_COMMAND, action: ConfigAction.Keep, owner, args: [] }))
        .setLabel(ctx.content.t(interaction.locale, 'config.reset.cancelButton'))
        .setStyle(ButtonStyle.Secondary),
    );
    return { content: ctx.content.t(interaction.locale, 'config.reset.confirm'), components: [row] };
  },
};
