import { SlashCommandBuilder } from 'discord.js';
import { searchCrisisLines } from '../src/content/crisis-lines.js';
import { crisisButtons, crisisEmbed } from '../src/interactions/crisis-view.js';
import { commandText } from '../src/content/command-text.js';
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
  data: new SlashCommandBuilder()
    .setName('crisis')
    .setDescription(commandText('crisis'))
    .addStringOption((option) =>
      option.setName('country').setDescription(commandText('crisis.country')).setAutocomplete(true).setMaxLength(60),
    ),

  async execute(interaction, ctx) {
    const embed = await crisisEmbed(ctx, {
      locale: interaction.locale,
      guildId: interaction.guildId,
      country: interaction.options.getString('country'),
      allLines: true,
    });
    const components = await crisisButtons(ctx, { userId: interaction.user.id, locale: interaction.locale });
    await interaction.reply({ embeds: [embed], components, flags: visibilityFlags(false) });
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
