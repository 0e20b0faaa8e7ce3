import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction, type StringSelectMenuInteraction } from 'discord.js';
import {
  changeText,
  decodeRule,
  encodeRule,
  FOCUS_COMMAND,
  afterAnswerRow,
  historyView,
  ideaPicker,
  isAnswer,
  parseOccurrence,
  strategyPicker,
} from '../src/focus/views.js';
import type { QuestionRule } from '../src/focus/service.js';
import type { Command } from '../src/interactions/command.js';
import type { BotContext } from '../src/interactions/context.js';
import { crisisEmbeds } from '../src/crisis/view.js';
import { replyWithEmbeds } from '../src/interactions/layout.js';
import { UserFacingError } from '../src/interactions/errors.js';
import { respondPrivately } from '../src/interactions/respond.js';
import { openDmChannel } from '../src/reminders/deliver.js';
import { fullTime } from '../src/interactions/presentation.js';
import { detectCrisisLanguage } from '../src/crisis/language.js';
import { formatTime, parseTime, parseTimeZone, searchTimeZones } from '../src/scheduler/parse.js';
import { utcToWall, wallWeekday, DAY_MS } from '../src/scheduler/time-zones.js';
import { FOCUS_OWN_WORDS_MAX } from '../src/store/focus-record.js';
import type { FocusChange } from '../src/store/index.js';

const DEFAULT_TIME = '18:00';
const quoteInput = (text: string): string => text.trim().slice(0, 40);

/** The end-of-week question's day, time and zone from the options; throws with what is accepted. */
async function readRule(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<QuestionRule> {
  const timeText = interaction.options.getString('time') ?? DEFAULT_TIME;
  const time = parseTime(timeText);
  if (!time.ok) throw new UserFacingError('focus.error.time', { input: quoteInput(timeText) });
  const userId = interaction.user.id;
  const zoneText =
    interaction.options.getString('timezone') ??
    (await ctx.store.members.get(userId))?.lastTimeZone ??
    (await ctx.store.reminders.get(userId))?.timeZone ??
    (await ctx.focus.get(userId))?.question?.timeZone;
  if (zoneText === undefined) throw new UserFacingError('focus.error.zoneMissing');
  const zone = parseTimeZone(zoneText);
  if (!zone.ok) throw new UserFacingError('focus.error.zone', { input: quoteInput(zoneText) });
  // Default: today, in their zone, so the first question comes a week from now.
  const today = wallWeekday(Math.floor(utcToWall(zone.value, ctx.clock.now()) / DAY_MS) * DAY_MS);
  const day = interaction.options.getInteger('day') ?? today;
  if (!Number.isInteger(day) || day < 0 || day > 6) throw new UserFacingError('focus.error.day');
  return { day, ...time.value, timeZone: zone.value };
}

/** Saves the change and schedules its question; the member's reply says what and when. */
async function saveFocus(ctx: BotContext, userId: string, locale: string, change: FocusChange, rule: QuestionRule): Promise<string> {
  const channelId = await openDmChannel(ctx.client, userId);
  const question = ctx.focus.plannedQuestion(rule, locale, channelId, ctx.clock.now());
  await ctx.focus.set(userId, change, question);
  await ctx.store.members.update(userId, (member) => ({ ...member, lastTimeZone: rule.timeZone }));
  return ctx.content.t(locale, 'focus.set.saved', {
    change: changeText(ctx.content, locale, change),
    day: ctx.content.t(locale, `focus.day.${rule.day}`),
    time: formatTime(rule),
    zone: rule.timeZone,
    next: fullTime(question.nextDueUtc),
  });
}

async function set(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const locale = interaction.locale;
  const userId = interaction.user.id;
  const rule = await readRule(interaction, ctx);
  const own = interaction.options.getString('own-words');
  if (own === null) {
    await interaction.reply({ ...strategyPicker(ctx.content, locale, userId, encodeRule(rule)), flags: MessageFlags.Ephemeral });
    return;
  }
  const words = own.trim();
  if (!words) throw new UserFacingError('focus.error.ownEmpty');
  if (words.length > FOCUS_OWN_WORDS_MAX) throw new UserFacingError('focus.error.ownTooLong', { max: FOCUS_OWN_WORDS_MAX });
  if (detectCrisisLanguage(words).matched) {
    // Crisis lines first, as with every free text; what they asked for still happens below.
    const embeds = await crisisEmbeds(ctx, { locale, guildId: interaction.guildId, intro: ctx.content.t(locale, 'crisis.noticedWords') });
    await replyWithEmbeds(interaction, embeds, MessageFlags.Ephemeral);
  } else {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  }
  const change: FocusChange = { strategyId: null, idea: null, ownWords: words, since: ctx.clock.now() };
  await respondPrivately(interaction, await saveFocus(ctx, userId, locale, change, rule));
}

/** The chosen idea as a change; a value that is not one of the offered ideas is refused. */
function chosenChange(ctx: BotContext, interaction: StringSelectMenuInteraction): FocusChange {
  const [strategyId = '', index = ''] = (interaction.values[0] ?? '').split('.');
  const strategy = ctx.content.for(interaction.locale).strategies.find((s) => s.id === strategyId);
  const idea = /^\d{1,2}$/.test(index) ? Number(index) : -1;
  if (!strategy || idea < 0 || idea >= strategy.tryThisWeek.length) throw new UserFacingError('focus.error.choice');
  return { strategyId: strategy.id, idea, ownWords: null, since: ctx.clock.now() };
}

export const focus = {
  name: FOCUS_COMMAND,
  data: (text) =>
    new SlashCommandBuilder()
      .setName(FOCUS_COMMAND)
      .setDescription(text('focus'))
      .addSubcommand((sub) =>
        sub
          .setName('set')
          .setDescription(text('focus.set'))
          .addStringOption((o) => o.setName('own-words').setDescription(text('focus.set.own-words')).setMaxLength(FOCUS_OWN_WORDS_MAX))
          .addIntegerOption((o) =>
            o
              .setName('day')
              .setDescription(text('focus.set.day'))
              .addChoices(...[1, 2, 3, 4, 5, 6, 0].map((d) => text.uiChoice(`focus.day.${d}`, d))),
          )
          .addStringOption((o) => o.setName('time').setDescription(text('focus.set.time')).setMaxLength(20))
          .addStringOption((o) => o.setName('timezone').setDescription(text('focus.set.timezone')).setAutocomplete(true).setMaxLength(100)),
      )
      .addSubcommand((sub) => sub.setName('history').setDescription(text('focus.history')))
      .addSubcommand((sub) => sub.setName('off').setDescription(text('focus.off'))),

  async execute(interaction, ctx) {
    const locale = interaction.locale;
    const userId = interaction.user.id;
    switch (interaction.options.getSubcommand()) {
      case 'set':
        return set(interaction, ctx);
      case 'history':
        await interaction.reply({ ...historyView(ctx.content, locale, await ctx.focus.get(userId)), flags: MessageFlags.Ephemeral });
        return;
      case 'off': {
        const existed = await ctx.focus.off(userId);
        await interaction.reply({ content: ctx.content.t(locale, existed ? 'focus.off.done' : 'focus.off.none'), flags: MessageFlags.Ephemeral });
        return;
      }
    }
  },

  async autocomplete(interaction) {
    const focused = interaction.options.getFocused(true);
    await interaction.respond(focused.name === 'timezone' ? searchTimeZones(focused.value) : []);
  },

  components: {
    /** Step one picked: show that strategy's ideas. */
    async strategy(interaction, id, ctx) {
      if (!interaction.isStringSelectMenu()) return;
      const view = ideaPicker(ctx.content, interaction.locale, interaction.user.id, interaction.values[0] ?? '', id.args);
      if (!view) throw new UserFacingError('focus.error.choice');
      await interaction.update(view);
    },
    /** Step two picked: saved, with its question scheduled (or, from the end-of-week DM, the change replaced). */
    async idea(interaction, id, ctx) {
      if (!interaction.isStringSelectMenu()) return;
      const locale = interaction.locale;
      const userId = interaction.user.id;
      const change = chosenChange(ctx, interaction);
      const rule = decodeRule(id.args);
      if (!rule) {
        const saved = await ctx.focus.replace(userId, change);
        if (!saved) throw new UserFacingError('focus.error.off');
        await interaction.update({
          content: ctx.content.t(locale, 'focus.next.saved', { change: changeText(ctx.content, locale, change) }),
          embeds: [],
          components: [],
        });
        return;
      }
      if (!parseTimeZone(rule.timeZone).ok) throw new UserFacingError('focus.error.choice');
      // Opening the DM channel is a request to Discord: acknowledge first.
      await interaction.deferUpdate();
      const text = await saveFocus(ctx, userId, locale, change, rule);
      await interaction.editReply({ content: text, embeds: [], components: [] });
    },
    /** An answer to the end-of-week question, saved for that week. */
    async answer(interaction, id, ctx) {
      if (!interaction.isButton()) return;
      const locale = interaction.locale;
      const [key = '', answer = ''] = id.args;
      const occurrence = parseOccurrence(key);
      if (!isAnswer(answer) || !Number.isFinite(occurrence)) throw new UserFacingError('focus.error.choice');
      if (!(await ctx.focus.answer(interaction.user.id, occurrence, answer))) throw new UserFacingError('focus.error.unknownWeek');
      await interaction.update({
        content: ctx.content.t(locale, `focus.ack.${answer}`),
        components: [afterAnswerRow(ctx.content, locale, interaction.user.id)],
      });
    },
    async keep(interaction, _id, ctx) {
      if (!interaction.isButton()) return;
      const kept = await ctx.focus.keep(interaction.user.id);
      const locale = interaction.locale;
      await interaction.update({
        content: kept?.change
          ? ctx.content.t(locale, 'focus.ack.keep', { change: changeText(ctx.content, locale, kept.change) })
          : ctx.content.t(locale, 'focus.error.off'),
        components: [],
      });
    },
    async next(interaction, _id, ctx) {
      if (!interaction.isButton()) return;
      await interaction.reply({ ...strategyPicker(ctx.content, interaction.locale, interaction.user.id, []), flags: MessageFlags.Ephemeral });
    },
    async stop(interaction, _id, ctx) {
      if (!interaction.isButton()) return;
      await ctx.focus.stopQuestion(interaction.user.id);
      await interaction.update({ content: ctx.content.t(interaction.locale, 'focus.ack.stop'), components: [] });
    },
  },
} satisfies Command;
