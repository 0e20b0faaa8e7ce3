import { Perm, guildPermissions, has, toBits } from './permissions.js';
import { InteractionType, OptionType } from './interaction-types.js';
import type { OptionValue, RawOption, SlashOptions, Where } from './interaction-types.js';
import type { FakeState } from './state.js';
import type { Json } from './types.js';

// How the fake turns a test's options into Discord's option payloads: checked against the
// registered command as Discord's client would, with user, role and channel objects resolved.

/** Throws when Discord would not offer the command to this user here. */
export function checkCommandAccess(state: FakeState, command: Json, where: Where, opts: SlashOptions): void {
  const contexts = command.contexts as number[] | null | undefined;
  const installs = (command.integration_types as number[] | null | undefined) ?? [0];
  if (!installs.includes(where.install === 'user' ? 1 : 0)) {
    throw new Error(`FakeDiscord: /${opts.name} is not offered to ${where.install} installs (integration_types ${JSON.stringify(installs)})`);
  }
  if (where.context === 2 && !contexts?.includes(2)) {
    throw new Error(`FakeDiscord: /${opts.name} is not available in group DMs (contexts ${JSON.stringify(contexts)})`);
  }
  if (where.context === 1 && (command.dm_permission === false || (contexts && !contexts.includes(1)))) {
    throw new Error(`FakeDiscord: /${opts.name} is not available in DMs (contexts ${JSON.stringify(contexts)})`);
  }
  if (where.guildId && contexts && !contexts.includes(0)) {
    throw new Error(`FakeDiscord: /${opts.name} is not available in guilds (contexts ${JSON.stringify(contexts)})`);
  }
  const required = command.default_member_permissions;
  if (where.guildId && typeof required === 'string') {
    const perms = opts.memberPermissions !== undefined ? toBits(opts.memberPermissions) : guildPermissions(state.guild(where.guildId), where.user.id);
    if (!has(perms, BigInt(required)) && !has(perms, Perm.Administrator)) {
      throw new Error(`FakeDiscord: Discord hides /${opts.name} from ${where.user.username}: lacks default_member_permissions ${required}`);
    }
  }
}

/** The option definitions at the chosen subcommand (group), or undefined for an unregistered command. */
export function optionDefinitions(command: Json | undefined, opts: SlashOptions): Json[] | undefined {
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

/** One `{ name: value }` option in raw shape, typed from its definition (else from the JS type). */
export function option(name: string, value: OptionValue, defs: Json[] | undefined, command: Json | undefined, focused?: string): RawOption {
  const def = defs?.find((d) => d.name === name);
  if (defs && !def) throw new Error(`FakeDiscord: /${String(command?.name)} has no option "${name}" (has: ${defs.map((d) => d.name).join(', ')})`);
  const type =
    (def?.type as number | undefined) ??
    (typeof value === 'boolean'
      ? OptionType.Boolean
      : typeof value === 'number'
        ? Number.isInteger(value)
          ? OptionType.Integer
          : OptionType.Number
        : OptionType.String);
  // Autocomplete sends what the user has typed so far, always as a string.
  if (name === focused) return { name, type, value: String(value), focused: true };
  const choices = def?.choices as Json[] | undefined;
  if (choices?.length && !choices.some((c) => c.value === value)) {
    throw new Error(`FakeDiscord: option "${name}" only accepts ${choices.map((c) => JSON.stringify(c.value)).join(', ')}`);
  }
  return { name, type, value };
}

/** Discord's client does not send a command with a required option missing. */
export function checkRequired(command: Json, defs: Json[], given: RawOption[], type: number): void {
  if (type === InteractionType.Autocomplete) return;
  for (const d of defs) {
    if (d.required && !given.some((g) => g.name === d.name)) {
      throw new Error(`FakeDiscord: /${String(command.name)} requires option "${String(d.name)}"`);
    }
  }
}

/** Puts the user, member, role or channel an option names into `resolved`, as Discord does. */
export function resolveOption(state: FakeState, o: RawOption, where: Where, resolved: Record<string, Record<string, Json>>): void {
  if (o.focused) return;
  const id = String(o.value);
  const put = (bucket: string, key: string, value: Json) => {
    resolved[bucket] ??= {};
    resolved[bucket][key] = value;
  };
  const guild = where.guildId ? state.guild(where.guildId) : undefined;
  const asUser = () => {
    const user = state.users.get(id);
    if (!user) return false;
    put('users', id, { ...user });
    const member = guild?.members.get(id);
    if (member && guild) {
      const { user: _u, ...rest } = member;
      const channelPerms = state.permissionsIn(where.channel.id, id);
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
      const channel = state.channels.get(id);
      if (!channel) throw new Error(`FakeDiscord: option "${o.name}": unknown channel ${id}`);
      put('channels', id, {
        id,
        name: channel.name,
        type: channel.type,
        parent_id: channel.parent_id ?? null,
        permissions: state.permissionsIn(id, where.user.id).toString(),
        ...(channel.thread_metadata ? { thread_metadata: channel.thread_metadata } : {}),
      });
      break;
    }
    default:
  }
}
