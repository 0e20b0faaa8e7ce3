import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  EmbedBuilder,
  MessageFlags,
  SlashCommandBuilder,
  type MessageActionRowComponentBuilder,
} from 'discord.js';
import { commandText } from '../src/content/command-text.js';
import type { Command } from '../src/interactions/command.js';
import type { BotContext } from '../src/interactions/context.js';
import { encodeCustomId } from '../src/interactions/custom-id.js';
import { EMBED_COLOR } from '../src/interactions/presentation.js';

const CANNOT_DM = 50007;

/** One plain-words line per namespace; unknown namespaces still show, by their field names. */
function describe(ctx: BotContext, locale: string, namespace: string, record: unknown): string {
  const key = `privacy.ns.${namespace}`;
  const fields = record && typeof record === 'object' ? Object.keys(record).join(', ') : '';
  try {
    return ctx.content.t(locale, key, { fields, count: countOf(record) });
  } catch {
    return ctx.content.t(locale, 'privacy.ns.other', { namespace, fields });
  }
}

function countOf(record: unknown): number {
  const { results, sections } = (record ?? {}) as { results?: unknown[]; sections?: Record<string, unknown> };
  if (Array.isArray(results)) return results.length;
  return sections && typeof sections === 'object' ? Object.keys(sections).length : 0;
}

function exportFile(userId: string, data: Record<string, unknown>, now: number): AttachmentBuilder {
  const body = JSON.stringify({ exportedAt: new Date(now).toISOString(), userId, data }, null, 2);
  return new AttachmentBuilder(Buffer.from(body, 'utf8'), { name: 'secure-base-my-data.json' });
}

export const privacy = {
  data: new SlashCommandBuilder()
    .setName('privacy')
    .setDescription(commandText('privacy'))
    .addSubcommand((sub) => sub.setName('show').setDescription(commandText('privacy.show')))
    .addSubcommand((sub) => sub.setName('export').setDescription(commandText('privacy.export')))
    .addSubcommand((sub) => sub.setName('delete').setDescription(commandText('privacy.delete'))),

  async execute(interaction, ctx) {
    const locale = interaction.locale;
    const userId = interaction.user.id;
    const sub = interaction.options.getSubcommand();

    if (sub === 'show') {
      const data = await ctx.store.personal.collect(userId);
      const lines = Object.entries(data).map(([namespace, record]) => `• ${describe(ctx, locale, namespace, record)}`);
      const embed = new EmbedBuilder()
        .setColor(EMBED_COLOR)
        .setTitle(ctx.content.t(locale, 'privacy.show.title'))
        .setDescription(
          [lines.length ? lines.join('\n') : ctx.content.t(locale, 'privacy.show.nothing'), ctx.content.t(locale, 'privacy.show.footer')].join('\n\n'),
        )
        .addFields(ctx.privacyUrl ? [{ name: ctx.content.t(locale, 'privacy.link.title'), value: `<${ctx.privacyUrl}>` }] : []);
      await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
      return;
    }

    if (sub === 'export') {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const data = await ctx.store.personal.collect(userId);
      try {
        const dm = await interaction.user.createDM();
        await dm.send({ content: ctx.content.t(locale, 'privacy.export.dm'), files: [exportFile(userId, data, ctx.clock.now())] });
        await interaction.editReply({ content: ctx.content.t(locale, 'privacy.export.sent') });
      } catch (error) {
        if (!(error instanceof DiscordAPIError && error.code === CANNOT_DM)) throw error;
        // DMs closed: the file still reaches them, privately, right here.
        await interaction.editReply({ content: ctx.content.t(locale, 'privacy.export.here'), files: [exportFile(userId, data, ctx.clock.now())] });
      }
      return;
    }

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
      const removed = await ctx.store.personal.deleteAll(interaction.user.id);
      const key = removed.length ? 'privacy.delete.done' : 'privacy.delete.nothing';
      await interaction.update({ content: ctx.content.t(interaction.locale, key), components: [] });
    },
    async keep(interaction, _id, ctx) {
      if (!interaction.isButton()) return;
      await interaction.update({ content: ctx.content.t(interaction.locale, 'privacy.delete.kept'), components: [] });
    },
  },
} satisfies Command;
