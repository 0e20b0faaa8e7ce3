import { Perm, has } from './permissions.js';
import { DiscordError, Errors } from './route.js';
import type { RouteTable } from './route.js';
import { lookup, noContent, ok } from './route-lookups.js';
import type { CoreContext, RouteLookups } from './route-lookups.js';
import { ChannelType, isThread } from './state.js';
import type { FakeMessage, Json } from './types.js';

/** How long a nonce sent with `enforce_nonce` is remembered (Discord: "the past few minutes"), on the fake's clock. */
export const NONCE_WINDOW_MS = 5 * 60_000;

/** Channel, message and thread routes, with the permission errors (50001, 50013) a bot must handle. */
export function channelRoutes(ctx: CoreContext, { bot, channelOf, messageOf }: RouteLookups): RouteTable {
  const { state } = ctx;
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
  const rememberNonce = (key: string, messageId: string) => {
    // Oldest first (insertion order): drop the expired head so the map stays small.
    for (const [k, seen] of nonces) {
      if (ctx.clock() - seen.at <= NONCE_WINDOW_MS) break;
      nonces.delete(k);
    }
    nonces.set(key, { messageId, at: ctx.clock() });
  };

  return {
    'GET /channels/{channel_id}': (req) => ok(channelOf(req)),
    'POST /channels/{channel_id}/typing': (req) => {
      channelOf(req, Perm.SendMessages);
      return noContent;
    },
    'GET /channels/{channel_id}/messages': (req) => {
      const channel = channelOf(req, Perm.ReadMessageHistory);
      const limit = Math.min(100, Number(req.query.get('limit') ?? 50));
      const list = state.channelMessagesOf(channel.id).filter((m) => !(m.flags & 64));
      return ok(
        list
          .slice(-limit)
          .reverse()
          .map((m) => state.messagePayload(m)),
      );
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
      if (nonceKey) rememberNonce(nonceKey, msg.id);
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
        ...autoArchive(body),
      });
      return ok(thread, 201);
    },
    'POST /channels/{channel_id}/threads': (req) => {
      const body = (req.body ?? {}) as Json;
      const type = (body.type as number | undefined) ?? ChannelType.PrivateThread;
      const channel = channelOf(req, type === ChannelType.PrivateThread ? Perm.CreatePrivateThreads : Perm.CreatePublicThreads);
      const thread = state.createThread(channel, { name: String(body.name ?? 'thread'), type, ownerId: bot().id, ...autoArchive(body) });
      return ok(thread, 201);
    },
  };
}

function autoArchive(body: Json): { autoArchive?: number } {
  return typeof body.auto_archive_duration === 'number' ? { autoArchive: body.auto_archive_duration } : {};
}
