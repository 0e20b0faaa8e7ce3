import type { AutocompleteInteraction, Interaction, ModalSubmitInteraction } from 'discord.js';
import { commandText } from '../content/command-text.js';
import type { Command, ComponentHandler } from './command.js';
import type { BotContext } from './context.js';
import { decodeCustomId } from './custom-id.js';
import { handleInteractionError, UserFacingError } from './errors.js';
import { respondPrivately, type PrivateMessage } from './respond.js';
import { RateLimiter } from '../safety/rate-limit.js';
import { interactionLabel } from '../health/interaction-label.js';

/** Generous for a person, tight for a script: commands 10 per 10 s, button presses 30 per 10 s. */
const COMMAND_LIMIT = { limit: 10, windowMs: 10_000 };
const COMPONENT_LIMIT = { limit: 30, windowMs: 10_000 };

/** Discord always marks the option being typed; a payload without one has nothing to complete. */
function hasFocusedOption(interaction: AutocompleteInteraction): boolean {
  try {
    interaction.options.getFocused(true);
    return true;
  } catch {
    return false;
  }
}

/** Null (not a promise) when there is certainly nothing to say, so the usual command awaits nothing more. */
export type NoticeSource = (ctx: BotContext, userId: string, locale: string) => Promise<PrivateMessage | null> | null;

/** Runs on every modal submit before its handler (e.g. crisis lines first when free text calls for them). */
export type ModalCheck = (interaction: ModalSubmitInteraction, ctx: BotContext) => Promise<void>;

export interface RouterHooks {
  /** Something a feature must tell a member once, shown after their next command (e.g. paused reminders). */
  notices?: readonly NoticeSource[];
  modalChecks?: readonly ModalCheck[];
}

/**
 * Finds the handler for an interaction by name (slash, autocomplete) or by the command part
 * of a custom_id (buttons, selects, modals), and sends every failure down one error path.
 */
export class InteractionRouter {
  readonly #commands: ReadonlyMap<string, Command>;
  /** Each command's component handlers by action, from its own properties only: a custom_id is outside input. */
  readonly #components = new Map<string, ReadonlyMap<string, ComponentHandler>>();
  /** Interactions being handled, and who waits for that to reach 0 (a drain). */
  #inFlight = 0;
  #idle: { reached: Promise<void>; resolve: () => void } | undefined;
  readonly #commandLimit: RateLimiter;
  readonly #componentLimit: RateLimiter;
  #accepting = true;

  constructor(
    commands: readonly Command[],
    private readonly ctx: BotContext,
    private readonly hooks: RouterHooks = {},
  ) {
    // Content validated at build time had every definition built from it there (src/content/prepare.ts);
    // otherwise they are built now, so a description missing from commands.json still stops the start.
    if (!ctx.content.preparedAtBuild) {
      const text = commandText(ctx.content);
      for (const command of commands) command.data(text);
    }
    const map = new Map<string, Command>();
    for (const command of commands) {
      const { name } = command;
      if (map.has(name)) throw new Error(`two commands are named /${name}`);
      map.set(name, command);
      this.#components.set(name, new Map(Object.entries(command.components ?? {})));
    }
    this.#commands = map;
    const clock = () => ctx.clock.now();
    this.#commandLimit = new RateLimiter({ ...COMMAND_LIMIT, clock });
    this.#componentLimit = new RateLimiter({ ...COMPONENT_LIMIT, clock });
  }

  get commands(): ReadonlyMap<string, Command> {
    return this.#commands;
  }

  /** Entry point for the client's interactionCreate event; never rejects. */
  dispatch(interaction: Interaction): Promise<void> {
    if (!this.#accepting) return Promise.resolve();
    this.#inFlight++;
    return this.#handle(interaction);
  }

  /** One async function rather than a chain of catch/finally callbacks: fewer promises per interaction. */
  async #handle(interaction: Interaction): Promise<void> {
    const started = performance.now();
    let failed = false;
    try {
      await this.#route(interaction);
    } catch (error) {
      failed = !(error instanceof UserFacingError);
      await handleInteractionError(interaction, error, this.ctx);
    } finally {
      this.ctx.metrics.interaction(interactionLabel(interaction, this.#commands), (performance.now() - started) / 1000, failed);
      if (--this.#inFlight === 0) this.#idle?.resolve();
    }
  }

  /** Stops taking new interactions and waits (up to a limit) for those already started. */
  async drain(timeoutMs: number): Promise<void> {
    this.#accepting = false;
    let timer: NodeJS.Timeout | undefined;
    if (this.#inFlight > 0 && !this.#idle) {
      let resolve = () => {};
      const reached = new Promise<void>((done) => (resolve = done));
      this.#idle = { reached, resolve };
    }
    await Promise.race([this.#idle?.reached, new Promise((done) => (timer = setTimeout(done, timeoutMs)))]);
    clearTimeout(timer);
  }

  /** The kind "try again in N s" reply when the member is over their limit; null (no promise made) otherwise. */
  #overLimit(interaction: Interaction): Promise<void> | null {
    if (!interaction.isRepliable() || interaction.isAutocomplete()) return null;
    const limiter = interaction.isChatInputCommand() ? this.#commandLimit : this.#componentLimit;
    const verdict = limiter.take(interaction.user.id);
    if (verdict.allowed) return null;
    const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
    return respondPrivately(interaction, this.ctx.content.t(interaction.locale, 'error.rateLimited', { seconds }));
  }

  async #route(interaction: Interaction): Promise<void> {
    const { ctx } = this;
    const refused = this.#overLimit(interaction);
    if (refused) return refused;
    if (interaction.isChatInputCommand()) {
      const command = this.#commands.get(interaction.commandName);
      if (!command) throw new UserFacingError('error.unknownCommand');
      await command.execute(interaction, ctx);
      // A subcommand this version no longer has (an older registration) falls through every handler.
      if (!interaction.replied && !interaction.deferred) await respondPrivately(interaction, ctx.content.t(interaction.locale, 'error.unknownCommand'));
      for (const source of this.hooks.notices ?? []) {
        const pending = source(ctx, interaction.user.id, interaction.locale);
        const notice = pending && (await pending);
        if (notice) await respondPrivately(interaction, notice);
      }
      return;
    }
    if (interaction.isAutocomplete()) {
      const command = this.#commands.get(interaction.commandName);
      // Autocomplete cannot show errors; an empty list is the honest answer, whatever happened.
      try {
        if (command?.autocomplete && hasFocusedOption(interaction)) await command.autocomplete(interaction, ctx);
      } finally {
        if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
      }
      return;
    }
    if (interaction.isButton() || interaction.isStringSelectMenu() || interaction.isModalSubmit()) {
      const decoded = decodeCustomId(interaction.customId);
      const command = decoded.ok ? this.#commands.get(decoded.id.command) : undefined;
      const handler = command && decoded.ok ? this.#components.get(decoded.id.command)?.get(decoded.id.action) : undefined;
      if (!decoded.ok || !handler) {
        const name = decoded.ok ? decoded.id.command : decoded.command;
        const known = name !== undefined && this.#commands.has(name);
        await respondPrivately(
          interaction,
          ctx.content.t(interaction.locale, known ? 'error.expiredButton' : 'error.expiredButtonUnknown', { command: name ?? '' }),
        );
        return;
      }
      if (decoded.id.owner !== '*' && decoded.id.owner !== interaction.user.id) {
        await respondPrivately(interaction, ctx.content.t(interaction.locale, 'error.notYourButton', { command: decoded.id.command }));
        return;
      }
      if (interaction.isModalSubmit()) for (const check of this.hooks.modalChecks ?? []) await check(interaction, ctx);
      await handler(interaction, decoded.id, ctx);
      // A handler meant for another kind of component (or for a server, pressed in a DM) leaves it unanswered.
      if (!interaction.replied && !interaction.deferred) {
        await respondPrivately(interaction, ctx.content.t(interaction.locale, 'error.expiredButton', { command: decoded.id.command }));
      }
    }
  }
}
