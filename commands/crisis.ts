import { EmbedBuilder, SlashCommandBuilder } from 'discord.js';
import { countryFromLocale, findCrisisLine, formatCrisisLine, searchCrisisLines } from '../src/content/crisis-lines.js';
import type { Command } from '../src/interactions/command.js';
import { EMBED_COLOR, visibilityFlags } from '../src/interactions/presentation.js';
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
    .setDescription('If you are struggling right now: crisis lines and immediate help')
    .addStringOption((option) =>
      option.setName('country').setDescription('Your country, to show its crisis line first').setAutocomplete(true),
    ),

  async execute(interaction, ctx) {
    const locale = interaction.locale;
    const resources = ctx.content.for(locale).resources;
    const asked = interaction.options.getString('country');
    const chosen = asked ? findCrisisLine(resources.crisisLines, asked) : undefined;
    const guessed = chosen ?? findCrisisLine(resources.crisisLines, countryFromLocale(locale) ?? '');

    // Everything on one screen: emergency advice, then the member's line, then every other line.
    const blocks = [resources.emergency];
    if (asked && !chosen) blocks.push(ctx.content.t(locale, 'crisis.countryNotListed', { country: asked.slice(0, 60) }));
    if (guessed) blocks.push(formatCrisisLine(ctx.content, locale, guessed));
    const others = resources.crisisLines.filter((line) => line !== guessed);
    const list = others.map((line) => `• **${line.countryName}**: ${line.name}, ${line.contact}${line.confirmed ? '' : ` ${ctx.content.t(locale, 'crisis.unconfirmedShort')}`}`);
    blocks.push(`${ctx.content.t(locale, 'crisis.otherLines')}\n${list.join('\n')}`);
    blocks.push(resources.findLocalLine);

    const embed = new EmbedBuilder()
      .setColor(EMBED_COLOR)
      .setTitle(ctx.content.t(locale, 'crisis.title'))
      .setDescription(blocks.join('\n\n').slice(0, 4096));
    const note = interaction.guildId ? (await ctx.store.guilds.get(interaction.guildId))?.resourcesNote : undefined;
    if (note) embed.addFields({ name: ctx.content.t(locale, 'resources.serverNote'), value: note });
    await interaction.reply({ embeds: [embed], flags: visibilityFlags(false) });
  },

  autocomplete: autocompleteCountry,
} satisfies Command;
