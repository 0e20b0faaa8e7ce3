import { SlashCommandBuilder } from 'discord.js';
import { searchCountries } from '../src/content/crisis-lines.js';
import { crisisEmbeds } from '../src/interactions/crisis-view.js';
import { replyWithEmbeds } from '../src/interactions/layout.js';
import { commandText } from '../src/content/command-text.js';
import type { Command } from '../src/interactions/command.js';
import { visibilityFlags } from '../src/interactions/presentation.js';
import type { AutocompleteInteraction } from 'discord.js';
import type { BotContext } from '../src/interactions/context.js';

/** Shared by /crisis and /resources: country names as the member types. */
export async function autocompleteCountry(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const countries = ctx.content.for(interaction.locale).resources.countries;
  const matches = searchCountries(countries, String(interaction.options.getFocused()));
  await interaction.respond(matches.map((entry) => ({ name: entry.countryName, value: entry.country })));
}

export const crisis = {
  data: new SlashCommandBuilder()
    .setName('crisis')
    .setDescription(commandText('crisis'))
    .addStringOption((option) =>
      option.setName('country').setDescription(commandText('crisis.country')).setAutocomplete(true).setMaxLength(60),
    ),

  async execute(interaction, ctx) {
    const embeds = await crisisEmbeds(ctx, {
      locale: interaction.locale,
      guildId: interaction.guildId,
      country: interaction.options.getString('country'),
      allLines: true,
    });
    await replyWithEmbeds(interaction, embeds, visibilityFlags(false));
  },

  autocomplete: autocompleteCountry,
} satisfies Command;
