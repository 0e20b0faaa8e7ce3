import { EmbedBuilder, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/interactions/command.js';
import { preparedReply, sendAsIs } from '../src/interactions/prepared.js';
import { EMBED_COLOR, visibilityFlags } from '../src/interactions/presentation.js';

/** The same for everyone who shares a locale, so built once per locale and sent as the same bytes. */
const aboutReply = preparedReply((ctx, locale) => {
  const about = ctx.content.for(locale).about;
  const embed = new EmbedBuilder()
    .setColor(EMBED_COLOR)
    .setTitle(about.title)
    .setDescription(about.body)
    .addFields(about.fields)
    .addFields(ctx.privacyUrl ? [{ name: ctx.content.t(locale, 'privacy.link.title'), value: `<${ctx.privacyUrl}>` }] : [])
    .setFooter({ text: ctx.content.t(locale, 'about.footer', { version: ctx.version }) })
    .toJSON();
  return { embeds: [sendAsIs(embed)], flags: visibilityFlags(false) };
});

export const about = {
  name: 'about',
  data: (text) => new SlashCommandBuilder().setName('about').setDescription(text('about')),

  async execute(interaction, ctx) {
    await aboutReply(interaction, ctx);
  },
} satisfies Command;
