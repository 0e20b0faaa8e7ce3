import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, SlashCommandBuilder, type MessageActionRowComponentBuilder } from 'discord.js';
import type { LocaleContent } from '../src/content/index.js';
import type { Command } from '../src/interactions/command.js';
import { encodeCustomId } from '../src/interactions/custom-id.js';
import { UserFacingError } from '../src/interactions/errors.js';
import { EMBED_COLOR, shareOption, type View } from '../src/interactions/presentation.js';
import { shareVisibility, withShareNote } from '../src/guild-settings/share.js';
import type { BotContext } from '../src/interactions/context.js';

/** One topic with Previous and Next; exported so the content tests render every topic. */
export function topicMessage(ctx: BotContext, locale: string, topicId: string, owner: string): View {
  const content: LocaleContent = ctx.content.for(locale);
  const index = content.learn.findIndex((topic) => topic.id === topicId);
  const topic = content.learn[index];
  if (!topic) {
    throw new UserFacingError('learn.unknownTopic', { topics: content.learn.map((t) => t.choice).join(', ') });
  }
  const embed = new EmbedBuilder()
    .setColor(EMBED_COLOR)
    .setTitle(topic.title)
    .setDescription(topic.body)
    .setFooter({ text: ctx.content.t(locale, 'learn.footer', { n: index + 1, total: content.learn.length }) });
  if (topic.fields.length > 0) embed.addFields(topic.fields);
  const previous = content.learn[index - 1];
  const next = content.learn[index + 1];
  const row = new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(encodeCustomId({ command: 'learn', action: 'go', owner, args: [previous?.id ?? 'none', 'prev'] }))
      .setLabel(ctx.content.t(locale, 'learn.previous'))
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(!previous),
    new ButtonBuilder()
      .setCustomId(encodeCustomId({ command: 'learn', action: 'go', owner, args: [next?.id ?? 'none', 'next'] }))
      .setLabel(ctx.content.t(locale, 'learn.next'))
      .setStyle(ButtonStyle.Primary)
      .setDisabled(!next),
  );
  return { embeds: [embed], components: [row] };
}

export const learn = {
  name: 'learn',
  data: (text) =>
    new SlashCommandBuilder()
      .setName('learn')
      .setDescription(text('learn'))
      .addStringOption((option) =>
        option
          .setName('topic')
          .setDescription(text('learn.topic'))
          .setRequired(true)
          .addChoices(text.choices((content) => content.learn.map((topic) => ({ name: topic.choice, value: topic.id })))),
      )
      .addBooleanOption(shareOption(text)),

  async execute(interaction, ctx) {
    const message = topicMessage(ctx, interaction.locale, interaction.options.getString('topic', true), interaction.user.id);
    const share = await shareVisibility(interaction, ctx);
    await interaction.reply({ ...withShareNote(message, share.note), flags: share.flags });
  },

  components: {
    async go(interaction, id, ctx) {
      if (!interaction.isButton()) return;
      await interaction.update(topicMessage(ctx, interaction.locale, id.args[0] ?? '', id.owner));
    },
  },
} satisfies Command;
