import { EmbedBuilder, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/interactions/command.js';
import type { BotContext } from '../src/interactions/context.js';
import { EMBED_COLOR, shareOption } from '../src/interactions/presentation.js';
import { shareVisibility, withShareNote } from '../src/guild-settings/share.js';

/** The guide as one embed; exported so the content tests render it. */
export function partnerEmbed(ctx: BotContext, locale: string): EmbedBuilder {
  const guide = ctx.content.for(locale).partners;
  return new EmbedBuilder()
    .setColor(EMBED_COLOR)
    .setTitle(guide.title)
    .setDescription(guide.intro)
    .addFields(guide.points)
    .addFields({ name: '\u200b', value: guide.closing });
}

export const partner = {
  name: 'partner',
  data: (text) => new SlashCommandBuilder().setName('partner').setDescription(text('partner')).addBooleanOption(shareOption(text)),

  async execute(interaction, ctx) {
    const embed = partnerEmbed(ctx, interaction.locale);
    const share = await shareVisibility(interaction, ctx);
    await interaction.reply({ ...withShareNote({ embeds: [embed] }, share.note), flags: share.flags });
  },
} satisfies Command;
