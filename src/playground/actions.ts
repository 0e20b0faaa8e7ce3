import { CallbackType, Perm, type FakeDiscord, type InteractionHandle, type Json, type RawOption } from '../fake-discord/index.js';
import { ApplicationCommandOptionType as OptionType } from 'discord.js';
import { WEEKLY_PROMPT_PREFIX } from '../guild-settings/weekly-prompt-kind.js';
import { FOCUS_PREFIX } from '../focus/service.js';
import { REMINDER_PREFIX } from '../reminders/service.js';
import type { Scheduler } from '../scheduler/service.js';
import type { PlaygroundClock } from './clock.js';
import { PLAYGROUND_LANGUAGES, type MemberSettings } from './member-settings.js';
import { messageView } from './view.js';
import { isModerator, setModerator, type World } from './world.js';

/** What the playground needs of the bot's scheduler. */
export type SchedulerLike = Pick<Scheduler, 'dueAt' | 'tick'>;

/**
 * "Next scheduled send" means the visitor's own reminder (`REMINDER_PREFIX`), end-of-week focus question
 * (`FOCUS_PREFIX`) or their server's weekly prompt (`WEEKLY_PROMPT_PREFIX`), not the bot's housekeeping (the
 * daily retention sweep), which shows nothing on the page.
 */
const OWN_ENTRIES = (world: World): [string, string][] => [
  [REMINDER_PREFIX, world.you.id],
  [FOCUS_PREFIX, world.you.id],
  [WEEKLY_PROMPT_PREFIX, world.guild.id],
];

/** A mistake the member can fix (shown on the page), not a bug. */
export class PlaygroundError extends Error {}

/** Discord gives a bot 3 s to answer; a little more so a slow answer still shows as the fake saw it. */
const RESPONSE_WAIT_MS = 3500;
/** Interaction tokens (and so modals) live 15 minutes on Discord. */
const HANDLE_LIFETIME_MS = 15 * 60_000;

export interface CommandView {
  name: string;
  description: string;
  options: Json[];
  inGuild: boolean;
  inDm: boolean;
}

interface Invocation {
  channelId: string;
  name: string;
  subcommand?: string;
  group?: string;
  /** Values as typed on the page (strings); converted to the registered option types here. */
  options?: Record<string, string>;
}

export interface ActionResult {
  modal?: Json;
  interaction?: string;
  choices?: Json[];
  note?: string;
  /** Where "Jump to next scheduled send" moved the clock (ms since the epoch). */
  jumpedTo?: number;
}

/** Everything the page may ask for, done the way a Discord client would do it. */
export class Actions {
  private readonly modals = new Map<string, { handle: InteractionHandle; at: number }>();
  readonly settings: MemberSettings = { locale: 'en-US', ownInstall: false };

  constructor(
    private readonly fake: FakeDiscord,
    private readonly world: World,
    private readonly clock: PlaygroundClock,
    private readonly scheduler: SchedulerLike,
    private readonly onWorldChange: () => void,
  ) {}

  get moderator(): boolean {
    return isModerator(this.fake, this.world);
  }

  /** The registered commands, and where the member may use each (Discord hides the rest). */
  commands(): CommandView[] {
    const general = this.world.channels[0]!.id;
    const perms = this.fake.state.permissionsIn(general, this.world.you.id);
    const byName = new Map<string, Json>();
    for (const c of [...this.fake.commands(), ...this.fake.commands(this.world.guild.id)]) {
      if ((c.type ?? 1) === 1) byName.set(String(c.name), c);
    }
    return [...byName.values()]
      .map((c) => {
        const contexts = c.contexts as number[] | null | undefined;
        const required = typeof c.default_member_permissions === 'string' ? BigInt(c.default_member_permissions) : 0n;
        const allowed = (perms & required) === required || (perms & Perm.Administrator) !== 0n;
        return {
          name: String(c.name),
          description: String(c.description ?? ''),
          options: (c.options as Json[] | undefined) ?? [],
          inGuild: (!contexts || contexts.includes(0)) && allowed,
          inDm: (!contexts || contexts.includes(1)) && c.dm_permission !== false && !c.guild_id,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  history(channelId: string) {
    return this.fake.messages(channelId).map(messageView);
  }

  async slash(inv: Invocation): Promise<ActionResult> {
    const handle = this.attempt(() => this.fake.slash({ ...this.where(inv.channelId), ...this.command(inv) }));
    return this.answer(handle);
  }

  async autocomplete(inv: Invocation & { focused: string }): Promise<ActionResult> {
    const handle = this.attempt(() => this.fake.autocomplete({ ...this.where(inv.channelId), ...this.command(inv, inv.focused), focused: inv.focused }));
    const choices = await handle.choices(RESPONSE_WAIT_MS).catch(() => []);
    return { choices };
  }

  async button(messageId: string, customId: string): Promise<ActionResult> {
    return this.answer(this.attempt(() => this.fake.button({ user: this.world.you, message: messageId, customId, locale: this.settings.locale })));
  }

  async select(messageId: string, customId: string, values: string[]): Promise<ActionResult> {
    return this.answer(this.attempt(() => this.fake.select({ user: this.world.you, message: messageId, customId, values, locale: this.settings.locale })));
  }

  async submitModal(interaction: string, fields: Record<string, string | string[]>): Promise<ActionResult> {
    const source = this.modals.get(interaction);
    if (!source) throw new PlaygroundError('This form has expired (forms last 15 minutes). Run the command again.');
    this.modals.delete(interaction);
    return this.answer(this.attempt(() => this.fake.modalSubmit({ from: source.handle, fields, locale: this.settings.locale })));
  }

  /** A plain message from the member. The bot reads none (it has no message intent), as on Discord. */
  say(channelId: string, content: string): ActionResult {
    const text = content.trim().slice(0, 2000);
    if (!text) throw new PlaygroundError('Type a message first.');
    this.fake.userMessage({ user: this.world.you.id, channelId: this.where(channelId).channelId, content: text });
    return {};
  }

  setLanguage(locale: string): void {
    if (!Object.hasOwn(PLAYGROUND_LANGUAGES, locale)) throw new PlaygroundError(`The playground has no language "${locale.slice(0, 20)}".`);
    this.settings.locale = locale;
    this.onWorldChange();
  }

  setOwnInstall(on: boolean): void {
    this.settings.ownInstall = on;
    this.onWorldChange();
  }

  setModerator(on: boolean): void {
    setModerator(this.fake, this.world, on);
    this.onWorldChange();
  }

  /** Moves the clock to the scheduler's next due time and lets it send what is due. */
  async jumpToNext(): Promise<ActionResult> {
    const due = this.nextDue();
    if (due === null) {
      return { note: 'Nothing is scheduled yet. Set a reminder with /reminders, a weekly focus with /focus (or weekly prompts with /config) first.' };
    }
    this.clock.jumpTo(due);
    await this.scheduler.tick();
    return { jumpedTo: this.clock.now() };
  }

  async advance(ms: number): Promise<ActionResult> {
    if (!Number.isFinite(ms) || ms <= 0 || ms > 366 * 86_400_000) throw new PlaygroundError('Jump by a positive time of up to a year.');
    this.clock.advance(ms);
    await this.scheduler.tick();
    return {};
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private nextDue(): number | null {
    const times = OWN_ENTRIES(this.world)
      .map(([prefix, id]) => this.scheduler.dueAt(prefix, id))
      .filter((t): t is number => typeof t === 'number');
    return times.length ? Math.min(...times) : null;
  }

  private where(channelId: string) {
    const { locale, ownInstall } = this.settings;
    const dm = this.fake.dmChannel(this.world.you.id).id;
    if (channelId === dm) return { user: this.world.you, channelId, locale, install: ownInstall ? ('user' as const) : ('guild' as const) };
    if (!this.fake.state.channels.get(channelId)?.guild_id) throw new PlaygroundError('That channel is gone.');
    return { user: this.world.you, guildId: this.world.guild.id, channelId, locale };
  }

  private command(inv: Invocation, focused?: string) {
    const definitions = this.definitions(inv);
    const options: RawOption[] = Object.entries(inv.options ?? {}).map(([name, text]) => {
      const def = definitions.find((d) => d.name === name);
      if (!def) throw new PlaygroundError(`/${inv.name} has no option "${name}".`);
      const type = Number(def.type);
      return { name, type, value: name === focused ? text : typed(name, type, text), ...(name === focused ? { focused: true } : {}) };
    });
    return {
      name: inv.name,
      options,
      ...(inv.subcommand ? { subcommand: inv.subcommand } : {}),
      ...(inv.group ? { subcommandGroup: inv.group } : {}),
    };
  }

  private definitions(inv: Invocation): Json[] {
    const command = this.commands().find((c) => c.name === inv.name);
    if (!command) throw new PlaygroundError(`There is no /${inv.name} command.`);
    let defs = command.options;
    for (const [name, type] of [
      [inv.group, OptionType.SubcommandGroup],
      [inv.subcommand, OptionType.Subcommand],
    ] as const) {
      if (!name) continue;
      const next = defs.find((d) => d.name === name && d.type === type);
      if (!next) throw new PlaygroundError(`/${inv.name} has no "${name}".`);
      defs = (next.options as Json[] | undefined) ?? [];
    }
    return defs;
  }

  /** The fake refuses what Discord's own client would not let a member send; say so plainly. */
  private attempt(send: () => InteractionHandle): InteractionHandle {
    try {
      return send();
    } catch (error) {
      if (error instanceof PlaygroundError) throw error;
      throw new PlaygroundError(String(error instanceof Error ? error.message : error).replace(/^FakeDiscord: /, ''));
    }
  }

  private async answer(handle: InteractionHandle): Promise<ActionResult> {
    const first = await handle.response(RESPONSE_WAIT_MS).catch(() => undefined);
    if (!first) throw new PlaygroundError(`${this.fake.botUser.username} did not respond in time. (Discord would say "The application did not respond".)`);
    if (first.type !== CallbackType.Modal) return {};
    this.prune();
    this.modals.set(handle.id, { handle, at: Date.now() });
    return { modal: first.data ?? {}, interaction: handle.id };
  }

  private prune(): void {
    for (const [id, { at }] of this.modals) if (Date.now() - at > HANDLE_LIFETIME_MS) this.modals.delete(id);
  }
}

function typed(name: string, type: number, text: string): string | number | boolean {
  if (type === OptionType.Boolean) return text === 'true' || text === 'True';
  if (type === OptionType.Integer || type === OptionType.Number) {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n) || (type === OptionType.Integer && !Number.isInteger(n))) {
      throw new PlaygroundError(`"${name}" needs ${type === OptionType.Integer ? 'a whole number' : 'a number'}.`);
    }
    return n;
  }
  return text;
}
