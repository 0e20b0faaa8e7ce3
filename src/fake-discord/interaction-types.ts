import type { PermissionsInput } from './permissions.js';
import type { FakeState } from './state.js';
import type { FakeChannel, FakeFile, FakeMessage, FakeUser, Json } from './types.js';
import type { ChangeNotifier } from './wait.js';

/** Discord's interaction types. */
export const InteractionType = { Ping: 1, ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4, ModalSubmit: 5 } as const;

/** Discord's interaction callback types. */
export const CallbackType = {
  Pong: 1,
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  AutocompleteResult: 8,
  Modal: 9,
} as const;

/** Discord's application command option types. */
export const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

/** Interaction tokens stay valid for follow-ups this long. */
export const TOKEN_LIFETIME_MS = 15 * 60_000;

export type UserRef = string | FakeUser;
export type OptionValue = string | number | boolean;
/** An option in Discord's raw shape, for full control (e.g. a user option by id). */
export interface RawOption {
  name: string;
  type: number;
  value?: OptionValue;
  options?: RawOption[];
  focused?: boolean;
}

export interface InteractionBase {
  user: UserRef;
  /** Omit for a DM with the bot (then `channelId` defaults to that DM channel). */
  guildId?: string;
  /** Defaults to the guild's first text channel. */
  channelId?: string;
  /** The user's client locale, default `en-US`. */
  locale?: string;
  /** Overrides the member's computed permissions in the channel (`member.permissions`). */
  memberPermissions?: PermissionsInput;
  /** Overrides the bot's computed permissions in the channel (`app_permissions`). */
  appPermissions?: PermissionsInput;
  /**
   * Whose installation of the app authorizes this: the server's (the default where the bot is a
   * member, and in the DM with the bot) or the member's own account's. A server that never added
   * the bot, and a group DM, only ever see the member's own install.
   */
  install?: 'guild' | 'user';
  /** In a group DM the user is in with a friend (the bot is never in one): `context` 2. */
  groupDm?: boolean;
}

export interface SlashOptions extends InteractionBase {
  name: string;
  /**
   * `{ name: value }` (types come from the registered command, else from the JS type) or raw
   * options. A user/channel/role option takes the id; its object is put in `resolved`.
   */
  options?: Record<string, OptionValue> | RawOption[];
  subcommand?: string;
  subcommandGroup?: string;
}

export interface AutocompleteOptions extends SlashOptions {
  /** The option being typed into; its value is sent as the partial string. */
  focused: string;
}

export interface ComponentOptions {
  user: UserRef;
  /** The message carrying the component (a stored message or its id). */
  message: FakeMessage | string;
  customId: string;
  locale?: string;
  memberPermissions?: PermissionsInput;
  /** As on InteractionBase: a component on a message sent through the member's own install. */
  install?: 'guild' | 'user';
}

export interface SelectOptions extends ComponentOptions {
  values: string[];
}

export interface ModalSubmitOptions extends Partial<InteractionBase> {
  customId?: string;
  /** Text input values by custom_id; arrays for selects inside the modal. */
  fields: Record<string, string | string[]>;
  /** The interaction that showed the modal: user, channel, message and layout come from it. */
  from?: InteractionSource;
}

/** What `modalSubmit` needs of the interaction that showed the modal (an `InteractionHandle`). */
export interface InteractionSource {
  readonly record: InteractionRecord;
  describe(): string;
}

export interface CallbackRecord {
  type: number;
  data: Json | undefined;
  files: FakeFile[];
  /** `clock()` when the callback arrived. */
  time: number;
}

/** What the fake tracks about an interaction until its token expires. */
export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  payload: Json;
  user: FakeUser;
  channelId: string;
  guildId?: string;
  /** Real time (performance.now) of dispatch, for the 3 s ack deadline and token lifetime. */
  createdAt: number;
  sourceMessageId?: string;
  callbacks: CallbackRecord[];
  originalId?: string;
  /** For deferred updates: whether @original was edited after the ack. */
  editedAfterAck: boolean;
  followUpIds: string[];
  /** Set on the modal-submit record: the modal definition it answers. */
  modal?: Json;
}

export interface InteractionContext {
  state: FakeState;
  notifier: ChangeNotifier;
  applicationId: () => string;
  clock: () => number;
  /** 0 disables the check. */
  ackDeadlineMs: number;
  responseTimeoutMs: number;
  dispatch(event: string, data: Json): number;
}

/** Who interacts, where, with which permissions and locale. */
export interface Where {
  user: FakeUser;
  channel: FakeChannel;
  guildId: string | undefined;
  memberPermissions: bigint;
  appPermissions: bigint;
  locale: string;
  install: 'guild' | 'user';
  /** 0 a server, 1 the DM with the bot, 2 a group DM. */
  context: 0 | 1 | 2;
}
