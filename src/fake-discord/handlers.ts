import { Perm, guildPermissions, has } from './permissions.js';
import { DiscordError, Errors } from './route.js';
import type { RouteRequest, RouteResult, RouteTable } from './route.js';
import { ChannelType, NotFound, isThread } from './state.js';
import type { FakeState } from './state.js';
import type { FakeChannel, FakeGuild, FakeMessage, Json } from './types.js';

export interface CoreContext {
  state: FakeState;
  applicationId(): string;
  application(): Json;
  gatewayUrl(): string;
  /** The fake's clock: nonce memory follows it, so a test moving time forward sees Discord forget. */
  clock(): number;
}

const ok = (body: unknown, status = 200): RouteResult => ({ status, body });
const noContent: RouteResult = { status: 204 };

/** How long a nonce sent with `enforce_nonce` is remembered (Discord: "the past few minutes"), on the fake's clock. */
export const NONCE_WINDOW_MS = 5 * 60_000;

/** Turns the state's "not found" into the Discord error a bot would get. */
function lookup<T>(fn: () => T, error: () => DiscordError): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof NotFound) throw error();
    throw e;
  }
}

/**
 * The REST routes other than interaction callbacks and interaction webhooks. Each answers as
 * Discord does, including the permission errors (50001, 50013) a bot must handle.
 */
export function coreRoutes(ctx: CoreContext): RouteTable {
  const { state } = ctx;
  const bot = () => state.botUser;
  /** channel id + nonce -> the message it created, for `enforce_nonce` de-duplication. */
  const nonces = new Map<string, { messageId: string; at: number }>();
  const rememberedNonce = (key: string): FakeMessage | undefined => {
    const seen = nonces.get(key);
    if (!seen) return undefined;
    const msg = state.messages.get(seen.messageId);
    if (ctx.clock() - seen.at > NONCE_WINDOW_MS || !msg || msg.deleted) {
      nonces.delete(key);
      return undefined;
    }
    return msg;
  };

  const guildOf = (req: RouteRequest): FakeGuild => {
    const guild = state.guilds.get(req.params.guild_id ?? '');
    if (!guild) throw Errors.unknownGuild();
    if (guild.unavailable) throw new DiscordError(503, 0, 'Guild unavailable');
    return guild;
  };
  const channelOf = (req: RouteRequest, needed = Perm.ViewChannel): FakeChannel => {
    const channel = lookup(() => state.channel(req.params.channel_id ?? ''), Errors.unknownChannel);
    if (channel.type === ChannelType.DM) return channel;
    const perms = state.permissionsIn(channel.id, bot().id);
    if (!has(perms, Perm.ViewChannel)) throw Errors.missingAccess();
    if (!has(perms, needed)) throw Errors.missingPermissions();
    return channel;
  };
  const messageOf = (req: RouteRequest, channel: FakeChannel): FakeMessage => {
    const msg = state.messages.get(req.params.message_id ?? '');
    if (!msg || msg.deleted || msg.channel_id !== channel.id || msg.flags & 64) throw Errors.unknownMessage();
    return msg;
  };
  const checkApp = (req: RouteRequest) => {
    if (req.params.application_id !== ctx.applicationId()) throw Errors.missingAccess();
  };
  const commandScope = (req: RouteRequest): string => {
    checkApp(req);
    if (!req.params.guild_id) return 'global';
    guildOf(req);
    return req.params.guild_id;
  };
  const commandOf = (req: RouteRequest): { scope: string; command: Json } => {
    const scope = commandScope(req);
    const command = state.commands.get(scope)?.find((c) => c.id === req.params.command_id);
    if (!command) throw Errors.unknownCommand();
    return { scope, command };
  };
  const commands: RouteTable = {
    'GET /commands': (req) => ok(state.commands.get(commandScope(req)) ?? []),
    'PUT /commands': (req) => ok(state.overwriteCommands(commandScope(req), (req.body as Json[]) ?? [], ctx.applicationId())),
    'POST /commands': (req) => {
      const { command, created } = state.upsertCommand(commandScope(req), req.body as Json, ctx.applicationId());
      return ok(command, created ? 201 : 200);
    },
    'GET /commands/{command_id}': (req) => ok(commandOf(req).command),
    'PATCH /commands/{command_id}': (req) => {
      const { scope, command } = commandOf(req);
      return ok(state.upsertCommand(scope, { ...command, ...(req.body as Json) }, ctx.applicationId()).command);
    },
    'DELETE /commands/{command_id}': (req) => {
      const { scope, command } = commandOf(req);
      state.commands.set(scope, (state.commands.get(scope) ?? []).filter((c) => c !== command));
      return noContent;
    },
  };
  const commandRoutes: RouteTable = {};
  for (const [key, handler] of Object.entries(commands)) {
    const [method, rest] = key.split(' ') as [string, string];
    commandRoutes[`${method} /applications/{application_id}${rest}`] = handler;
    commandRoutes[`${method} /applications/{application_id}/guilds/{guild_id}${rest}`] = handler;
  }

  return {
    'GET /gateway': () => ok({ url: ctx.gatewayUrl() }),
    'GET /gateway/bot': () =>
      ok({
        url: ctx.gatewayUrl(),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      }),
    'GET /users/@me': () => ok(bot()),
    'GET /users/{user_id}': (req) => ok(lookup(() => state.user(req.params.user_id ?? ''), Errors.unknownUser)),
    'POST /users/@me/channels': (req) => {
      const recipient = String((req.body as Json | undefined)?.recipient_id ?? '');
      const channel = lookup(() => state.dmChannel(recipient), Errors.unknownUser);
      return ok(channel);
    },
    'GET /applications/@me': () => ok(ctx.application()),
    ...commandRoutes,

    'GET /channels/{channel_id}': (req) => ok(channelOf(req)),
    'POST /channels/{channel_id}/typing': (req) => (channelOf(req, Perm.SendMessages), noContent),
    'GET /channels/{channel_id}/messages': (req) => {
      const channel = channelOf(req, Perm.ReadMessageHistory);
      const limit = Math.min(100, Number(req.query.get('limit') ?? 50));
      const list = state.channelMessagesOf(channel.id).filter((m) => !(m.flags & 64));
      return ok(list.slice(-limit).reverse().map((m) => state.messagePayload(m)));
    },
    'POST /channels/{channel_id}/messages': (req) => {
      const channel = lookup(() => state.channel(req.params.channel_id ?? ''), Errors.unknownChannel);
      const body = (req.body ?? {}) as Json;
      if (channel.type === ChannelType.DM) {
        const recipient = channel.recipients?.[0];
        if (recipient && state.refusedDMs.has(recipient.id)) throw Errors.cannotDM();
      } else {
        channelOf(req, isThread(channel) ? Perm.SendMessagesInThreads : Perm.SendMessages);
        if (req.files.length && !has(state.permissionsIn(channel.id, bot().id), Perm.AttachFiles)) throw Errors.missingPermissions();
      }
      const empty =
        !body.content &&
        !(Array.isArray(body.embeds) && body.embeds.length) &&
        !(Array.isArray(body.components) && body.components.length) &&
        !(Array.isArray(body.sticker_ids) && body.sticker_ids.length) &&
        !body.poll &&
        req.files.length === 0;
      if (empty) throw Errors.emptyMessage();
      // With enforce_nonce, a repeat of a recent nonce returns the message it created instead of a second one.
      const nonceKey = body.enforce_nonce === true && body.nonce != null ? `${channel.id}:${String(body.nonce)}` : undefined;
      const earlier = nonceKey ? rememberedNonce(nonceKey) : undefined;
      if (earlier) return ok(state.messagePayload(earlier));
      const msg = state.createMessage(channel.id, { author: bot() }, { body, files: req.files });
      if (nonceKey) {
        // Oldest first (insertion order): drop the expired head so the map stays small.
        for (const [key, seen] of nonces) {
          if (ctx.clock() - seen.at <= NONCE_WINDOW_MS) break;
          nonces.delete(key);
        }
        nonces.set(nonceKey, { messageId: msg.id, at: ctx.clock() });
      }
      return ok(state.messagePayload(msg));
    },
    'GET /channels/{channel_id}/messages/{message_id}': (req) => {
      const channel = channelOf(req, Perm.ReadMessageHistory);
      return ok(state.messagePayload(messageOf(req, channel)));
    },
    'PATCH /channels/{channel_id}/messages/{message_id}': (req) => {
      const channel = channelOf(req);
      const msg = messageOf(req, channel);
      if (msg.author.id !== bot().id) throw Errors.notAuthor();
      return ok(state.messagePayload(state.editMessage(msg, (req.body ?? {}) as Json, req.files)));
    },
    'DELETE /channels/{channel_id}/messages/{message_id}': (req) => {
      const channel = channelOf(req);
      const msg = messageOf(req, channel);
      if (msg.author.id !== bot().id && channel.guild_id && !has(state.permissionsIn(channel.id, bot().id), Perm.ManageMessages)) {
        throw Errors.missingPermissions();
      }
      state.deleteMessage(msg);
      return noContent;
    },
    'POST /channels/{channel_id}/messages/{message_id}/threads': (req) => {
      const channel = channelOf(req, Perm.CreatePublicThreads);
      const msg = messageOf(req, channel);
      if (state.channels.has(msg.id)) throw new DiscordError(400, 160004, 'A thread has already been created for this message');
      const body = (req.body ?? {}) as Json;
      // Discord gives a thread started from a message the message's own id.
      const thread = state.createThread(channel, {
        id: msg.id,
        name: String(body.name ?? 'thread'),
        type: channel.type === ChannelType.GuildAnnouncement ? ChannelType.AnnouncementThread : ChannelType.PublicThread,
        ownerId: bot().id,
        ...(typeof body.auto_archive_duration === 'number' ? { autoArchive: body.auto_archive_duration } : {}),
      });
      return ok(thread, 201);
    },
    'POST /channels/{channel_id}/threads': (req) => {
      const body = (req.body ?? {}) as Json;
      const type = (body.type as number | undefined) ?? ChannelType.PrivateThread;
      const channel = channelOf(req, type === ChannelType.PrivateThread ? Perm.CreatePrivateThreads : Perm.CreatePublicThreads);
      const thread = state.createThread(channel, {
        name: String(body.name ?? 'thread'),
        type,
        ownerId: bot().id,
        ...(typeof body.auto_archive_duration === 'number' ? { autoArchive: body.auto_archive_duration } : {}),
      });
      return ok(thread, 201);
    },

    'GET /guilds/{guild_id}': (req) => {
      const guild = guildOf(req);
      const counts = req.query.get('with_counts') === 'true' ? { approximate_member_count: guild.members.size, approximate_presence_count: 0 } : {};
      return ok({ ...state.guildPayload(guild.id), ...counts });
    },
    'GET /guilds/{guild_id}/channels': (req) => ok(guildOf(req).channels),
    'GET /guilds/{guild_id}/roles': (req) => ok(guildOf(req).roles),
    'GET /guilds/{guild_id}/members': (req) => {
      const guild = guildOf(req);
      const limit = Math.min(1000, Number(req.query.get('limit') ?? 1));
      const after = req.query.get('after') ?? '0';
      const members = [...guild.members.values()]
        .filter((m) => BigInt(m.user.id) > BigInt(after))
        .sort((a, b) => (BigInt(a.user.id) < BigInt(b.user.id) ? -1 : 1))
        .slice(0, limit);
      return ok(members);
    },
    'GET /guilds/{guild_id}/members/{user_id}': (req) => {
      const guild = guildOf(req);
      const member = guild.members.get(req.params.user_id ?? '');
      if (!member) throw Errors.unknownMember();
      return ok(member);
    },
    'PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id}': (req) => changeRole(req, true),
    'DELETE /guilds/{guild_id}/members/{user_id}/roles/{role_id}': (req) => changeRole(req, false),
  };

  /** Role changes need MANAGE_ROLES and a role below the bot's highest, as on Discord. */
  function changeRole(req: RouteRequest, add: boolean): RouteResult {
    const guild = guildOf(req);
    const member = guild.members.get(req.params.user_id ?? '');
    if (!member) throw Errors.unknownMember();
    const role = guild.roles.find((r) => r.id === req.params.role_id);
    if (!role) throw Errors.unknownRole();
    const botMember = guild.members.get(bot().id);
    const botTop = Math.max(0, ...guild.roles.filter((r) => botMember?.roles.includes(r.id)).map((r) => r.position));
    if (!has(guildPermissions(guild, bot().id), Perm.ManageRoles) || role.position >= botTop || role.managed) throw Errors.missingPermissions();
    const roles = add ? [...new Set([...member.roles, role.id])] : member.roles.filter((r) => r !== role.id);
    state.setMemberRoles(guild.id, member.user.id, roles);
    return noContent;
  }
}
