import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction, type ModalSubmitInteraction } from 'discord.js';
import type { Command } from '../src/interactions/command.js';
import type { BotContext } from '../src/interactions/context.js';
import { UserFacingError } from '../src/interactions/errors.js';
import { respondPrivately } from '../src/interactions/respond.js';
import { FIELD, parseLogForm, type LogForm } from '../src/log/entry.js';
import { entriesWithin } from '../src/log/log-book.js';
import { reviewLog } from '../src/log/review.js';
import { consentView, listView, LOG_COMMAND, logModal, reviewMessage, savedText } from '../src/log/views.js';

const REVIEW_DAYS = [7, 30, 90] as const;
const DEFAULT_DAYS = 7;

/** A field's value as sent, whatever its type, so a forged form is judged by parseLogForm rather than thrown on. */
function readForm(interaction: ModalSubmitInteraction): LogForm {
  const text = (id: string): string | undefined => {
    const field = interaction.fields.fields.get(id);
    return field && 'value' in field && typeof field.value === 'string' ? field.value : undefined;
  };
  const values = (id: string): readonly string[] | undefined => {
    const field = interaction.fields.fields.get(id);
    return field && 'values' in field && Array.isArray(field.values) ? (field.values as string[]) : undefined;
  };
  return { happened: text(FIELD.happened), feelings: values(FIELD.feelings), strength: values(FIELD.strength), mind: text(FIELD.mind), next: text(FIELD.next) };
}

/** Times in the review are read in the zone the member last chose (reminders, focus); UTC until they have. */
async function zoneOf(ctx: BotContext, userId: string): Promise<string> {
  return (await ctx.store.members.get(userId))?.lastTimeZone ?? (await ctx.focus.get(userId))?.question?.timeZone ?? 'UTC';
}

async function review(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const locale = interaction.locale;
  const userId = interaction.user.id;
  const days = interaction.options.getInteger('days') ?? DEFAULT_DAYS;
  if (!REVIEW_DAYS.includes(days as (typeof REVIEW_DAYS)[number])) throw new UserFacingError('log.error.days');
  const log = await ctx.log.get(userId);
  if (!log) return void (await interaction.reply({ content: ctx.content.t(locale, 'log.none'), flags: MessageFlags.Ephemeral }));
  // Drawing the picture can take a moment the first time (the drawing library loads then).
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const now = ctx.clock.now();
  const result = reviewLog(entriesWithin(log.entries, now, days), entriesWithin(log.entries, now, days, days), await zoneOf(ctx, userId));
  await interaction.editReply(await reviewMessage(ctx, locale, userId, days, result));
}

export const log = {
  name: LOG_COMMAND,
  data: (text) =>
    new SlashCommandBuilder()
      .setName(LOG_COMMAND)
      .setDescription(text('log'))
      .addSubcommand((sub) => sub.setName('add').setDescription(text('log.add')))
      .addSubcommand((sub) =>
        sub
          .setName('review')
          .setDescription(text('log.review'))
          .addIntegerOption((o) =>
            o
              .setName('days')
              .setDescription(text('log.review.days'))
              .addChoices(...REVIEW_DAYS.map((d) => text.uiChoice(`log.review.days.${d}`, d))),
          ),
      )
      .addSubcommand((sub) => sub.setName('list').setDescription(text('log.list'))),

  async execute(interaction, ctx) {
    const locale = interaction.locale;
    const userId = interaction.user.id;
    switch (interaction.options.getSubcommand()) {
      case 'add':
        if (await ctx.log.hasConsented(userId)) return void (await interaction.showModal(logModal(ctx, locale, userId)));
        await interaction.reply({ ...consentView(ctx, locale, userId), flags: MessageFlags.Ephemeral });
        return;
      case 'review':
        return review(interaction, ctx);
      case 'list': {
        const record = await ctx.log.get(userId);
        if (!record) return void (await interaction.reply({ content: ctx.content.t(locale, 'log.none'), flags: MessageFlags.Ephemeral }));
        await interaction.reply({ ...listView(ctx, locale, userId, record.entries, 0), flags: MessageFlags.Ephemeral });
        return;
      }
    }
  },

  components: {
    /** "Yes": the log exists from now on; then the form, or the held writing exercise is saved. */
    async consent(interaction, id, ctx) {
      if (!interaction.isButton()) return;
      const locale = interaction.locale;
      const userId = interaction.user.id;
      await ctx.log.consent(userId);
      const heldKey = id.args[0];
      if (!heldKey) return void (await interaction.showModal(logModal(ctx, locale, userId)));
      const held = ctx.heldTexts.take(userId, heldKey);
      const saved = held ? await ctx.log.add(userId, held) : undefined;
      await interaction.update({ content: ctx.content.t(locale, saved ? 'log.consent.savedHeld' : 'log.consent.heldGone'), embeds: [], components: [] });
    },
    async decline(interaction, _id, ctx) {
      if (!interaction.isButton()) return;
      await interaction.update({ content: ctx.content.t(interaction.locale, 'log.consent.declined'), embeds: [], components: [] });
    },
    /** The form came back: checked whole, saved whole, or nothing saved and the member told why. */
    async save(interaction, _id, ctx) {
      if (!interaction.isModalSubmit()) return;
      const parsed = parseLogForm(readForm(interaction));
      if (!parsed.ok) throw new UserFacingError(parsed.error, parsed.vars);
      const saved = await ctx.log.add(interaction.user.id, parsed.entry);
      if (!saved) throw new UserFacingError('log.error.noLog');
      await respondPrivately(interaction, savedText(ctx, interaction.locale, saved));
    },
    /** "Save to my log" under a writing exercise: only now does what they wrote get stored. */
    async keep(interaction, id, ctx) {
      if (!interaction.isButton()) return;
      const locale = interaction.locale;
      const userId = interaction.user.id;
      const heldKey = id.args[0] ?? '';
      if (!(await ctx.log.hasConsented(userId))) {
        await interaction.reply({ ...consentView(ctx, locale, userId, heldKey), flags: MessageFlags.Ephemeral });
        return;
      }
      const held = ctx.heldTexts.take(userId, heldKey);
      if (!held) throw new UserFacingError('log.error.heldExpired');
      const saved = await ctx.log.add(userId, held);
      if (!saved) throw new UserFacingError('log.error.noLog');
      await interaction.update({ content: ctx.content.t(locale, 'log.keptSaved'), components: [] });
    },
    async page(interaction, id, ctx) {
      if (!interaction.isButton()) return;
      const record = await ctx.log.get(interaction.user.id);
      await interaction.update(listView(ctx, interaction.locale, interaction.user.id, record?.entries ?? [], Number(id.args[0]) || 0));
    },
    async del(interaction, id, ctx) {
      if (!interaction.isButton()) return;
      const [entryId = '', page = '0'] = id.args;
      const removed = await ctx.log.remove(interaction.user.id, entryId);
      const record = await ctx.log.get(interaction.user.id);
      const note = ctx.content.t(interaction.locale, removed ? 'log.list.deleted' : 'log.list.alreadyGone');
      await interaction.update(listView(ctx, interaction.locale, interaction.user.id, record?.entries ?? [], Number(page) || 0, note));
    },
  },
} satisfies Command;
