import { EmbedBuilder, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/interactions/command.js';
import { EMBED_COLOR, SHARE_OPTION, shareOption, visibilityFlags } from '../src/interactions/presentation.js';

export const partner = {
  data: new SlashCommandBuilder()
    .setName('partner')
    .setDescription('Guidance for partners of someone who feels anxious in relationships')
    .addBooleanOption(shareOption),

  async execute(interaction, ctx) {
    const guide = ctx.content.for(interaction.locale).partners;
    const embed = new EmbedBuilder()
      .setColor(EMBED_COLOR)
      .setTitle(guide.title)
      .setDescription(guide.intro)
      .addFields(guide.points)
      .addFields({ name: '\u200b', value: guide.closing });
    await interaction.reply({ embeds: [embed], flags: visibilityFlags(interaction.options.getBoolean(SHARE_OPTION)) });
  },
} satisfies Command;
