import { MessageFlag, type FakeChannel, type FakeDiscord, type FakeMessage, type FakeUser } from '../fake-discord/index.js';
import type { World } from './world.js';
import { PLAYGROUND_LANGUAGES, type MemberSettings } from './member-settings.js';

/**
 * What the page needs to draw, in one plain shape. The page never sees the fake's own address:
 * attachments are served by the playground itself, so the page has a single origin.
 */
export interface MessageView {
  id: string;
  channelId: string;
  author: { id: string; name: string; bot: boolean };
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: { id: string; filename: string; url: string; contentType: string; size: number; description?: string }[];
  ephemeral: boolean;
  loading: boolean;
  edited: boolean;
  timestamp: string;
  /** "You used /strategy" above a command's reply, as Discord shows it. */
  command?: { user: string; name: string };
  deleted: boolean;
}

export function attachmentPath(id: string, filename: string): string {
  return `/attachments/${id}/${encodeURIComponent(filename)}`;
}

export function displayName(user: FakeUser): string {
  return user.global_name ?? user.username;
}

export function messageView(message: FakeMessage): MessageView {
  const byName = new Map(message.attachments.map((a) => [a.filename, attachmentPath(a.id, a.filename)]));
  // Embeds point at uploads as attachment://name; the page can only load what we serve.
  const local = <T>(value: T): T =>
    JSON.parse(JSON.stringify(value), (_k, v: unknown) => (typeof v === 'string' && v.startsWith('attachment://') ? (byName.get(v.slice(13)) ?? v) : v)) as T;
  const meta = message.interaction_metadata as { user?: FakeUser; name?: string } | undefined;
  return {
    id: message.id,
    channelId: message.channel_id,
    author: { id: message.author.id, name: displayName(message.author), bot: Boolean(message.author.bot) },
    content: message.content,
    embeds: local(message.embeds),
    components: local(message.components),
    attachments: message.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      url: attachmentPath(a.id, a.filename),
      contentType: a.content_type ?? 'application/octet-stream',
      size: a.size,
      ...(a.description ? { description: a.description } : {}),
    })),
    ephemeral: Boolean(message.flags & MessageFlag.Ephemeral),
    loading: Boolean(message.flags & MessageFlag.Loading),
    edited: message.edited_timestamp !== null,
    timestamp: message.timestamp,
    ...(meta?.name && meta.user ? { command: { user: displayName(meta.user), name: meta.name } } : {}),
    deleted: Boolean(message.deleted),
  };
}

export interface ChannelView {
  id: string;
  name: string;
  topic: string | null;
  /** Threads sit under their parent in the list. */
  parentId: string | null;
  thread: boolean;
}

export interface WorldView {
  guild: { id: string; name: string };
  you: { id: string; name: string };
  bot: { id: string; name: string };
  dmChannelId: string;
  channels: ChannelView[];
  members: { id: string; name: string; bot: boolean; owner: boolean; moderator: boolean }[];
  roles: { id: string; name: string }[];
  moderator: boolean;
  /** The member's Discord language and whether their DMs go through their own install of the app. */
  settings: MemberSettings;
  languages: Readonly<Record<string, string>>;
}

export function worldView(fake: FakeDiscord, world: World, member: { moderator: boolean; settings: MemberSettings }): WorldView {
  const { moderator } = member;
  const guild = fake.guild(world.guild.id);
  const channel = (c: FakeChannel, thread: boolean): ChannelView => ({
    id: c.id,
    name: c.name ?? c.id,
    topic: c.topic ?? null,
    parentId: thread ? (c.parent_id ?? null) : null,
    thread,
  });
  return {
    guild: { id: guild.id, name: guild.name },
    you: { id: world.you.id, name: displayName(world.you) },
    bot: { id: fake.botUser.id, name: fake.botUser.username },
    dmChannelId: fake.dmChannel(world.you.id).id,
    channels: [...guild.channels.filter((c) => c.type === 0 || c.type === 5).map((c) => channel(c, false)), ...guild.threads.map((c) => channel(c, true))],
    members: [...guild.members.values()].map((m) => ({
      id: m.user.id,
      name: m.nick ?? displayName(m.user),
      bot: Boolean(m.user.bot),
      owner: m.user.id === guild.owner_id,
      moderator: m.roles.includes(world.moderatorRole.id),
    })),
    roles: guild.roles.filter((r) => !r.managed && r.id !== guild.id).map((r) => ({ id: r.id, name: r.name })),
    moderator,
    settings: { ...member.settings },
    languages: PLAYGROUND_LANGUAGES,
  };
}
