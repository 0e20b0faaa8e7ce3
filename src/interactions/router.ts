import { MessageFlags, type Interaction, type ModalSubmitInteraction } from 'discord.js';
import type { Command } from './command.js';
import type { BotContext } from './context.js';
import { decodeCustomId } from './custom-id.js';
import { handleInteractionError, UserFacingError } from './errors.js';
import { respondPrivately } from './respond.js';
import { RateLimiter } from '../safety/rate-limit.js';
import { Cooldown } from '../safety/cooldown.js';
import { detectCrisisLanguage } from '../safety/crisis-language.js';
import { crisisEmbed } from './crisis-view.js';
import { modalText } from './write-it-down.js';
import { interactionLabel } from '../health/interaction-label.js';

/** Crisis lines shown because of what someone typed: at most once a day, so help never turns into nagging. */
const CRISIS_NOTICE_PERIOD_MS = 24 * 60 * 60 * 1000;

/** Generous for a person, tight for a script: commands 10 per 10 s, button presses 30 per 10 s. */
const COMMAND_LIMIT = { limit: 10, windowMs: 10_000 };
const COMPONENT_LIMIT = { limit: 30, windowMs: 10_000 };

export type NoticeSource = (ctx: BotContext, userId: string, locale: string) => Promise<string | null>;

/**
 * Finds the handler for an interaction by name (slash, autocomplete) or by the command part
 * of a custom_id (buttons, selects, modals), and sends every failure down one error path.
 */
export class InteractionRouter {
  readonly #commands: ReadonlyMap<string, Command>;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #commandLimit: RateLimiter;
  readonly #componentLimit: RateLimiter;
  readonly #crisisNotice: Cooldown;
  #accepting = true;

  constructor(
    commands: readonly Command[],
    private readonly ctx: BotContext,
    /** Something a feature must tell a member once, shown after their next command (e.g. paused reminders). */
    private readonly notices: readonly NoticeSource[] = [],
  ) {
    const map = new Map<string, Command>();
    for (const command of commands) {
      if (map.has(command.data.name)) throw new Error(`two commands are named /${command.data.name}`);
      map.set(command.data.name, command);
    }
    this.#commands = map;
    const clock = () => ctx.clock.now();
    this.#commandLimit = new RateLimiter({ ...COMMAND_LIMIT, clock });
    this.#componentLimit = new RateLimiter({ ...COMPONENT_LIMIT, clock });
    this.#crisisNotice = new Cooldown({ periodMs: CRISIS_NOTICE_PERIOD_MS, clock });
  }

  get commands(): ReadonlyMap<string, Command> {
    return this.#commands;
  }

  /** Entry point for the client's interactionCreate event; never rejects. */
  dispatch(interaction: Interaction): Promise<void> {
    if (!this.#accepting) return Promise.resolve();
    const started = performance.now();
    let failed = false;
    const work = this.#route(interaction)
      .catch((error: unknown) => {
        failed = !(error instanceof UserFacingError);
        return handleInteractionError(interaction, error, this.ctx);
      })
      .finally(() => this.ctx.metrics.interaction(interactionLabel(interaction, this.#commands), (performance.now() - started) / 1000, failed));
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
    return work;
  }

  /** Stops taking new interactions and waits (up to a limit) for those already started. */
  async drain(timeoutMs: number): Promise<void> {
    this.#accepting = false;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.#inFlight]),
      new Promise((done) => (timer = setTimeout(done, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  /** True when the member is over their limit; they have then been told, kindly, when to try again. */
  async #overLimit(interaction: Interaction): Promise<boolean> {
    if (!interaction.isRepliable() || interaction.isAutocomplete()) return false;
    const limiter = interaction.isChatInputCommand() ? this.#commandLimit : this.#componentLimit;
    const verdict = limiter.take(interaction.user.id);
    if (verdict.allowed) return false;
    const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
    await respondPrivately(interaction, this.ctx.content.t(interaction.locale, 'error.rateLimited', { seconds }));
    return true;
  }

  /**
   * Free text that sounds like a crisis gets the crisis lines before anything else. Only the
   * cooldown (in memory) remembers it happened; nothing about it is stored or logged.
   */
  async #crisisFirst(interaction: ModalSubmitInteraction): Promise<void> {
    if (!detectCrisisLanguage(modalText(interaction)).matched) return;
    if (!this.#crisisNotice.tryFire(interaction.user.id)) return;
    const locale = interaction.locale;
    const embed = await crisisEmbed(this.ctx, { locale, guildId: interaction.guildId, intro: this.ctx.content.t(locale, 'crisis.noticedWords') });
    await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
  }

  async #route(interaction: Interaction): Promise<void> {
    const { ctx } = this;
    if (await this.#overLimit(interaction)) return;
    if (interaction.isChatInputCommand()) {
      const command = this.#commands.get(interaction.commandName);
      if (!command) throw new UserFacingError('error.unknownCommand');
      await command.execute(interaction, ctx);
      for (const source of this.notices) {
        const notice = await source(ctx, interaction.user.id, interaction.locale);
        if (notice) await respondPrivately(interaction, notice);
      }
      return;
    }
    if (interaction.isAutocomplete()) {
      const command = this.#commands.get(interaction.commandName);
      // Autocomplete cannot show errors; an empty list is the honest answer.
      if (!command?.autocomplete) return void (await interaction.respond([]));
      await command.autocomplete(interaction, ctx);
      return;
    }
    if (interaction.isButton() || interaction.isStringSelectMenu() || interaction.isModalSubmit()) {
      const decoded = decodeCustomId(interaction.customId);
      const command = decoded.ok ? this.#commands.get(decoded.id.command) : undefined;
      const handler = decoded.ok ? command?.components?.[decoded.id.action] : undefined;
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
      if (interaction.isModalSubmit()) await this.#crisisFirst(interaction);
      await handler(interaction, decoded.id, ctx);
    }
  }
}
