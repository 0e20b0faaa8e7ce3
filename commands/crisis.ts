import { SlashCommandBuilder } from 'discord.js';
import { autocompleteCountry } from '../src/crisis/country-autocomplete.js';
import { crisisEmbeds } from '../src/crisis/view.js';
import { replyWithEmbeds } from '../src/interactions/layout.js';
import type { Command } from '../src/interactions/command.js';
import { visibilityFlags } from '../src/interactions/presentation.js';

export const crisis = {
  data: (text) =>
    new SlashCommandBuilder()
    .setName('crisis')
    .setDescription(text('crisis'))
    .addStringOption((option) =>
      option.setName('country').setDescription(text('crisis.country')).setAutocomplete(true).setMaxLength(60),
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
