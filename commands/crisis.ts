import { SlashCommandBuilder } from 'discord.js';
import { autocompleteCountry } from '../src/crisis/country-autocomplete.js';
import { crisisEmbeds } from '../src/crisis/view.js';
import { replyWithEmbeds } from '../src/interactions/layout.js';
import { commandText } from '../src/content/command-text.js';
import type { Command } from '../src/interactions/command.js';
import { visibilityFlags } from '../src/interactions/presentation.js';

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
