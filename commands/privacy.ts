import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  MessageFlags,
  RESTJSONErrorCodes,
  SlashCommandBuilder,
  type MessageActionRowComponentBuilder,
} from 'discord.js';
import type { Command } from '../src/interactions/command.js';
import { encodeCustomId } from '../src/interactions/custom-id.js';
import { privacyShowEmbed } from '../src/privacy/show.js';
import { UserFacingError } from '../src/interactions/errors.js';

function exportFile(userId: string, data: Record<string, unknown>, now: number): AttachmentBuilder {
  const body = JSON.stringify({ exportedAt: new Date(now).toISOString(), userId, data }, null, 2);
  return new AttachmentBuilder(Buffer.from(body, 'utf8'), { name: 'secure-base-my-data.json' });
}

export const privacy = {
  name: 'privacy',
  data: (text) =>
    new SlashCommandBuilder()
      .setName('privacy')
      .setDescription(text('privacy'))
      .addSubcommand((sub) => sub.setName('show').setDescription(text('privacy.show')))
      .addSubcommand((sub) => sub.setName('export').setDescription(text('privacy.export')))
      .addSubcommand((sub) => sub.setName('delete').setDescription(text('privacy.delete'))),

  async execute(interaction, ctx) {
    const locale = interaction.locale;
    const userId = interaction.user.id;
    const sub = interaction.options.getSubcommand();

    if (sub === 'show') {
      const data = await ctx.personalData.collect(userId);
      await interaction.reply({ embeds: [privacyShowEmbed(ctx, locale, data)], flags: MessageFlags.Ephemeral });
      return;
    }

    if (sub === 'export') {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const data = await ctx.personalData.collect(userId);
      try {
        const dm = await interaction.user.createDM();
        await dm.send({ content: ctx.content.t(locale, 'privacy.export.dm'), files: [exportFile(userId, data, ctx.clock.now())] });
        await interaction.editReply({ content: ctx.content.t(locale, 'privacy.export.sent') });
      } catch (error) {
        if (!(error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser)) throw error;
        // DMs closed: the file still reaches them, privately, right here.
        await interaction.editReply({ content: ctx.content.t(locale, 'privacy.export.here'), files: [exportFile(userId, data, ctx.clock.now())] });
      }
      return;
    }

    // Only an explicit `delete` asks about deleting; a subcommand from an older registration does not.
    if (sub !== 'delete') throw new UserFacingError('error.unknownCommand');
    const confirm = new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
      new ButtonBuilder()
        .setCustomId(encodeCustomId({ command: 'privacy', action: 'delete', owner: userId, args: [] }))
        .setLabel(ctx.content.t(locale, 'privacy.delete.confirm'))
        .setStyle(ButtonStyle.Danger),
      new ButtonBuilder()
        .setCustomId(encodeCustomId({ command: 'privacy', action: 'keep', owner: userId, args: [] }))
        .setLabel(ctx.content.t(locale, 'privacy.delete.cancel'))
        .setStyle(ButtonStyle.Secondary),
    );
    await interaction.reply({ content: ctx.content.t(locale, 'privacy.delete.ask'), components: [confirm], flags: MessageFlags.Ephemeral });
  },

  components: {
    async delete(interaction, _id, ctx) {
      if (!interaction.isButton()) return;
      const removed = await ctx.personalData.deleteAll(interaction.user.id);
      // Unsaved writing-exercise text held for "Save to my log" goes too.
      ctx.heldTexts.forget(interaction.user.id);
      const key = removed.length ? 'privacy.delete.done' : 'privacy.delete.nothing';
      await interaction.update({ content: ctx.content.t(interaction.locale, key), components: [] });
    },
    async keep(interaction, _id, ctx) {
      if (!interaction.isButton()) return;
      await interaction.update({ content: ctx.content.t(interaction.locale, 'privacy.delete.kept'), components: [] });
    },
  },
} satisfies Command;
