import { randomBytes } from 'node:crypto';
import type { Interaction } from 'discord.js';
import type { BotContext } from './context.js';
import { respondPrivately } from './respond.js';

/**
 * A problem the member can fix or should know about (bad input, something expired).
 * Carries an interface-text key rather than words, so every language can say it.
 */
export class UserFacingError extends Error {
  constructor(
    readonly textKey: string,
    readonly vars: Record<string, string | number> = {},
  ) {
    super(textKey);
  }
}

/** The one error path for interactions: a calm private message for the member, the stack in the log. */
export async function handleInteractionError(interaction: Interaction, error: unknown, ctx: BotContext): Promise<void> {
  const locale = interaction.locale;
  let text: string;
  if (error instanceof UserFacingError) {
    text = ctx.content.t(locale, error.textKey, error.vars);
  } else {
    const errorId = randomBytes(4).toString('hex');
    ctx.metrics.error('interaction');
    ctx.logger.error({ err: error, errorId, interaction: describe(interaction) }, 'interaction failed');
    text = ctx.content.t(locale, 'error.unexpected', { errorId });
  }
  if (!interaction.isRepliable()) return;
  try {
    await respondPrivately(interaction, text);
  } catch (replyError) {
    // The token may be gone (15 minutes) or Discord unreachable: nothing more to tell the member.
    ctx.logger.warn({ err: replyError }, 'could not tell the member about an error');
  }
}

function describe(interaction: Interaction): Record<string, unknown> {
  return {
    id: interaction.id,
    type: interaction.type,
    command: interaction.isCommand() || interaction.isAutocomplete() ? interaction.commandName : undefined,
    // Only which command and action: the rest of a custom_id can hold ids and answers.
    customId: interaction.isMessageComponent() || interaction.isModalSubmit() ? interaction.customId.split(':').slice(0, 3).join(':') : undefined,
    guild: interaction.guildId ?? 'dm',
  };
}
