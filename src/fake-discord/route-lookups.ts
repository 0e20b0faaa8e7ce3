import { Perm, has } from './permissions.js';
import { DiscordError, Errors } from './route.js';
import type { RouteRequest, RouteResult } from './route.js';
import { ChannelType, NotFound } from './state.js';
import type { FakeState } from './state.js';
import type { FakeChannel, FakeGuild, FakeMessage, FakeUser, Json } from './types.js';

/** What the REST routes other than interaction callbacks need from the fake. */
export interface CoreContext {
  state: FakeState;
  applicationId(): string;
  application(): Json;
  gatewayUrl(): string;
  /** The fake's clock: nonce memory follows it, so a test moving time forward sees Discord forget. */
  clock(): number;
}

export const ok = (body: unknown, status = 200): RouteResult => ({ status, body });
export const noContent: RouteResult = { status: 204 };

/** Turns the state's "not found" into the Discord error a bot would get. */
export function lookup<T>(fn: () => T, error: () => DiscordError): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof NotFound) throw error();
    throw e;
  }
}

/** Finding a route's guild, channel and message with the errors and permission checks Discord applies. */
export interface RouteLookups {
  bot(): FakeUser;
  guildOf(req: RouteRequest): FakeGuild;
  /** The channel, after checking the bot can see it and holds `needed` there (DMs need nothing). */
  channelOf(req: RouteRequest, needed?: bigint): FakeChannel;
  /** A visible, non-ephemeral message of `channel`. */
  messageOf(req: RouteRequest, channel: FakeChannel): FakeMessage;
}

export function routeLookups(state: FakeState): RouteLookups {
  const bot = () => state.botUser;
  return {
    bot,
    guildOf(req) {
      const guild = state.guilds.get(req.params.guild_id ?? '');
      if (!guild) throw Errors.unknownGuild();
      if (guild.unavailable) throw new DiscordError(503, 0, 'Guild unavailable');
      return guild;
    },
    channelOf(req, needed = Perm.ViewChannel) {
      const channel = lookup(() => state.channel(req.params.channel_id ?? ''), Errors.unknownChannel);
      if (channel.type === ChannelType.DM) return channel;
      const perms = state.permissionsIn(channel.id, bot().id);
      if (!has(perms, Perm.ViewChannel)) throw Errors.missingAccess();
      if (!has(perms, needed)) throw Errors.missingPermissions();
      return channel;
    },
    messageOf(req, channel) {
      const msg = state.messages.get(req.params.message_id ?? '');
      if (!msg || msg.deleted || msg.channel_id !== channel.id || msg.flags & 64) throw Errors.unknownMessage();
      return msg;
    },
  };
}
