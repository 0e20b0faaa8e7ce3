import { EmbedBuilder, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/interactions/command.js';
import { EMBED_COLOR, visibilityFlags } from '../src/interactions/presentation.js';

export const about = {
  data: (text) =>
    new SlashCommandBuilder().setName('about').setDescription(text('about')),

  async execute(interaction, ctx) {
    const about = ctx.content.for(interaction.locale).about;
    const embed = new EmbedBuilder()
      .setColor(EMBED_COLOR)
      .setTitle(about.title)
      .setDescription(about.body)
      .addFields(about.fields)
      .addFields(ctx.privacyUrl ? [{ name: ctx.content.t(interaction.locale, 'privacy.link.title'), value: `<${ctx.privacyUrl}>` }] : [])
      .setFooter({ text: ctx.content.t(interaction.locale, 'about.footer', { version: ctx.version }) });
    await interaction.reply({ embeds: [embed], flags: visibilityFlags(false) });
  },
} satisfies Command;
