import type { FakeChannel, FakeGuild } from './types.js';

/** The permission bits the fake reasons about (same values as discord.js' PermissionFlagsBits). */
export const Perm = {
  CreateInstantInvite: 1n << 0n,
  KickMembers: 1n << 1n,
  BanMembers: 1n << 2n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewAuditLog: 1n << 7n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  Connect: 1n << 20n,
  Speak: 1n << 21n,
  ChangeNickname: 1n << 26n,
  ManageNicknames: 1n << 27n,
  ManageRoles: 1n << 28n,
  ManageWebhooks: 1n << 29n,
  UseApplicationCommands: 1n << 31n,
  ManageThreads: 1n << 34n,
  CreatePublicThreads: 1n << 35n,
  CreatePrivateThreads: 1n << 36n,
  SendMessagesInThreads: 1n << 38n,
  ModerateMembers: 1n << 40n,
} as const;

/** Every permission Discord currently defines (bits 0..50); what owners and admins get. */
export const ALL_PERMISSIONS = (1n << 51n) - 1n;

/** What @everyone gets in a newly created guild (close to Discord's default). */
export const DEFAULT_EVERYONE_PERMISSIONS =
  Perm.CreateInstantInvite |
  Perm.AddReactions |
  Perm.ViewChannel |
  Perm.SendMessages |
  Perm.EmbedLinks |
  Perm.AttachFiles |
  Perm.ReadMessageHistory |
  Perm.MentionEveryone |
  Perm.UseExternalEmojis |
  Perm.Connect |
  Perm.Speak |
  Perm.ChangeNickname |
  Perm.UseApplicationCommands |
  Perm.CreatePublicThreads |
  Perm.CreatePrivateThreads |
  Perm.SendMessagesInThreads;

/** What the bot's managed role gets unless a test says otherwise: what Secure Base asks for. */
export const DEFAULT_BOT_PERMISSIONS =
  Perm.ViewChannel |
  Perm.SendMessages |
  Perm.EmbedLinks |
  Perm.AttachFiles |
  Perm.ReadMessageHistory |
  Perm.AddReactions |
  Perm.UseApplicationCommands |
  Perm.CreatePublicThreads |
  Perm.SendMessagesInThreads |
  Perm.ManageThreads |
  Perm.ManageMessages |
  Perm.ManageRoles;

/** What a DM allows (`app_permissions` in DM interactions). */
export const DM_PERMISSIONS =
  Perm.AddReactions |
  Perm.ViewChannel |
  Perm.SendMessages |
  Perm.EmbedLinks |
  Perm.AttachFiles |
  Perm.ReadMessageHistory |
  Perm.MentionEveryone |
  Perm.UseExternalEmojis |
  Perm.UseApplicationCommands;

export type PermissionsInput = bigint | number | string | readonly (bigint | keyof typeof Perm)[];

export function toBits(input: PermissionsInput | undefined, fallback = 0n): bigint {
  if (input === undefined) return fallback;
  if (Array.isArray(input)) {
    return input.reduce<bigint>((acc, p) => acc | (typeof p === 'bigint' ? p : Perm[p as keyof typeof Perm]), 0n);
  }
  return BigInt(input as bigint | number | string);
}

export const has = (bits: bigint, perm: bigint): boolean => (bits & perm) === perm;

/** Guild-level permissions: @everyone, then roles; owners and administrators get everything. */
export function guildPermissions(guild: FakeGuild, userId: string): bigint {
  if (guild.owner_id === userId) return ALL_PERMISSIONS;
  const member = guild.members.get(userId);
  const override = guild.memberExtras.get(userId)?.permissionsOverride;
  let bits = override ?? 0n;
  if (override === undefined) {
    for (const role of guild.roles) {
      if (role.id === guild.id || member?.roles.includes(role.id)) bits |= BigInt(role.permissions);
    }
  }
  return has(bits, Perm.Administrator) ? ALL_PERMISSIONS : bits;
}

/**
 * Discord's documented overwrite order: @everyone's overwrite, then all role overwrites
 * combined, then the member's own. Threads use their parent channel's overwrites.
 */
export function channelPermissions(guild: FakeGuild, channel: FakeChannel, userId: string): bigint {
  let bits = guildPermissions(guild, userId);
  if (has(bits, Perm.Administrator)) return ALL_PERMISSIONS;
  const source =
    channel.type === 10 || channel.type === 11 || channel.type === 12 ? (guild.channels.find((c) => c.id === channel.parent_id) ?? channel) : channel;
  const overwrites = source.permission_overwrites ?? [];
  const member = guild.members.get(userId);
  const everyone = overwrites.find((o) => o.id === guild.id);
  if (everyone) bits = (bits & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === 0 && o.id !== guild.id && member?.roles.includes(o.id)) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  }
  bits = (bits & ~deny) | allow;
  const own = overwrites.find((o) => o.type === 1 && o.id === userId);
  if (own) bits = (bits & ~BigInt(own.deny)) | BigInt(own.allow);
  // Without VIEW_CHANNEL nothing else in the channel applies.
  return has(bits, Perm.ViewChannel) ? bits : 0n;
}
