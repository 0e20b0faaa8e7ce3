/**
 * Data shapes of the fake. Objects the fake stores are plain JSON in Discord's own wire format
 * (snake_case), so what a test inspects is exactly what discord.js received or sent.
 */

import type { APIEmbed } from 'discord.js';

/** A JSON object as Discord sends it; the fake does not model every field. */
export type Json = Record<string, unknown>;

/** An embed as the bot sent it (Discord's shape: title, description, fields, footer...). */
export type FakeEmbed = APIEmbed;

/**
 * A message or modal component as the bot sent it. One loose shape for every kind (rows,
 * buttons, selects, text inputs, v2 containers) so tests can read fields without narrowing.
 */
export interface FakeComponent {
  type: number;
  id?: number;
  custom_id?: string;
  label?: string;
  style?: number;
  disabled?: boolean;
  url?: string;
  placeholder?: string;
  min_values?: number;
  max_values?: number;
  required?: boolean;
  value?: string;
  content?: string;
  options?: { label: string; value: string; description?: string; default?: boolean; emoji?: unknown }[];
  components?: FakeComponent[];
  component?: FakeComponent;
  accessory?: FakeComponent;
  [key: string]: unknown;
}

export interface FakeUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
  system?: boolean;
  public_flags: number;
  flags: number;
}

export interface FakeRole {
  id: string;
  name: string;
  /** Decimal string of the permission bitfield, as Discord sends it. */
  permissions: string;
  position: number;
  color: number;
  hoist: boolean;
  managed: boolean;
  mentionable: boolean;
  icon: null;
  unicode_emoji: null;
  flags: number;
  tags?: Json;
}

export interface PermissionOverwrite {
  id: string;
  /** 0 = role, 1 = member. */
  type: 0 | 1;
  allow: string;
  deny: string;
}

export interface FakeChannel {
  id: string;
  type: number;
  name?: string;
  guild_id?: string;
  position?: number;
  parent_id?: string | null;
  topic?: string | null;
  nsfw?: boolean;
  permission_overwrites?: PermissionOverwrite[];
  last_message_id: string | null;
  rate_limit_per_user?: number;
  flags: number;
  /** DM channels only. */
  recipients?: FakeUser[];
  /** Threads only. */
  owner_id?: string;
  thread_metadata?: Json;
  message_count?: number;
  member_count?: number;
  total_message_sent?: number;
}

export interface FakeMember {
  user: FakeUser;
  nick: string | null;
  avatar: null;
  banner: null;
  roles: string[];
  joined_at: string;
  premium_since: null;
  deaf: boolean;
  mute: boolean;
  flags: number;
  pending: boolean;
  communication_disabled_until: string | null;
}

/** Fake-only member data kept next to the wire object. */
export interface MemberExtras {
  /** Replaces the role-derived guild permissions (before channel overwrites). */
  permissionsOverride?: bigint;
}

export interface FakeGuild {
  id: string;
  name: string;
  owner_id: string;
  preferred_locale: string;
  roles: FakeRole[];
  channels: FakeChannel[];
  threads: FakeChannel[];
  members: Map<string, FakeMember>;
  memberExtras: Map<string, MemberExtras>;
  /** While true the guild is in an outage: READY lists it unavailable, no GUILD_CREATE. */
  unavailable: boolean;
  /** False for a server that never added the bot (see GuildSpec.withoutBot). */
  botInstalled: boolean;
  joined_at: string;
}

/** A file the bot uploaded, kept byte for byte so tests can check what arrived. */
export interface FakeFile {
  /** The multipart field name, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface FakeAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
  description?: string;
  ephemeral?: boolean;
  /** Fake-only: the uploaded bytes (also in `FakeMessage.files`). Not sent to clients. */
  data: Buffer;
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: FakeUser;
  type: number;
  content: string;
  embeds: FakeEmbed[];
  components: FakeComponent[];
  attachments: FakeAttachment[];
  flags: number;
  timestamp: string;
  edited_timestamp: string | null;
  tts: boolean;
  pinned: boolean;
  mention_everyone: boolean;
  mentions: FakeUser[];
  mention_roles: string[];
  webhook_id?: string;
  application_id?: string;
  interaction_metadata?: Json;
  interaction?: Json;
  message_reference?: Json;
  poll?: Json;
  /** Fake-only: the uploaded bytes behind `attachments`. Not sent to clients. */
  files: FakeFile[];
  /** Fake-only: set once deleted; the message stays reachable through handles. */
  deleted?: boolean;
  /** Fake-only: the interaction this message answers, if any. */
  interactionId?: string;
}

/** One HTTP request the bot made, as the fake saw it. */
export interface RecordedRequest {
  method: string;
  /** Decoded path without the `/api/v10` prefix, e.g. `/webhooks/1/tok/messages/@original`. */
  path: string;
  /** The spec's template, e.g. `/channels/{channel_id}/messages`, or null for unknown routes. */
  route: string | null;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON body, or the `payload_json` part of a multipart body. */
  body: unknown;
  files: FakeFile[];
  status: number;
  /** The JSON the fake answered with (undefined for 204). */
  response?: unknown;
  /** `clock()` when the request arrived. */
  time: number;
}

export interface Violation {
  kind: 'schema' | 'unknown-route' | 'not-implemented' | 'invalid-json' | 'discord-rule';
  method: string;
  path: string;
  route: string | null;
  errors: { path: string; message: string }[];
  body: unknown;
  time: number;
}

/** Things the fake records that `waitFor` can be woken by. */
export type ChangeKind = 'request' | 'message' | 'gateway' | 'interaction' | 'state';
