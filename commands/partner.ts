import { EmbedBuilder, SlashCommandBuilder } from 'discord.js';
import { commandText } from '../src/content/command-text.js';
import type { Command } from '../src/interactions/command.js';
import { EMBED_COLOR, shareOption } from '../src/interactions/presentation.js';
import { shareVisibility, withShareNote } from '../src/guild-settings/share.js';

export const partner = {
  data: new SlashCommandBuilder()
    .setName('partner')
    .setDescription(commandText('partner'))
    .addBooleanOption(shareOption),

  async execute(interaction, ctx) {
    const guide = ctx.content.for(interaction.locale).partners;
    const embed = new EmbedBuilder()
      .setColor(EMBED_COLOR)
      .setTitle(guide.title)
      .setDescription(guide.intro)
      .addFields(guide.points)
      .addFields({ name: '\u200b', value: guide.closing });
    const share = await shareVisibility(interaction, ctx);
    await interaction.reply({ ...withShareNote({ embeds: [embed] }, share.note), flags: share.flags });
  },
} satisfies Command;
