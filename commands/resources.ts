import { EmbedBuilder, SlashCommandBuilder } from 'discord.js';
import { findCrisisLine, formatCrisisLine } from '../src/content/crisis-lines.js';
import { commandText } from '../src/content/command-text.js';
import type { Command } from '../src/interactions/command.js';
import { EMBED_COLOR, visibilityFlags } from '../src/interactions/presentation.js';
import { moderatorText } from '../src/guild-settings/moderator-text.js';
import { autocompleteCountry } from './crisis.js';

export const resources = {
  data: new SlashCommandBuilder()
    .setName('resources')
    .setDescription(commandText('resources'))
    .addStringOption((option) =>
      option.setName('country').setDescription(commandText('resources.country')).setAutocomplete(true).setMaxLength(60),
    ),

  async execute(interaction, ctx) {
    const locale = interaction.locale;
    const resources = ctx.content.for(locale).resources;
    const asked = interaction.options.getString('country');
    const line = asked ? findCrisisLine(resources.crisisLines, asked) : undefined;

    const embed = new EmbedBuilder()
      .setColor(EMBED_COLOR)
      .setTitle(resources.title)
      .setDescription(resources.intro)
      .addFields(
        {
          name: ctx.content.t(locale, 'resources.organisations'),
          value: resources.organisations.map((o) => `**${o.name}**: ${o.description} <${o.url}>`).join('\n').slice(0, 1024),
        },
        { name: ctx.content.t(locale, 'resources.findTherapist'), value: resources.findTherapist },
      );
    if (line) {
      embed.addFields({ name: ctx.content.t(locale, 'resources.crisisLine'), value: formatCrisisLine(ctx.content, locale, line).slice(0, 1024) });
    } else {
      const intro = asked ? ctx.content.t(locale, 'crisis.countryNotListed', { country: asked.slice(0, 60) }) + '\n' : '';
      const sample = resources.crisisLines.slice(0, 6).map((l) => `• ${l.countryName}: ${l.contact}`).join('\n');
      embed.addFields({
        name: ctx.content.t(locale, 'resources.crisisLine'),
        value: `${intro}${sample}\n${resources.findLocalLine}`.slice(0, 1024),
      });
    }
    const note = interaction.guildId ? (await ctx.store.guilds.get(interaction.guildId))?.resourcesNote : undefined;
    if (note) embed.addFields({ name: ctx.content.t(locale, 'resources.serverNote'), value: moderatorText(note) });
    await interaction.reply({ embeds: [embed], flags: visibilityFlags(false) });
  },

  autocomplete: (interaction, ctx) => autocompleteCountry(interaction, ctx),
} satisfies Command;
