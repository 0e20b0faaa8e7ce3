import { EventEmitter } from 'node:events';
import { DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, Perm, channelPermissions, toBits } from './permissions.js';
import type { PermissionsInput } from './permissions.js';
import type { SnowflakeGenerator } from './snowflake.js';
import type {
  FakeAttachment,
  FakeChannel,
  FakeComponent,
  FakeEmbed,
  FakeFile,
  FakeGuild,
  FakeMember,
  FakeMessage,
  FakeRole,
  FakeUser,
  Json,
  PermissionOverwrite,
} from './types.js';

/** Gateway intents the fake filters events by (values as in discord.js' GatewayIntentBits). */
export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
} as const;

export const ChannelType = {
  GuildText: 0,
  DM: 1,
  GroupDM: 3,
  GuildVoice: 2,
  GuildCategory: 4,
  GuildAnnouncement: 5,
  AnnouncementThread: 10,
  PublicThread: 11,
  PrivateThread: 12,
  GuildForum: 15,
} as const;

export const isThread = (c: FakeChannel): boolean => c.type === 10 || c.type === 11 || c.type === 12;

export const MessageFlag = { Ephemeral: 64, Loading: 128 } as const;

export interface UserSpec {
  username: string;
  id?: string;
  globalName?: string;
  bot?: boolean;
  avatar?: string;
}

export interface RoleSpec {
  name: string;
  id?: string;
  permissions?: PermissionsInput;
  color?: number;
  hoist?: boolean;
  mentionable?: boolean;
  /** Higher is more powerful; defaults to above the existing roles. */
  position?: number;
}

/** A permission overwrite by role (name, id or `@everyone`) or by member (user id). */
export interface OverwriteSpec {
  role?: string;
  user?: string;
  allow?: PermissionsInput;
  deny?: PermissionsInput;
}

export interface ChannelSpec {
  name: string;
  id?: string;
  /** Discord channel type; defaults to 0 (text). */
  type?: number;
  topic?: string;
  /** Category name or id. */
  parent?: string;
  nsfw?: boolean;
  rateLimitPerUser?: number;
  overwrites?: OverwriteSpec[];
}

export interface MemberSpec {
  /** Role names or ids. */
  roles?: string[];
  /** Replaces the role-derived guild permissions of this member (overwrites still apply). */
  permissions?: PermissionsInput;
  nick?: string;
  joinedAt?: Date;
}

export interface GuildSpec {
  name: string;
  id?: string;
  /** An existing user id; by default an owner user is created. */
  ownerId?: string;
  locale?: string;
  roles?: RoleSpec[];
  /** Defaults to a single text channel `general`. */
  channels?: ChannelSpec[];
  everyonePermissions?: PermissionsInput;
  /** Permissions of the bot's managed role. */
  botPermissions?: PermissionsInput;
  /** Starts in an outage: listed unavailable in READY, no GUILD_CREATE. */
  unavailable?: boolean;
  /**
   * A server that never added the bot: the bot gets no GUILD_CREATE and is not a member, but a
   * member who added the app to their own account can still use its commands there.
   */
  withoutBot?: boolean;
}

/** How a state change should reach the bot; the gateway filters by intent. */
export type DispatchFn = (event: string, data: Json | ((intents: number) => Json), intent?: number) => void;

export class NotFound extends Error {}

/** What watchers (the playground's page) can follow without touching the state's methods. */
export interface FakeStateEvents {
  /** A message was created, edited or deleted (ephemeral ones included: their one viewer sees them). */
  message: [message: FakeMessage, change: 'create' | 'edit' | 'delete'];
  /** A thread was created. */
  thread: [thread: FakeChannel];
}

/**
 * Everything the fake Discord knows: users, guilds (roles, channels, members, threads),
 * DM channels, messages and registered commands. Mutators dispatch the matching gateway
 * events themselves, so REST handlers and test builders cannot forget them.
 */
export class FakeState {
  readonly users = new Map<string, FakeUser>();
  readonly guilds = new Map<string, FakeGuild>();
  /** Every channel by id: guild channels, threads and DMs. */
  readonly channels = new Map<string, FakeChannel>();
  readonly messages = new Map<string, FakeMessage>();
  /** Live (not deleted) messages per channel, oldest first. */
  readonly channelMessages = new Map<string, FakeMessage[]>();
  /** Registered application commands; key `global` or a guild id. */
  readonly commands = new Map<string, Json[]>();
  readonly refusedDMs = new Set<string>();
  private readonly dmByUser = new Map<string, string>();
  private readonly groupDmByUser = new Map<string, string>();
  private readonly attachmentFiles = new Map<string, FakeFile>();
  readonly botUser: FakeUser;
  readonly events = new EventEmitter<FakeStateEvents>();

  constructor(
    private readonly ids: SnowflakeGenerator,
    private readonly clock: () => number,
    botName: string,
    private readonly dispatch: DispatchFn,
    private readonly baseUrl: () => string,
  ) {
    this.botUser = this.addUser({ username: botName, bot: true });
  }

  now(): string {
    return new Date(this.clock()).toISOString();
  }

  snowflake(): string {
    return this.ids.next();
  }

  // ---- users -------------------------------------------------------------------------------

  addUser(spec: UserSpec): FakeUser {
    const user: FakeUser = {
      id: spec.id ?? this.ids.next(),
      username: spec.username,
      global_name: spec.globalName ?? (spec.bot ? null : spec.username),
      discriminator: spec.bot ? '0000' : '0',
      avatar: spec.avatar ?? null,
      public_flags: 0,
      flags: 0,
      ...(spec.bot ? { bot: true } : {}),
    };
    this.users.set(user.id, user);
    return user;
  }

  user(id: string): FakeUser {
    const u = this.users.get(id);
    if (!u) throw new NotFound(`FakeDiscord: unknown user ${id} (create it with fake.addUser)`);
    return u;
  }

  // ---- guilds ------------------------------------------------------------------------------

  addGuild(spec: GuildSpec): FakeGuild {
    const id = spec.id ?? this.ids.next();
    const owner = spec.ownerId ? this.user(spec.ownerId) : this.addUser({ username: `${spec.name} owner` });
    const guild: FakeGuild = {
      id,
      name: spec.name,
      owner_id: owner.id,
      preferred_locale: spec.locale ?? 'en-US',
      roles: [],
      channels: [],
      threads: [],
      members: new Map(),
      memberExtras: new Map(),
      unavailable: false,
      botInstalled: !spec.withoutBot,
      joined_at: this.now(),
    };
    this.guilds.set(id, guild);
    guild.roles.push(this.role(guild, { name: '@everyone', id, permissions: spec.everyonePermissions, position: 0 }, DEFAULT_EVERYONE_PERMISSIONS));
    const botRole = this.role(guild, { name: this.botUser.username, permissions: spec.botPermissions }, DEFAULT_BOT_PERMISSIONS);
    botRole.managed = true;
    botRole.tags = { bot_id: this.botUser.id };
    guild.roles.push(botRole);
    for (const r of spec.roles ?? []) guild.roles.push(this.role(guild, r, 0n));
    // The bot's role sits on top so it can manage the roles tests create, as after a normal invite.
    botRole.position = Math.max(...guild.roles.map((r) => r.position)) + 1;
    this.putMember(guild, owner, {});
    if (guild.botInstalled) this.putMember(guild, this.botUser, { roles: [botRole.id] });
    const specs = spec.channels ?? [{ name: 'general' }];
    // Categories first so children can name them as parent.
    for (const c of [...specs].sort((a, b) => Number(b.type === 4) - Number(a.type === 4))) {
      this.putChannel(guild, c);
    }
    guild.unavailable = Boolean(spec.unavailable);
    if (!guild.unavailable && guild.botInstalled) this.dispatchGuildCreate(guild.id);
    return guild;
  }

  guild(id: string): FakeGuild {
    const g = this.guilds.get(id);
    if (!g) throw new NotFound(`FakeDiscord: unknown guild ${id}`);
    return g;
  }

  /**
   * Removes the bot from a guild (kick/ban/guild deleted: GUILD_DELETE without `unavailable`),
   * or with `unavailable` simulates an outage: the guild stays and `restoreGuild` ends it.
   */
  removeGuild(id: string, opts: { unavailable?: boolean } = {}): void {
    const guild = this.guild(id);
    if (opts.unavailable) {
      guild.unavailable = true;
      this.dispatch('GUILD_DELETE', { id, unavailable: true }, Intent.Guilds);
      return;
    }
    for (const c of [...guild.channels, ...guild.threads]) this.channels.delete(c.id);
    this.guilds.delete(id);
    this.commands.delete(id);
    this.dispatch('GUILD_DELETE', { id }, Intent.Guilds);
  }

  /** Ends an outage started with `removeGuild(id, { unavailable: true })`. */
  restoreGuild(id: string): void {
    const guild = this.guild(id);
    guild.unavailable = false;
    this.dispatchGuildCreate(id);
  }

  private dispatchGuildCreate(id: string): void {
    this.dispatch('GUILD_CREATE', (intents) => this.guildCreatePayload(id, (intents & Intent.GuildMembers) !== 0), Intent.Guilds);
  }

  private role(guild: FakeGuild, spec: RoleSpec, fallback: bigint): FakeRole {
    return {
      id: spec.id ?? this.ids.next(),
      name: spec.name,
      permissions: toBits(spec.permissions, fallback).toString(),
      position: spec.position ?? guild.roles.length,
      color: spec.color ?? 0,
      hoist: spec.hoist ?? false,
      managed: false,
      mentionable: spec.mentionable ?? false,
      icon: null,
      unicode_emoji: null,
      flags: 0,
    };
  }

  addRole(guildId: string, spec: RoleSpec): FakeRole {
    const guild = this.guild(guildId);
    const role = this.role(guild, spec, 0n);
    guild.roles.push(role);
    this.dispatch('GUILD_ROLE_CREATE', { guild_id: guildId, role }, Intent.Guilds);
    return role;
  }

  /** Finds a role by id or name (`@everyone` is the guild id). */
  findRole(guild: FakeGuild, ref: string): FakeRole {
    const role = guild.roles.find((r) => r.id === ref || r.name === ref);
    if (!role) throw new NotFound(`FakeDiscord: guild ${guild.name} has no role ${ref}`);
    return role;
  }

  // ---- channels ----------------------------------------------------------------------------

  private putChannel(guild: FakeGuild, spec: ChannelSpec): FakeChannel {
    const type = spec.type ?? ChannelType.GuildText;
    const parent = spec.parent
      ? guild.channels.find((c) => c.type === ChannelType.GuildCategory && (c.id === spec.parent || c.name === spec.parent))
      : undefined;
    if (spec.parent && !parent) throw new NotFound(`FakeDiscord: no category ${spec.parent} in ${guild.name}`);
    const channel: FakeChannel = {
      id: spec.id ?? this.ids.next(),
      type,
      name: spec.name,
      guild_id: guild.id,
      position: guild.channels.length,
      parent_id: parent?.id ?? null,
      permission_overwrites: (spec.overwrites ?? []).map((o) => this.overwrite(guild, o)),
      last_message_id: null,
      flags: 0,
      ...(type === ChannelType.GuildCategory ? {} : { topic: spec.topic ?? null, nsfw: spec.nsfw ?? false, rate_limit_per_user: spec.rateLimitPerUser ?? 0 }),
    };
    guild.channels.push(channel);
    this.channels.set(channel.id, channel);
    return channel;
  }

  private overwrite(guild: FakeGuild, o: OverwriteSpec): PermissionOverwrite {
    const allow = toBits(o.allow).toString();
    const deny = toBits(o.deny).toString();
    if (o.user) return { id: o.user, type: 1, allow, deny };
    if (!o.role) throw new Error('FakeDiscord: an overwrite needs `role` or `user`');
    return { id: this.findRole(guild, o.role).id, type: 0, allow, deny };
  }

  addChannel(guildId: string, spec: ChannelSpec): FakeChannel {
    const channel = this.putChannel(this.guild(guildId), spec);
    this.dispatch('CHANNEL_CREATE', { ...channel }, Intent.Guilds);
    return channel;
  }

  /** Replaces a guild channel's overwrites (CHANNEL_UPDATE), e.g. to lock the bot out. */
  setOverwrites(channelId: string, overwrites: OverwriteSpec[]): FakeChannel {
    const channel = this.channel(channelId);
    const guild = this.guild(channel.guild_id ?? '');
    channel.permission_overwrites = overwrites.map((o) => this.overwrite(guild, o));
    this.dispatch('CHANNEL_UPDATE', { ...channel }, Intent.Guilds);
    return channel;
  }

  removeChannel(channelId: string): void {
    const channel = this.channel(channelId);
    const guild = channel.guild_id ? this.guilds.get(channel.guild_id) : undefined;
    if (guild) {
      guild.channels = guild.channels.filter((c) => c.id !== channelId);
      guild.threads = guild.threads.filter((c) => c.id !== channelId);
    }
    this.channels.delete(channelId);
    this.dispatch(isThread(channel) ? 'THREAD_DELETE' : 'CHANNEL_DELETE', { ...channel }, Intent.Guilds);
  }

  channel(id: string): FakeChannel {
    const c = this.channels.get(id);
    if (!c) throw new NotFound(`FakeDiscord: unknown channel ${id}`);
    return c;
  }

  /** The DM channel between the bot and a user, created on first use (as Discord does). */
  dmChannel(userId: string): FakeChannel {
    const existing = this.dmByUser.get(userId);
    if (existing) return this.channel(existing);
    const channel: FakeChannel = {
      id: this.ids.next(),
      type: ChannelType.DM,
      last_message_id: null,
      flags: 0,
      recipients: [this.user(userId)],
    };
    this.channels.set(channel.id, channel);
    this.dmByUser.set(userId, channel.id);
    return channel;
  }

  /** A group DM of this user with a friend; the bot is never a recipient. */
  groupDmChannel(userId: string): FakeChannel {
    const existing = this.groupDmByUser.get(userId);
    if (existing) return this.channel(existing);
    const friend = this.addUser({ username: `${this.user(userId).username}'s friend` });
    const channel: FakeChannel = {
      id: this.ids.next(),
      type: ChannelType.GroupDM,
      last_message_id: null,
      flags: 0,
      recipients: [this.user(userId), friend],
    };
    this.channels.set(channel.id, channel);
    this.groupDmByUser.set(userId, channel.id);
    return channel;
  }

  dmChannelIdOf(userId: string): string | undefined {
    return this.dmByUser.get(userId);
  }

  createThread(parent: FakeChannel, spec: { name: string; type?: number; id?: string; ownerId: string; autoArchive?: number }): FakeChannel {
    const guild = this.guild(parent.guild_id ?? '');
    const thread: FakeChannel = {
      id: spec.id ?? this.ids.next(),
      type: spec.type ?? ChannelType.PublicThread,
      name: spec.name,
      guild_id: guild.id,
      parent_id: parent.id,
      owner_id: spec.ownerId,
      last_message_id: null,
      rate_limit_per_user: 0,
      flags: 0,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: spec.autoArchive ?? 1440,
        archive_timestamp: this.now(),
        locked: false,
        create_timestamp: this.now(),
        ...(spec.type === ChannelType.PrivateThread ? { invitable: true } : {}),
      },
    };
    guild.threads.push(thread);
    this.channels.set(thread.id, thread);
    this.dispatch('THREAD_CREATE', { ...thread, newly_created: true }, Intent.Guilds);
    this.events.emit('thread', thread);
    return thread;
  }

  // ---- members -----------------------------------------------------------------------------

  private putMember(guild: FakeGuild, user: FakeUser, spec: MemberSpec): FakeMember {
    const member: FakeMember = {
      user,
      nick: spec.nick ?? null,
      avatar: null,
      banner: null,
      roles: (spec.roles ?? []).map((r) => this.findRole(guild, r).id).filter((id) => id !== guild.id),
      joined_at: (spec.joinedAt ?? new Date(this.clock())).toISOString(),
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
    };
    guild.members.set(user.id, member);
    if (spec.permissions !== undefined) guild.memberExtras.set(user.id, { permissionsOverride: toBits(spec.permissions) });
    return member;
  }

  addMember(guildId: string, userId: string, spec: MemberSpec = {}): FakeMember {
    const guild = this.guild(guildId);
    const member = this.putMember(guild, this.user(userId), spec);
    this.dispatch('GUILD_MEMBER_ADD', { ...member, guild_id: guildId }, Intent.GuildMembers);
    return member;
  }

  removeMember(guildId: string, userId: string): void {
    const guild = this.guild(guildId);
    guild.members.delete(userId);
    guild.memberExtras.delete(userId);
    this.dispatch('GUILD_MEMBER_REMOVE', { guild_id: guildId, user: this.user(userId) }, Intent.GuildMembers);
  }

  member(guildId: string, userId: string): FakeMember {
    const m = this.guild(guildId).members.get(userId);
    if (!m) throw new NotFound(`FakeDiscord: user ${userId} is not a member of guild ${guildId} (use fake.addMember)`);
    return m;
  }

  setMemberRoles(guildId: string, userId: string, roleIds: string[]): FakeMember {
    const member = this.member(guildId, userId);
    member.roles = roleIds;
    this.dispatch('GUILD_MEMBER_UPDATE', { ...member, guild_id: guildId }, Intent.GuildMembers);
    return member;
  }

  /** Permissions of a user in a channel (guild channels: roles + overwrites; DMs: DM set). */
  permissionsIn(channelId: string, userId: string): bigint {
    const channel = this.channel(channelId);
    if (!channel.guild_id) return Perm.ViewChannel | Perm.SendMessages | Perm.EmbedLinks | Perm.AttachFiles | Perm.ReadMessageHistory;
    return channelPermissions(this.guild(channel.guild_id), channel, userId);
  }

  // ---- wire payloads -----------------------------------------------------------------------

  memberPayload(guildId: string, userId: string): Json {
    return { ...this.member(guildId, userId) };
  }

  guildPayload(guildId: string): Json {
    const g = this.guild(guildId);
    return {
      id: g.id,
      name: g.name,
      icon: null,
      icon_hash: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: g.owner_id,
      region: 'deprecated',
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      widget_channel_id: null,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: g.roles.map((r) => ({ ...r })),
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      max_presences: null,
      max_members: 500000,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      vanity_url_code: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: g.preferred_locale,
      nsfw_level: 0,
      nsfw: false,
      premium_progress_bar_enabled: false,
      incidents_data: null,
    };
  }

  /**
   * GUILD_CREATE carries channels, threads and members. Like Discord, members beyond the bot
   * are only included for clients with the privileged GUILD_MEMBERS intent.
   */
  guildCreatePayload(guildId: string, allMembers: boolean): Json {
    const g = this.guild(guildId);
    const members = allMembers ? [...g.members.values()] : [g.members.get(this.botUser.id)!];
    return {
      ...this.guildPayload(guildId),
      joined_at: g.joined_at,
      large: false,
      unavailable: false,
      member_count: g.members.size,
      voice_states: [],
      members: members.filter(Boolean).map((m) => ({ ...m })),
      channels: g.channels.map((c) => withoutGuildId(c)),
      threads: g.threads.map((c) => ({ ...c })),
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  // ---- messages ----------------------------------------------------------------------------

  /**
   * Stores a message and tells the bot (MESSAGE_CREATE), except for ephemeral messages, which
   * Discord only shows to one user and never dispatches.
   */
  createMessage(channelId: string, fields: Partial<FakeMessage> & { author: FakeUser }, upload?: { body: Json; files: FakeFile[] }): FakeMessage {
    const channel = this.channel(channelId);
    const msg: FakeMessage = {
      id: this.ids.next(),
      channel_id: channelId,
      ...(channel.guild_id ? { guild_id: channel.guild_id } : {}),
      type: 0,
      content: '',
      embeds: [],
      components: [],
      attachments: [],
      flags: 0,
      timestamp: this.now(),
      edited_timestamp: null,
      tts: false,
      pinned: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      files: [],
      ...fields,
    };
    if (upload) this.applyContent(msg, upload.body, upload.files, true);
    this.messages.set(msg.id, msg);
    const list = this.channelMessages.get(channelId) ?? [];
    list.push(msg);
    this.channelMessages.set(channelId, list);
    if (!(msg.flags & MessageFlag.Ephemeral)) {
      channel.last_message_id = msg.id;
      if (isThread(channel)) {
        channel.message_count = (channel.message_count ?? 0) + 1;
        channel.total_message_sent = (channel.total_message_sent ?? 0) + 1;
      }
      this.dispatch('MESSAGE_CREATE', this.messagePayload(msg), messageIntent(channel));
    }
    this.events.emit('message', msg, 'create');
    return msg;
  }

  editMessage(msg: FakeMessage, body: Json, files: FakeFile[]): FakeMessage {
    this.applyContent(msg, body, files, false);
    msg.edited_timestamp = this.now();
    // An edit of a deferred ("thinking...") reply is what turns it into a real message.
    msg.flags &= ~MessageFlag.Loading;
    if (!(msg.flags & MessageFlag.Ephemeral)) {
      this.dispatch('MESSAGE_UPDATE', this.messagePayload(msg), messageIntent(this.channel(msg.channel_id)));
    }
    this.events.emit('message', msg, 'edit');
    return msg;
  }

  deleteMessage(msg: FakeMessage): void {
    msg.deleted = true;
    const list = this.channelMessages.get(msg.channel_id) ?? [];
    this.channelMessages.set(
      msg.channel_id,
      list.filter((m) => m.id !== msg.id),
    );
    if (!(msg.flags & MessageFlag.Ephemeral)) {
      const channel = this.channels.get(msg.channel_id);
      this.dispatch(
        'MESSAGE_DELETE',
        { id: msg.id, channel_id: msg.channel_id, ...(msg.guild_id ? { guild_id: msg.guild_id } : {}) },
        channel ? messageIntent(channel) : Intent.GuildMessages,
      );
    }
    this.events.emit('message', msg, 'delete');
  }

  /** Copies the message fields of a create/edit body onto a stored message. */
  private applyContent(msg: FakeMessage, body: Json, files: FakeFile[], creating: boolean): void {
    if ('content' in body) msg.content = typeof body.content === 'string' ? body.content : '';
    if ('embeds' in body) msg.embeds = Array.isArray(body.embeds) ? (body.embeds as FakeEmbed[]) : [];
    if ('components' in body) msg.components = Array.isArray(body.components) ? (body.components as FakeComponent[]) : [];
    if ('poll' in body && body.poll) msg.poll = body.poll as Json;
    if ('tts' in body) msg.tts = Boolean(body.tts);
    if (typeof body.flags === 'number') {
      // Only some flags are settable by bots; ephemeral and loading stay as the message was created.
      const keep = creating ? 0 : msg.flags & (MessageFlag.Ephemeral | MessageFlag.Loading);
      msg.flags = keep | body.flags;
    }
    if ('message_reference' in body && body.message_reference) {
      msg.message_reference = { ...(body.message_reference as Json), channel_id: msg.channel_id };
      msg.type = 19;
    }
    this.applyAttachments(msg, body.attachments, files, creating);
  }

  /**
   * Discord's attachment rules: uploaded `files[n]` become new attachments; on edit, the
   * `attachments` array lists which existing ones (by id) to keep and which uploads (by index).
   */
  private applyAttachments(msg: FakeMessage, listed: unknown, files: FakeFile[], creating: boolean): void {
    const fileByIndex = new Map(files.map((f) => [/\[(\d+)\]/.exec(f.field)?.[1] ?? f.field, f]));
    const fresh = (file: FakeFile, meta?: Json): FakeAttachment => {
      const id = this.ids.next();
      this.attachmentFiles.set(id, file);
      const url = `${this.baseUrl()}/attachments/${msg.channel_id}/${id}/${encodeURIComponent(file.filename)}`;
      return {
        id,
        filename: typeof meta?.filename === 'string' ? meta.filename : file.filename,
        size: file.data.byteLength,
        url,
        proxy_url: url,
        content_type: file.contentType,
        data: file.data,
        ...(typeof meta?.description === 'string' ? { description: meta.description } : {}),
      };
    };
    let next: FakeAttachment[];
    if (Array.isArray(listed)) {
      next = [];
      const used = new Set<FakeFile>();
      for (const entry of listed as Json[]) {
        const ref = String(entry.id);
        const existing = msg.attachments.find((a) => a.id === ref);
        const upload = fileByIndex.get(ref);
        if (existing) next.push(existing);
        else if (upload) {
          used.add(upload);
          next.push(fresh(upload, entry));
        }
      }
      for (const f of files) if (!used.has(f)) next.push(fresh(f));
    } else {
      next = [...(creating ? [] : msg.attachments), ...files.map((f) => fresh(f))];
    }
    if (Array.isArray(listed) || files.length > 0 || creating) {
      msg.attachments = next;
      msg.files = next.map((a) => this.attachmentFiles.get(a.id)).filter((f): f is FakeFile => Boolean(f));
    }
  }

  attachmentFile(id: string): FakeFile | undefined {
    return this.attachmentFiles.get(id);
  }

  /** The message as discord.js receives it: fake-only bookkeeping removed. */
  messagePayload(msg: FakeMessage): Json {
    const { files: _files, deleted: _deleted, interactionId: _interactionId, attachments, ...wire } = msg;
    const wireAttachments = attachments.map(({ data: _data, ...a }) => a);
    return structuredClone({ ...wire, attachments: wireAttachments }) as Json;
  }

  channelMessagesOf(channelId: string): FakeMessage[] {
    return this.channelMessages.get(channelId) ?? [];
  }

  // ---- commands ----------------------------------------------------------------------------

  /** Registers or updates one command by (type, name), as Discord's POST does. */
  upsertCommand(scope: string, body: Json, applicationId: string): { command: Json; created: boolean } {
    const list = this.commands.get(scope) ?? [];
    const type = (body.type as number | undefined) ?? 1;
    const index = list.findIndex((c) => c.name === body.name && c.type === type);
    const command: Json = {
      ...(index >= 0 ? list[index] : { id: this.ids.next() }),
      application_id: applicationId,
      version: this.ids.next(),
      type,
      name: body.name,
      name_localizations: body.name_localizations ?? null,
      description: body.description ?? '',
      description_localizations: body.description_localizations ?? null,
      default_member_permissions: body.default_member_permissions ?? null,
      nsfw: body.nsfw ?? false,
      options: body.options ?? [],
      contexts: body.contexts ?? (scope === 'global' ? [0, 1, 2] : null),
      integration_types: body.integration_types ?? [0],
      ...(scope === 'global' ? {} : { guild_id: scope }),
      ...(body.dm_permission !== undefined ? { dm_permission: body.dm_permission } : {}),
    };
    if (index >= 0) list[index] = command;
    else list.push(command);
    this.commands.set(scope, list);
    return { command, created: index < 0 };
  }

  /** Bulk overwrite (PUT): the new list replaces the old; unchanged names keep their ids. */
  overwriteCommands(scope: string, bodies: Json[], applicationId: string): Json[] {
    const old = this.commands.get(scope) ?? [];
    this.commands.set(scope, []);
    for (const body of bodies) {
      const prior = old.find((c) => c.name === body.name && c.type === ((body.type as number | undefined) ?? 1));
      if (prior) this.commands.get(scope)!.push({ id: prior.id, name: prior.name, type: prior.type });
      this.upsertCommand(scope, body, applicationId);
    }
    return this.commands.get(scope)!;
  }

  /** The command a user would invoke by name in a guild (guild commands shadow global ones). */
  findCommand(name: string, guildId: string | undefined, type = 1): Json | undefined {
    const match = (c: Json) => c.name === name && c.type === type;
    return (guildId ? this.commands.get(guildId)?.find(match) : undefined) ?? this.commands.get('global')?.find(match);
  }
}

function withoutGuildId(c: FakeChannel): Json {
  // GUILD_CREATE's channels omit guild_id (discord.js fills it in from the guild).
  const { guild_id: _g, ...rest } = c;
  return { ...rest };
}

function messageIntent(channel: FakeChannel): number {
  return channel.guild_id ? Intent.GuildMessages : Intent.DirectMessages;
}
