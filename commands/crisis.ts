import { SlashCommandBuilder } from 'discord.js';
import { autocompleteCountry } from '../src/crisis/country-autocomplete.js';
import { crisisButtons, crisisEmbeds } from '../src/crisis/view.js';
import { replyWithEmbeds } from '../src/interactions/layout.js';
import type { Command } from '../src/interactions/command.js';
import { visibilityFlags } from '../src/interactions/presentation.js';

export const crisis = {
  name: 'crisis',
  data: (text) =>
    new SlashCommandBuilder()
      .setName('crisis')
      .setDescription(text('crisis'))
      .addStringOption((option) => option.setName('country').setDescription(text('crisis.country')).setAutocomplete(true).setMaxLength(60)),

  async execute(interaction, ctx) {
    const embeds = await crisisEmbeds(ctx, {
      locale: interaction.locale,
      guildId: interaction.guildId,
      country: interaction.options.getString('country'),
      allLines: true,
    });
    const components = await crisisButtons(ctx, { userId: interaction.user.id, locale: interaction.locale });
    await replyWithEmbeds(interaction, embeds, visibilityFlags(false), components);
  },

  autocomplete: autocompleteCountry,

  components: {
    /**
     * The crisis-first screen was a wrong alert: it gives way at once to what was asked for (sent
     * just below it), keeps one line pointing to /crisis, and is counted, never with the words.
     */
    async 'not-me'(interaction, _id, ctx) {
      if (!interaction.isButton()) return;
      ctx.counters.crisisWrongAlerts.inc();
      await interaction.update({ content: ctx.content.t(interaction.locale, 'crisis.notMeDone'), embeds: [], components: [] });
    },
  },
} satisfies Command;
