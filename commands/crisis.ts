import { SlashCommandBuilder } from 'discord.js';
import { searchCrisisLines } from '../src/content/crisis-lines.js';
import { crisisEmbed } from '../src/interactions/crisis-view.js';
import type { Command } from '../src/interactions/command.js';
import { visibilityFlags } from '../src/interactions/presentation.js';
import type { AutocompleteInteraction } from 'discord.js';
import type { BotContext } from '../src/interactions/context.js';

/** Shared by /crisis and /resources: country names as the member types. */
export async function autocompleteCountry(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const lines = ctx.content.for(interaction.locale).resources.crisisLines;
  const matches = searchCrisisLines(lines, String(interaction.options.getFocused()));
  await interaction.respond(matches.map((line) => ({ name: line.countryName, value: line.country })));
}

export const crisis = {
  data: (text) =>
    new SlashCommandBuilder()
    .setName('crisis')
    .setDescription(text('crisis'))
    .addStringOption((option) =>
      option.setName('country').setDescription(text('crisis.country')).setAutocomplete(true).setMaxLength(60),
    ),

  async execute(interaction, ctx) {
    const embed = await crisisEmbed(ctx, {
      locale: interaction.locale,
      guildId: interaction.guildId,
      country: interaction.options.getString('country'),
      allLines: true,
    });
    await interaction.reply({ embeds: [embed], flags: visibilityFlags(false) });
  },

  autocomplete: autocompleteCountry,
} satisfies Command;
