import { customIds, findComponent } from './components.js';
import { InteractionHandle } from './interaction-handle.js';
import { checkCommandAccess, checkRequired, option, optionDefinitions, resolveOption } from './interaction-options.js';
import { InteractionRoutes } from './interaction-routes.js';
import { CallbackType, InteractionType, OptionType, TOKEN_LIFETIME_MS } from './interaction-types.js';
import type {
  AutocompleteOptions,
  ComponentOptions,
  InteractionBase,
  InteractionContext,
  InteractionRecord,
  ModalSubmitOptions,
  SelectOptions,
  SlashOptions,
  UserRef,
  Where,
} from './interaction-types.js';
import { DM_PERMISSIONS, Perm, has, toBits } from './permissions.js';
import type { RouteTable } from './route.js';
import { ChannelType, MessageFlag } from './state.js';
import type { FakeState } from './state.js';
import type { FakeChannel, FakeMessage, FakeUser, Json } from './types.js';
import { checkModalValue } from './modal-rules.js';

export { customIds, findButton, findComponent } from './components.js';
export { InteractionHandle } from './interaction-handle.js';
export { CallbackType, InteractionType } from './interaction-types.js';
export type * from './interaction-types.js';

/**
 * Builds interaction payloads the way Discord does and dispatches them; the callback and
 * webhook routes that answer them live in `interaction-routes.ts`.
 */
export class Interactions {
  readonly byToken = new Map<string, InteractionRecord>();

  private readonly rest: InteractionRoutes;

  constructor(private readonly ctx: InteractionContext) {
    this.rest = new InteractionRoutes(ctx, this.byToken);
  }

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
    if (command) checkCommandAccess(this.state, command, where, opts);
    const definitions = optionDefinitions(command, opts);
    const resolved: Record<string, Record<string, Json>> = {};
    let options = Array.isArray(opts.options)
      ? opts.options.map((o) => ({ ...o }))
      : Object.entries(opts.options ?? {}).map(([name, value]) => option(name, value, definitions, command, opts.focused));
    for (const o of options) {
      if (o.focused === undefined && o.name === opts.focused) o.focused = true;
      resolveOption(this.state, o, where, resolved);
    }
    if (command && definitions) checkRequired(command, definitions, options, type);
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
    if (kind) for (const v of opts.values) resolveOption(this.state, { name: '', type: kind, value: v }, where, resolved);
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
    if (opts.groupDm) channel = this.state.groupDmChannel(user.id);
    else if (opts.channelId) channel = this.state.channel(opts.channelId);
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
    const botInGuild = guildId ? this.state.guild(guildId).botInstalled : false;
    const onlyOwnInstall = channel.type === ChannelType.GroupDM || Boolean(guildId && !botInGuild);
    const install = opts.install ?? (onlyOwnInstall ? 'user' : 'guild');
    if (install === 'guild' && onlyOwnInstall) {
      throw new Error("FakeDiscord: only a member's own install reaches a group DM or a server that never added the bot");
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
        : guildId && botInGuild
          ? this.state.permissionsIn(channel.id, this.state.botUser.id)
          : DM_PERMISSIONS;
    const context = guildId ? 0 : channel.type === ChannelType.DM ? 1 : 2;
    return { user, channel, guildId, memberPermissions, appPermissions, locale: opts.locale ?? 'en-US', install, context };
  }

  private whereMessage(opts: ComponentOptions, message: FakeMessage): Where {
    return this.where({
      user: opts.user,
      channelId: message.channel_id,
      locale: opts.locale,
      memberPermissions: opts.memberPermissions,
      install: opts.install ?? installOf(message),
    });
  }

  /** Finds the clicked component; a real user can only click what is on the message. */
  private component(opts: ComponentOptions, expectedType?: number): { message: FakeMessage; component: Json } {
    const message = typeof opts.message === 'string' ? this.state.messages.get(opts.message) : this.state.messages.get(opts.message.id);
    if (!message || message.deleted)
      throw new Error(`FakeDiscord: message ${typeof opts.message === 'string' ? opts.message : opts.message.id} does not exist (deleted?)`);
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
      authorizing_integration_owners: where.install === 'user' ? { 1: user.id } : { 0: guildId ?? '0' },
      context: where.context,
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
    if (!channel.guild_id) {
      const recipients = channel.type === ChannelType.GroupDM ? (channel.recipients ?? []) : [where.user];
      return { id: channel.id, type: channel.type, last_message_id: channel.last_message_id, flags: 0, recipients: recipients.map((r) => ({ ...r })) };
    }
    const { permission_overwrites: _o, ...rest } = channel;
    return { ...rest, permissions: where.memberPermissions.toString() };
  }

  /** The callback and webhook routes that answer these interactions. */
  routes(): RouteTable {
    return this.rest.routes();
  }
}

function plainModalAnswer(fields: Record<string, string | string[]>): Json[] {
  return Object.entries(fields).map(([customId, value]) =>
    Array.isArray(value)
      ? { type: 18, component: { type: 3, custom_id: customId, values: value } }
      : { type: 1, components: [{ type: 4, custom_id: customId, value }] },
  );
}

/** A component is pressed through the same install that sent its message. */
function installOf(message: FakeMessage): 'guild' | 'user' | undefined {
  const owners = (message.interaction_metadata as { authorizing_integration_owners?: Json } | undefined)?.authorizing_integration_owners;
  return owners && '1' in owners && !('0' in owners) ? 'user' : undefined;
}
