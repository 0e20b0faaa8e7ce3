import { ActionRowBuilder, EmbedBuilder, ModalBuilder, TextInputBuilder, TextInputStyle, type ModalSubmitInteraction } from 'discord.js';
import type { Strategy } from '../content/index.js';
import type { BotContext } from '../interactions/context.js';
import { encodeCustomId } from '../interactions/custom-id.js';
import { EMBED_COLOR } from '../interactions/presentation.js';
import { STRATEGY_COMMAND, StrategyAction } from './custom-ids.js';

/** Free text is capped well below Discord's 4000 so a reflection always fits one embed field. */
export const FREE_TEXT_MAX = 1000;

/** The private writing exercise of a strategy, as a modal. */
export function writingModal(strategy: Strategy, owner: string): ModalBuilder {
  const exercise = strategy.writeItDown!;
  return new ModalBuilder()
    .setCustomId(encodeCustomId({ command: STRATEGY_COMMAND, action: StrategyAction.Reflect, owner, args: [strategy.id] }))
    .setTitle(exercise.title)
    .addComponents(
      exercise.prompts.map((prompt, index) =>
        new ActionRowBuilder<TextInputBuilder>().addComponents(
          new TextInputBuilder()
            .setCustomId(`p${index}`)
            .setLabel(prompt.label)
            .setPlaceholder(prompt.placeholder)
            .setStyle(TextInputStyle.Paragraph)
            .setMaxLength(FREE_TEXT_MAX)
            .setRequired(index === 0),
        ),
      ),
    );
}

/** Their own words next to the reflection; built, shown once, and never stored. */
export function reflectionEmbed(ctx: BotContext, interaction: ModalSubmitInteraction, strategy: Strategy): EmbedBuilder {
  const exercise = strategy.writeItDown!;
  const embed = new EmbedBuilder().setColor(EMBED_COLOR).setTitle(exercise.title);
  exercise.prompts.forEach((prompt, index) => {
    const field = interaction.fields.fields.get(`p${index}`);
    const value = field && 'value' in field && typeof field.value === 'string' ? field.value.trim().slice(0, FREE_TEXT_MAX) : '';
    // One block quote marker for the whole answer: a per-line "> " could push 1000 typed characters past Discord's 1024.
    if (value) embed.addFields({ name: prompt.label, value: `>>> ${value}` });
  });
  embed.addFields({ name: ctx.content.t(interaction.locale, 'strategy.reflection'), value: exercise.reflection });
  return embed;
}

/** The answers as typed (trimmed), in prompt order; '' for one left empty. */
export function writtenTexts(interaction: ModalSubmitInteraction, strategy: Strategy): string[] {
  return strategy.writeItDown!.prompts.map((_, index) => {
    const field = interaction.fields.fields.get(`p${index}`);
    return field && 'value' in field && typeof field.value === 'string' ? field.value.trim().slice(0, FREE_TEXT_MAX) : '';
  });
}
