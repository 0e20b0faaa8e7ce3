import { PermissionFlagsBits, type ChatInputCommandInteraction, type Guild, type MessageComponentInteraction } from 'discord.js';
import type { GuildRecord } from '../store/index.js';

export type PermissionName = keyof typeof PermissionFlagsBits;

/** What the bot needs to post an embed in a channel. */
export const POST_PERMISSIONS = ['ViewChannel', 'SendMessages', 'EmbedLinks'] as const satisfies readonly PermissionName[];
/** The weekly prompt also opens a discussion thread on its post. */
export const PROMPT_PERMISSIONS = [...POST_PERMISSIONS, 'CreatePublicThreads', 'SendMessagesInThreads'] as const satisfies readonly PermissionName[];

type GuildInteraction = ChatInputCommandInteraction<'cached'> | MessageComponentInteraction<'cached'>;

/** Moderators may adjust settings; the role check lets a server delegate without handing out Manage Server. */
export function isModerator(interaction: GuildInteraction, record: GuildRecord | undefined): boolean {
  if (hasManageServer(interaction)) return true;
  const roleId = record?.moderatorRoleId;
  return roleId !== undefined && interaction.member.roles.cache.has(roleId);
}

/**
 * Only Manage Server may choose who moderates or wipe everything: otherwise a moderator could hand the
 * role's power to another role, or erase the change log that shows what they did.
 */
export function hasManageServer(interaction: GuildInteraction): boolean {
  // memberPermissions comes with the interaction (channel-level, Administrator included), so no fetch is needed.
  return interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild);
}

export type ChannelCheck = { ok: true } | { ok: false; reason: 'unknownChannel' } | { ok: false; reason: 'missingPermissions'; missing: PermissionName[] };

/**
 * The bot's own permissions in a channel, from cached roles and the channel's overwrites. Checked before
 * saving, because app_permissions on the interaction describe the channel the command was typed in, not
 * the one chosen.
 */
export async function checkBotCanUse(guild: Guild, channelId: string, needed: readonly PermissionName[]): Promise<ChannelCheck> {
  const channel = guild.channels.cache.get(channelId);
  if (!channel) return { ok: false, reason: 'unknownChannel' };
  const me = guild.members.me ?? (await guild.members.fetchMe());
  const permissions = channel.permissionsFor(me);
  const missing = needed.filter((name) => !permissions.has(PermissionFlagsBits[name]));
  return missing.length === 0 ? { ok: true } : { ok: false, reason: 'missingPermissions', missing };
}
