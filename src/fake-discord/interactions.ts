import { DM_PERMISSIONS, Perm, guildPermissions, has, toBits } from './permissions.js';
import type { PermissionsInput } from './permissions.js';
import { DiscordError, Errors } from './route.js';
import type { RouteRequest, RouteResult, RouteTable } from './route.js';
import { ChannelType, MessageFlag } from './state.js';
import type { FakeState } from './state.js';
import type { FakeChannel, FakeComponent, FakeFile, FakeMessage, FakeUser, Json } from './types.js';
import { checkModalValue } from './modal-rules.js';
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

const OptionType = { Subcommand: 1, SubcommandGroup: 2, String: 3, Integer: 4, Boolean: 5, User: 6, Channel: 7, Role: 8, Mentionable: 9, Number: 10, Attachment: 11 } as const;

/** Which callbacks Discord accepts for each interaction type. */
const ALLOWED_CALLBACKS: Record<number, number[]> = {
  [InteractionType.ApplicationCommand]: [4, 5, 9],
  [InteractionType.MessageComponent]: [4, 5, 6, 7, 9],
  [InteractionType.Autocomplete]: [8],
  [InteractionType.ModalSubmit]: [4, 5, 6, 7],
};

/** Interaction tokens stay valid for follow-ups this long. */
const TOKEN_LIFETIME_MS = 15 * 60_000;

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
}

export interface SelectOptions extends ComponentOptions {
  values: string[];
}

export interface ModalSubmitOptions extends Partial<InteractionBase> {
  customId?: string;
  /** Text input values by custom_id; arrays for selects inside the modal. */
  fields: Record<string, string | string[]>;
  /** The interaction that showed the modal: user, channel, message and layout come from it. */
  from?: InteractionHandle;
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

/**
 * A test's grip on one interaction it sent: how the bot answered and what the reply message
 * looks like now (after edits). Returned by `fake.slash()`, `fake.button()` and friends.
 */
export class InteractionHandle {
  constructor(
    private readonly ctx: InteractionContext,
    /** @internal */ readonly record: InteractionRecord,
  ) {}

  get id(): string {
    return this.record.id;
  }

  get token(): string {
    return this.record.token;
  }

  /** The INTERACTION_CREATE payload as dispatched. */
  get payload(): Json {
    return this.record.payload;
  }

  get callbacks(): readonly CallbackRecord[] {
    return this.record.callbacks;
  }

  get acknowledged(): boolean {
    return this.record.callbacks.length > 0;
  }

  /** The first callback (type + data), or a rejection naming the interaction after the timeout. */
  response(timeoutMs = this.ctx.responseTimeoutMs): Promise<CallbackRecord> {
    return this.ctx.notifier.waitFor(() => this.record.callbacks[0], {
      timeoutMs,
      what: `the bot to respond to ${this.describe()}`,
    });
  }

  /** The reply message's current state (the clicked message for updates), if any yet. */
  message(): FakeMessage | undefined {
    return this.record.originalId ? this.ctx.state.messages.get(this.record.originalId) : undefined;
  }

  /**
   * Waits for the reply to be complete: immediately for type 4 and 7, after the edit of
   * @original for deferred replies (5) and deferred updates (6).
   */
  async reply(timeoutMs = this.ctx.responseTimeoutMs): Promise<FakeMessage> {
    const started = Date.now();
    const first = await this.response(timeoutMs);
    if (first.type === CallbackType.Modal) throw new Error(`FakeDiscord: ${this.describe()} was answered with a modal; use handle.modal()`);
    if (first.type === CallbackType.AutocompleteResult) throw new Error(`FakeDiscord: ${this.describe()} was answered with choices; use handle.choices()`);
    return this.ctx.notifier.waitFor(
      () => {
        const msg = this.message();
        if (!msg) return undefined;
        if (first.type === CallbackType.DeferredChannelMessageWithSource && msg.flags & MessageFlag.Loading) return undefined;
        if (first.type === CallbackType.DeferredUpdateMessage && !this.record.editedAfterAck) return undefined;
        return msg;
      },
      {
        timeoutMs: Math.max(1, timeoutMs - (Date.now() - started)),
        what: `the deferred reply to ${this.describe()} to be edited (callback type ${first.type})`,
      },
    );
  }

  /** Follow-up messages (current state), oldest first. */
  get followUps(): FakeMessage[] {
    return this.record.followUpIds.map((id) => this.ctx.state.messages.get(id)).filter((m): m is FakeMessage => Boolean(m));
  }

  /** The modal the bot showed (callback type 9 data). */
  async modal(timeoutMs = this.ctx.responseTimeoutMs): Promise<Json> {
    const first = await this.response(timeoutMs);
    if (first.type !== CallbackType.Modal || !first.data) {
      throw new Error(`FakeDiscord: ${this.describe()} was answered with callback type ${first.type}, not a modal`);
    }
    return first.data;
  }

  /** The autocomplete choices the bot offered (callback type 8). */
  async choices(timeoutMs = this.ctx.responseTimeoutMs): Promise<Json[]> {
    const first = await this.response(timeoutMs);
    if (first.type !== CallbackType.AutocompleteResult) {
      throw new Error(`FakeDiscord: ${this.describe()} was answered with callback type ${first.type}, not choices`);
    }
    return (first.data?.choices as Json[] | undefined) ?? [];
  }

  describe(): string {
    const data = this.record.payload.data as Json;
    const what =
      this.record.type === InteractionType.ApplicationCommand || this.record.type === InteractionType.Autocomplete
        ? `/${String(data.name)}`
        : `custom_id "${String(data.custom_id)}"`;
    const kind = Object.entries(InteractionType).find(([, v]) => v === this.record.type)?.[0] ?? this.record.type;
    return `${kind} interaction ${what} from ${this.record.user.username}`;
  }
}

/**
 * Builds interaction payloads the way Discord does, dispatches them, and serves the callback
 * and webhook routes that answer them.
 */
export class Interactions {
  readonly byToken = new Map<string, InteractionRecord>();

  constructor(private readonly ctx: InteractionContext) {}

  private get state(): FakeState {
    return this.ctx.state;
  }

  // ---- sending interactions ------------------------------------------------------------------

  slash(opts: SlashOptions): InteractionHandle {
    return this.command(opts, InteractionType.ApplicationCommand);
  }

  autocomplete(opts: AutocompleteOptions): InteractionHandle {
    return this.command(opts, InteractionType.Autocomplete);
  }

  private command(opts: SlashOptions & { focused?: string }, type: number): InteractionHandle {
    const where = this.where(opts);
    const command = this.state.findCommand(opts.name, where.guildId);
    if (command) this.checkCommandAccess(command, where, opts);
    const definitions = this.optionDefinitions(command, opts);
    const resolved: Record<string, Record<string, Json>> = {};
    let options = Array.isArray(opts.options)
      ? opts.options.map((o) => ({ ...o }))
      : Object.entries(opts.options ?? {}).map(([name, value]) => this.option(name, value, definitions, command, opts.focused));
    for (const o of options) {
      if (o.focused === undefined && o.name === opts.focused) o.focused = true;
      this.resolveOption(o, where, resolved);
    }
    if (command && definitions) this.checkRequired(command, definitions, options, type);
    if (opts.subcommand) options = [{ name: opts.subcommand, type: OptionType.Subcommand, options }];
    if (opts.subcommandGroup) options = [{ name: opts.subcommandGroup, type: OptionType.SubcommandGroup, options }];
    const data: Json = {
      id: (command?.id as string | undefined) ?? this.state.snowflake(),
      name: opts.name,
      type: 1,
      ...(options.length ? { options } : {}),
      ...(Object.keys(resolved).length ? { resolved } : {}),
      ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
    };
    return this.send(type, data, where);
  }

  button(opts: ComponentOptions): InteractionHandle {
    const { message } = this.component(opts, 2);
    const where = this.whereMessage(opts, message);
    return this.send(InteractionType.MessageComponent, { custom_id: opts.customId, component_type: 2 }, where, message);
  }

  select(opts: SelectOptions): InteractionHandle {
    const { message, component } = this.component(opts);
    const componentType = component.type as number;
    if (![3, 5, 6, 7, 8].includes(componentType)) throw new Error(`FakeDiscord: "${opts.customId}" is not a select menu`);
    const min = (component.min_values as number | undefined) ?? 1;
    const max = (component.max_values as number | undefined) ?? 1;
    if (opts.values.length < min || opts.values.length > max) {
      throw new Error(`FakeDiscord: select "${opts.customId}" takes ${min}..${max} values, got ${opts.values.length}`);
    }
    if (componentType === 3) {
      const allowed = ((component.options as Json[] | undefined) ?? []).map((o) => o.value);
      const bad = opts.values.filter((v) => !allowed.includes(v));
      if (bad.length) throw new Error(`FakeDiscord: select "${opts.customId}" has no option(s) ${bad.join(', ')}`);
    }
    const where = this.whereMessage(opts, message);
    const resolved: Record<string, Record<string, Json>> = {};
    const kind = { 5: OptionType.User, 6: OptionType.Role, 7: OptionType.Mentionable, 8: OptionType.Channel }[componentType];
    if (kind) for (const v of opts.values) this.resolveOption({ name: '', type: kind, value: v }, where, resolved);
    const data: Json = {
      custom_id: opts.customId,
      component_type: componentType,
      values: opts.values,
      ...(Object.keys(resolved).length ? { resolved } : {}),
    };
    return this.send(InteractionType.MessageComponent, data, where, message);
  }

  modalSubmit(opts: ModalSubmitOptions): InteractionHandle {
    const source = opts.from?.record;
    const modal = source?.callbacks.find((c) => c.type === CallbackType.Modal)?.data;
    if (opts.from && !modal) throw new Error(`FakeDiscord: ${opts.from.describe()} did not show a modal`);
    const customId = opts.customId ?? (modal?.custom_id as string | undefined);
    if (!customId) throw new Error('FakeDiscord: modalSubmit needs customId (or `from` a handle that showed a modal)');
    const user = opts.user ?? source?.user;
    if (!user) throw new Error('FakeDiscord: modalSubmit needs a user');
    const where = this.where({
      ...opts,
      user,
      guildId: opts.guildId ?? source?.guildId,
      channelId: opts.channelId ?? source?.channelId,
    });
    const components = modal ? this.modalAnswer(modal, opts.fields) : plainModalAnswer(opts.fields);
    const message = source?.sourceMessageId ? this.state.messages.get(source.sourceMessageId) : undefined;
    return this.send(InteractionType.ModalSubmit, { custom_id: customId, components }, where, message, modal);
  }

  // ---- payload building --------------------------------------------------------------------

  private where(opts: Partial<InteractionBase> & { user: UserRef }): Where {
    const user = typeof opts.user === 'string' ? this.state.user(opts.user) : opts.user;
    let channel: FakeChannel;
    if (opts.channelId) channel = this.state.channel(opts.channelId);
    else if (opts.guildId) {
      const g = this.state.guild(opts.guildId);
      const text = g.channels.find((c) => c.type === ChannelType.GuildText);
      if (!text) throw new Error(`FakeDiscord: guild ${g.name} has no text channel; pass channelId`);
      channel = text;
    } else channel = this.state.dmChannel(user.id);
    const guildId = channel.guild_id;
    if (opts.guildId && guildId !== opts.guildId) throw new Error(`FakeDiscord: channel ${channel.id} is not in guild ${opts.guildId}`);
    if (!guildId && channel.type === ChannelType.DM && channel.recipients?.[0]?.id !== user.id) {
      throw new Error(`FakeDiscord: ${user.username} cannot use the DM channel of another user`);
    }
    let memberPermissions = DM_PERMISSIONS;
    if (guildId) {
      const guild = this.state.guild(guildId);
      this.state.member(guildId, user.id);
      memberPermissions = opts.memberPermissions !== undefined ? toBits(opts.memberPermissions) : this.state.permissionsIn(channel.id, user.id);
      if (!has(memberPermissions, Perm.ViewChannel) && opts.memberPermissions === undefined) {
        throw new Error(`FakeDiscord: ${user.username} cannot see #${channel.name} in ${guild.name}, so cannot interact there`);
      }
    }
    const appPermissions =
      opts.appPermissions !== undefined
        ? toBits(opts.appPermissions)
        : guildId
          ? this.state.permissionsIn(channel.id, this.state.botUser.id)
          : DM_PERMISSIONS;
    return { user, channel, guildId, memberPermissions, appPermissions, locale: opts.locale ?? 'en-US' };
  }

  private whereMessage(opts: ComponentOptions, message: FakeMessage): Where {
    return this.where({ user: opts.user, channelId: message.channel_id, locale: opts.locale, memberPermissions: opts.memberPermissions });
  }

  /** Finds the clicked component; a real user can only click what is on the message. */
  private component(opts: ComponentOptions, expectedType?: number): { message: FakeMessage; component: Json } {
    const message = typeof opts.message === 'string' ? this.state.messages.get(opts.message) : this.state.messages.get(opts.message.id);
    if (!message || message.deleted) throw new Error(`FakeDiscord: message ${typeof opts.message === 'string' ? opts.message : opts.message.id} does not exist (deleted?)`);
    const component = findComponent(message, (c) => c.custom_id === opts.customId);
    if (!component) {
      throw new Error(`FakeDiscord: message ${message.id} has no component "${opts.customId}" (it has: ${customIds(message).join(', ') || 'none'})`);
    }
    if (expectedType !== undefined && component.type !== expectedType) throw new Error(`FakeDiscord: "${opts.customId}" is not a button`);
    if (component.disabled) throw new Error(`FakeDiscord: component "${opts.customId}" is disabled`);
    const userId = typeof opts.user === 'string' ? opts.user : opts.user.id;
    const meta = message.interaction_metadata as { user?: FakeUser } | undefined;
    if (message.flags & MessageFlag.Ephemeral && meta?.user && meta.user.id !== userId) {
      throw new Error(`FakeDiscord: message ${message.id} is ephemeral and only visible to ${meta.user.username}`);
    }
    return { message, component };
  }

  private checkCommandAccess(command: Json, where: Where, opts: SlashOptions): void {
    const contexts = command.contexts as number[] | null | undefined;
    if (!where.guildId && (command.dm_permission === false || (contexts && !contexts.includes(1)))) {
      throw new Error(`FakeDiscord: /${opts.name} is not available in DMs (contexts ${JSON.stringify(contexts)})`);
    }
    if (where.guildId && contexts && !contexts.includes(0)) {
      throw new Error(`FakeDiscord: /${opts.name} is not available in guilds (contexts ${JSON.stringify(contexts)})`);
    }
    const required = command.default_member_permissions;
    if (where.guildId && typeof required === 'string') {
      const perms = opts.memberPermissions !== undefined ? toBits(opts.memberPermissions) : guildPermissions(this.state.guild(where.guildId), where.user.id);
      if (!has(perms, BigInt(required)) && !has(perms, Perm.Administrator)) {
        throw new Error(`FakeDiscord: Discord hides /${opts.name} from ${where.user.username}: lacks default_member_permissions ${required}`);
      }
    }
  }

  private optionDefinitions(command: Json | undefined, opts: SlashOptions): Json[] | undefined {
    if (!command) return undefined;
    let defs = (command.options as Json[] | undefined) ?? [];
    const descend = (name: string, type: number) => {
      const next = defs.find((d) => d.name === name && d.type === type);
      if (!next) throw new Error(`FakeDiscord: /${opts.name} has no ${type === 1 ? 'subcommand' : 'group'} "${name}"`);
      defs = (next.options as Json[] | undefined) ?? [];
    };
    if (opts.subcommandGroup) descend(opts.subcommandGroup, OptionType.SubcommandGroup);
    if (opts.subcommand) descend(opts.subcommand, OptionType.Subcommand);
    return defs;
  }

  private option(name: string, value: OptionValue, defs: Json[] | undefined, command: Json | undefined, focused?: string): RawOption {
    const def = defs?.find((d) => d.name === name);
    if (defs && !def) throw new Error(`FakeDiscord: /${String(command?.name)} has no option "${name}" (has: ${defs.map((d) => d.name).join(', ')})`);
    const type =
      (def?.type as number | undefined) ??
      (typeof value === 'boolean' ? OptionType.Boolean : typeof value === 'number' ? (Number.isInteger(value) ? OptionType.Integer : OptionType.Number) : OptionType.String);
    // Autocomplete sends what the user has typed so far, always as a string.
    if (name === focused) return { name, type, value: String(value), focused: true };
    const choices = def?.choices as Json[] | undefined;
    if (choices?.length && !choices.some((c) => c.value === value)) {
      throw new Error(`FakeDiscord: option "${name}" only accepts ${choices.map((c) => JSON.stringify(c.value)).join(', ')}`);
    }
    return { name, type, value };
  }

  private checkRequired(command: Json, defs: Json[], given: RawOption[], type: number): void {
    if (type === InteractionType.Autocomplete) return;
    for (const d of defs) {
      if (d.required && !given.some((g) => g.name === d.name)) {
        throw new Error(`FakeDiscord: /${String(command.name)} requires option "${String(d.name)}"`);
      }
    }
  }

  private resolveOption(o: RawOption, where: Where, resolved: Record<string, Record<string, Json>>): void {
    if (o.focused) return;
    const id = String(o.value);
    const put = (bucket: string, key: string, value: Json) => ((resolved[bucket] ??= {})[key] = value);
    const guild = where.guildId ? this.state.guild(where.guildId) : undefined;
    const asUser = () => {
      const user = this.state.users.get(id);
      if (!user) return false;
      put('users', id, { ...user });
      const member = guild?.members.get(id);
      if (member && guild) {
        const { user: _u, ...rest } = member;
        const channelPerms = this.state.permissionsIn(where.channel.id, id);
        put('members', id, { ...rest, permissions: channelPerms.toString() });
      }
      return true;
    };
    const asRole = () => {
      const role = guild?.roles.find((r) => r.id === id);
      if (!role) return false;
      put('roles', id, { ...role });
      return true;
    };
    switch (o.type) {
      case OptionType.User:
        if (!asUser()) throw new Error(`FakeDiscord: option "${o.name}": unknown user ${id}`);
        break;
      case OptionType.Role:
        if (!asRole()) throw new Error(`FakeDiscord: option "${o.name}": unknown role ${id}`);
        break;
      case OptionType.Mentionable:
        if (!asUser() && !asRole()) throw new Error(`FakeDiscord: option "${o.name}": ${id} is neither a user nor a role`);
        break;
      case OptionType.Channel: {
        const channel = this.state.channels.get(id);
        if (!channel) throw new Error(`FakeDiscord: option "${o.name}": unknown channel ${id}`);
        put('channels', id, {
          id,
          name: channel.name,
          type: channel.type,
          parent_id: channel.parent_id ?? null,
          permissions: this.state.permissionsIn(id, where.user.id).toString(),
          ...(channel.thread_metadata ? { thread_metadata: channel.thread_metadata } : {}),
        });
        break;
      }
      default:
    }
  }

  /** Answers a modal the way Discord's client does: same layout, values filled in. */
  private modalAnswer(modal: Json, fields: Record<string, string | string[]>): Json[] {
    const inputs: Json[] = [];
    const answer = (c: Json): Json => {
      const id = c.custom_id as string;
      inputs.push(c);
      const given = fields[id];
      if (c.type === 4) return { type: 4, id: c.id, custom_id: id, value: typeof given === 'string' ? given : '' };
      return { type: c.type, id: c.id, custom_id: id, values: Array.isArray(given) ? given : given ? [given] : [] };
    };
    const out = ((modal.components as Json[] | undefined) ?? []).map((row): Json => {
      if (Array.isArray(row.components)) return { type: row.type, id: row.id, components: (row.components as Json[]).map(answer) };
      if (row.component) return { type: row.type, id: row.id, component: answer(row.component as Json) };
      return { type: row.type, id: row.id };
    });
    for (const c of inputs) {
      const given = fields[c.custom_id as string];
      if ((c.required ?? true) && c.type === 4 && (given === undefined || given === '')) {
        throw new Error(`FakeDiscord: modal field "${String(c.custom_id)}" is required`);
      }
      if (typeof given === 'string' && typeof c.max_length === 'number' && given.length > c.max_length) {
        throw new Error(`FakeDiscord: modal field "${String(c.custom_id)}" allows ${c.max_length} characters`);
      }
      checkModalValue(c, given);
    }
    const unknown = Object.keys(fields).filter((k) => !inputs.some((c) => c.custom_id === k));
    if (unknown.length) throw new Error(`FakeDiscord: the modal has no field(s) ${unknown.join(', ')}`);
    return out;
  }

  private send(type: number, data: Json, where: Where, message?: FakeMessage, modal?: Json): InteractionHandle {
    const id = this.state.snowflake();
    const token = `fake-interaction-token.${id}.${Math.random().toString(36).slice(2, 12)}`;
    const { user, channel, guildId } = where;
    const payload: Json = {
      id,
      application_id: this.ctx.applicationId(),
      type,
      data,
      token,
      version: 1,
      locale: where.locale,
      entitlements: [],
      app_permissions: where.appPermissions.toString(),
      channel: this.interactionChannel(channel, where),
      channel_id: channel.id,
      attachment_size_limit: 10 * 1024 * 1024,
      authorizing_integration_owners: { 0: guildId ?? '0' },
      context: guildId ? 0 : 1,
      ...(message ? { message: this.state.messagePayload(message) } : {}),
    };
    if (guildId) {
      const guild = this.state.guild(guildId);
      payload.guild_id = guildId;
      payload.guild = { id: guildId, locale: guild.preferred_locale, features: [] };
      payload.guild_locale = guild.preferred_locale;
      payload.member = { ...this.state.memberPayload(guildId, user.id), permissions: where.memberPermissions.toString() };
    } else {
      payload.user = { ...user };
    }
    const record: InteractionRecord = {
      id,
      token,
      type,
      payload,
      user,
      channelId: channel.id,
      ...(guildId ? { guildId } : {}),
      createdAt: performance.now(),
      ...(message ? { sourceMessageId: message.id } : {}),
      callbacks: [],
      editedAfterAck: false,
      followUpIds: [],
      ...(modal ? { modal } : {}),
    };
    // Tokens die after 15 minutes on Discord too; pruning keeps a long-lived playground small.
    for (const [t, r] of this.byToken) if (record.createdAt - r.createdAt > TOKEN_LIFETIME_MS) this.byToken.delete(t);
    this.byToken.set(token, record);
    const handle = new InteractionHandle(this.ctx, record);
    if (this.ctx.dispatch('INTERACTION_CREATE', payload) === 0) {
      throw new Error('FakeDiscord: no gateway session to deliver the interaction to (has the client logged in?)');
    }
    this.ctx.notifier.notify('interaction');
    return handle;
  }

  private interactionChannel(channel: FakeChannel, where: Where): Json {
    if (!channel.guild_id) return { id: channel.id, type: channel.type, last_message_id: channel.last_message_id, flags: 0, recipients: [{ ...where.user }] };
    const { permission_overwrites: _o, ...rest } = channel;
    return { ...rest, permissions: where.memberPermissions.toString() };
  }

  // ---- REST: callbacks and webhooks ------------------------------------------------------------

  routes(): RouteTable {
    const webhookMessage = (method: 'GET' | 'PATCH' | 'DELETE') => (req: RouteRequest) => this.webhookMessage(method, req);
    return {
      'POST /interactions/{interaction_id}/{interaction_token}/callback': (req) => this.callback(req),
      'POST /webhooks/{webhook_id}/{webhook_token}': (req) => this.followUp(req),
      'GET /webhooks/{webhook_id}/{webhook_token}/messages/@original': webhookMessage('GET'),
      'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original': webhookMessage('PATCH'),
      'DELETE /webhooks/{webhook_id}/{webhook_token}/messages/@original': webhookMessage('DELETE'),
      'GET /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}': webhookMessage('GET'),
      'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}': webhookMessage('PATCH'),
      'DELETE /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}': webhookMessage('DELETE'),
    };
  }

  private callback(req: RouteRequest): RouteResult {
    const record = this.byToken.get(req.params.interaction_token ?? '');
    if (!record || record.id !== req.params.interaction_id) throw Errors.unknownInteraction();
    const body = (req.body ?? {}) as Json;
    const type = body.type as number;
    const data = body.data as Json | undefined;
    const elapsed = performance.now() - record.createdAt;
    if (record.callbacks.length > 0) {
      req.violate(`interaction ${record.id} acknowledged twice (second callback type ${type})`);
      throw Errors.alreadyAcknowledged();
    }
    if (this.ctx.ackDeadlineMs > 0 && elapsed > this.ctx.ackDeadlineMs) {
      req.violate(`interaction ${record.id} acknowledged after ${Math.round(elapsed)} ms (Discord allows ${this.ctx.ackDeadlineMs} ms)`);
      throw Errors.unknownInteraction();
    }
    const fromComponentMessage = Boolean(record.sourceMessageId);
    const allowed = (ALLOWED_CALLBACKS[record.type] ?? []).filter((t) => fromComponentMessage || (t !== 6 && t !== 7));
    if (!allowed.includes(type)) {
      req.violate(`callback type ${type} is not valid for interaction type ${record.type} (allowed: ${allowed.join(', ')})`);
      throw Errors.invalidFormBody({ type: { _errors: [{ code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: 'Invalid interaction response type' }] } });
    }
    record.callbacks.push({ type, data, files: req.files, time: this.ctx.clock() });
    let message: FakeMessage | undefined;
    switch (type) {
      case CallbackType.ChannelMessageWithSource:
      case CallbackType.DeferredChannelMessageWithSource: {
        const deferred = type === CallbackType.DeferredChannelMessageWithSource;
        const flags = ((data?.flags as number | undefined) ?? 0) & MessageFlag.Ephemeral;
        message = this.state.createMessage(
          record.channelId,
          {
            ...this.replyFields(record, false),
            flags: deferred ? flags | MessageFlag.Loading : 0,
          },
          deferred ? undefined : { body: data ?? {}, files: req.files },
        );
        if (!deferred) message.flags |= flags;
        record.originalId = message.id;
        break;
      }
      case CallbackType.DeferredUpdateMessage:
        record.originalId = record.sourceMessageId;
        break;
      case CallbackType.UpdateMessage: {
        const source = this.state.messages.get(record.sourceMessageId ?? '');
        if (!source) throw Errors.unknownMessage();
        message = this.state.editMessage(source, data ?? {}, req.files);
        record.originalId = source.id;
        break;
      }
      default:
    }
    this.ctx.notifier.notify('interaction');
    if (req.query.get('with_response') !== 'true') return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: {
          id: record.id,
          type: record.type,
          ...(message
            ? {
                response_message_id: message.id,
                response_message_loading: Boolean(message.flags & MessageFlag.Loading),
                response_message_ephemeral: Boolean(message.flags & MessageFlag.Ephemeral),
              }
            : {}),
        },
        resource: { type, ...(message ? { message: this.state.messagePayload(message) } : {}) },
      },
    };
  }

  /** Fields Discord puts on messages sent through an interaction's webhook. */
  private replyFields(record: InteractionRecord, followUp: boolean): Partial<FakeMessage> & { author: FakeUser } {
    const data = record.payload.data as Json;
    const isCommand = record.type === InteractionType.ApplicationCommand;
    const appId = this.ctx.applicationId();
    return {
      author: this.state.botUser,
      type: isCommand && !followUp ? 20 : 0,
      webhook_id: appId,
      application_id: appId,
      interactionId: record.id,
      interaction_metadata: {
        id: record.id,
        type: record.type,
        user: { ...record.user },
        authorizing_integration_owners: record.payload.authorizing_integration_owners,
        ...(isCommand ? { name: data.name, command_type: 1 } : {}),
        ...(record.sourceMessageId ? { interacted_message_id: record.sourceMessageId } : {}),
        ...(followUp && record.originalId ? { original_response_message_id: record.originalId } : {}),
      },
      interaction: { id: record.id, type: record.type, name: isCommand ? data.name : '', user: { ...record.user } },
    };
  }

  private webhookRecord(req: RouteRequest): InteractionRecord {
    const record = this.byToken.get(req.params.webhook_token ?? '');
    if (!record || req.params.webhook_id !== this.ctx.applicationId()) throw Errors.unknownWebhook();
    if (performance.now() - record.createdAt > TOKEN_LIFETIME_MS) throw new DiscordError(401, 50027, 'Invalid Webhook Token');
    return record;
  }

  private followUp(req: RouteRequest): RouteResult {
    const record = this.webhookRecord(req);
    if (record.callbacks.length === 0) throw Errors.unknownWebhook();
    const body = (req.body ?? {}) as Json;
    const original = this.state.messages.get(record.originalId ?? '');
    let message: FakeMessage;
    if (original && original.flags & MessageFlag.Loading && record.followUpIds.length === 0) {
      // Discord's documented quirk: the first follow-up after a deferred reply edits the
      // "thinking..." message instead of posting a new one.
      message = this.state.editMessage(original, body, req.files);
    } else {
      const flags = ((body.flags as number | undefined) ?? 0) & MessageFlag.Ephemeral;
      message = this.state.createMessage(record.channelId, { ...this.replyFields(record, true), flags: 0 }, { body, files: req.files });
      message.flags |= flags;
    }
    record.followUpIds.push(message.id);
    this.ctx.notifier.notify('message');
    if (req.query.get('wait') !== 'true') return { status: 204 };
    return { status: 200, body: this.state.messagePayload(message) };
  }

  private webhookMessage(method: 'GET' | 'PATCH' | 'DELETE', req: RouteRequest): RouteResult {
    const record = this.webhookRecord(req);
    const ref = req.params.message_id ?? '@original';
    const id = ref === '@original' ? record.originalId : ref;
    const message = id ? this.state.messages.get(id) : undefined;
    const ours = message && (message.id === record.originalId || record.followUpIds.includes(message.id));
    if (!message || message.deleted || !ours) throw Errors.unknownMessage();
    if (method === 'GET') return { status: 200, body: this.state.messagePayload(message) };
    if (method === 'DELETE') {
      this.state.deleteMessage(message);
      this.ctx.notifier.notify('message');
      return { status: 204 };
    }
    this.state.editMessage(message, (req.body ?? {}) as Json, req.files);
    if (message.id === record.originalId) record.editedAfterAck = true;
    this.ctx.notifier.notify('message');
    return { status: 200, body: this.state.messagePayload(message) };
  }
}

interface Where {
  user: FakeUser;
  channel: FakeChannel;
  guildId: string | undefined;
  memberPermissions: bigint;
  appPermissions: bigint;
  locale: string;
}

function plainModalAnswer(fields: Record<string, string | string[]>): Json[] {
  return Object.entries(fields).map(([customId, value]) =>
    Array.isArray(value)
      ? { type: 18, component: { type: 3, custom_id: customId, values: value } }
      : { type: 1, components: [{ type: 4, custom_id: customId, value }] },
  );
}

// ---- component helpers for tests -------------------------------------------------------------

type WithComponents = { components?: readonly FakeComponent[] | unknown };

/** Depth-first search through action rows, containers, sections (accessories) and labels. */
export function findComponent(message: WithComponents, predicate: (c: FakeComponent) => boolean): FakeComponent | undefined {
  const stack = [...((message.components as FakeComponent[] | undefined) ?? [])];
  while (stack.length) {
    const c = stack.shift()!;
    if (predicate(c)) return c;
    if (Array.isArray(c.components)) stack.unshift(...c.components);
    if (c.accessory) stack.unshift(c.accessory);
    if (c.component) stack.unshift(c.component);
  }
  return undefined;
}

/** The button whose label is `label` (exact string or a RegExp); throws listing the labels otherwise. */
export function findButton(message: WithComponents, label: string | RegExp): FakeComponent & { custom_id: string } {
  const matches = (l: unknown) => typeof l === 'string' && (typeof label === 'string' ? l === label : label.test(l));
  const button = findComponent(message, (c) => c.type === 2 && matches(c.label));
  if (!button) {
    const labels: string[] = [];
    findComponent(message, (c) => {
      if (c.type === 2) labels.push(String(c.label));
      return false;
    });
    throw new Error(`FakeDiscord: no button labelled ${String(label)} (buttons: ${labels.join(', ') || 'none'})`);
  }
  return button as FakeComponent & { custom_id: string };
}

/** Every custom_id on a message, in display order. */
export function customIds(message: WithComponents): string[] {
  const ids: string[] = [];
  findComponent(message, (c) => {
    if (typeof c.custom_id === 'string') ids.push(c.custom_id);
    return false;
  });
  return ids;
}
