import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  StringSelectMenuBuilder,
  type MessageActionRowComponentBuilder,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import type { ContentLibrary } from '../content/index.js';
import { encodeCustomId } from '../interactions/custom-id.js';
import { EMBED_COLOR } from '../interactions/presentation.js';
import { FOCUS_ANSWERS, type FocusAnswer } from '../store/focus-record.js';
import type { FocusChange, FocusRecord } from '../store/index.js';
import { changeAsPractice } from './change-text.js';

export const FOCUS_COMMAND = 'focus';
/** Discord's select option labels hold 100 characters; the full idea is in the message above the select. */
const OPTION_LABEL_MAX = 100;
const HISTORY_WEEKS_SHOWN = 12;
const DESCRIPTION_MAX = 4096;

type Row = ActionRowBuilder<MessageActionRowComponentBuilder>;

export const occurrenceKey = (occurrence: number): string => occurrence.toString(36);
export const parseOccurrence = (key: string): number => parseInt(key, 36);

/** A question's or a picker's schedule in a custom_id: day, HHMM and the zone with '/' and '+' made safe. */
export function encodeRule(rule: { day: number; hour: number; minute: number; timeZone: string }): string[] {
  return [
    String(rule.day),
    `${String(rule.hour).padStart(2, '0')}${String(rule.minute).padStart(2, '0')}`,
    rule.timeZone.replace(/\//g, '.').replace(/\+/g, '*'),
  ];
}

export function decodeRule(args: readonly string[]): { day: number; hour: number; minute: number; timeZone: string } | undefined {
  const [day, hhmm, zone] = args;
  if (!day || !hhmm || !zone || !/^[0-6]$/.test(day) || !/^\d{4}$/.test(hhmm)) return undefined;
  return { day: Number(day), hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(2)), timeZone: zone.replace(/\./g, '/').replace(/\*/g, '+') };
}

export function changeText(content: ContentLibrary, locale: string, change: FocusChange | null): string {
  const practice = change && changeAsPractice(content, locale, change);
  if (!practice) return content.t(locale, 'focus.noChange');
  return content.t(locale, 'focus.changeLine', { text: practice.text, source: practice.strategyName });
}

function answerRow(content: ContentLibrary, locale: string, userId: string, key: string): Row {
  return new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
    FOCUS_ANSWERS.map((answer) =>
      new ButtonBuilder()
        .setCustomId(encodeCustomId({ command: FOCUS_COMMAND, action: 'answer', owner: userId, args: [key, answer] }))
        .setLabel(content.t(locale, `focus.answer.${answer}`))
        .setStyle(answer === 'helped' ? ButtonStyle.Success : ButtonStyle.Secondary),
    ),
  );
}

function stopButton(content: ContentLibrary, locale: string, userId: string): ButtonBuilder {
  return new ButtonBuilder()
    .setCustomId(encodeCustomId({ command: FOCUS_COMMAND, action: 'stop', owner: userId, args: [] }))
    .setLabel(content.t(locale, 'focus.button.stop'))
    .setStyle(ButtonStyle.Danger);
}

/** The end-of-week DM: the change, the question, four answers and a way to stop. Pings nobody. */
export function questionView(content: ContentLibrary, locale: string, userId: string, occurrence: number, change: FocusChange | null) {
  const embed = new EmbedBuilder()
    .setColor(EMBED_COLOR)
    .setTitle(content.t(locale, 'focus.question.title'))
    .setDescription(content.t(locale, 'focus.question.body', { change: changeText(content, locale, change) }))
    .setFooter({ text: content.t(locale, 'focus.question.footer') });
  const rows = [
    answerRow(content, locale, userId, occurrenceKey(occurrence)),
    new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(stopButton(content, locale, userId)),
  ];
  return { embeds: [embed], components: rows };
}

export function questionMessage(
  content: ContentLibrary,
  locale: string,
  userId: string,
  occurrence: number,
  change: FocusChange | null,
): RESTPostAPIChannelMessageJSONBody {
  const view = questionView(content, locale, userId, occurrence, change);
  return { embeds: view.embeds.map((e) => e.toJSON()), components: view.components.map((r) => r.toJSON()), allowed_mentions: { parse: [] } };
}

/** After an answer: keep the same change, pick the next, or stop the questions. */
export function afterAnswerRow(content: ContentLibrary, locale: string, userId: string): Row {
  return new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(encodeCustomId({ command: FOCUS_COMMAND, action: 'keep', owner: userId, args: [] }))
      .setLabel(content.t(locale, 'focus.button.keep'))
      .setStyle(ButtonStyle.Primary),
    new ButtonBuilder()
      .setCustomId(encodeCustomId({ command: FOCUS_COMMAND, action: 'next', owner: userId, args: [] }))
      .setLabel(content.t(locale, 'focus.button.next'))
      .setStyle(ButtonStyle.Secondary),
    stopButton(content, locale, userId),
  );
}

/** Step one of picking: the five strategies. `args` carry the schedule (empty when only the change is replaced). */
export function strategyPicker(content: ContentLibrary, locale: string, userId: string, args: string[]) {
  const menu = new StringSelectMenuBuilder()
    .setCustomId(encodeCustomId({ command: FOCUS_COMMAND, action: 'strategy', owner: userId, args }))
    .setPlaceholder(content.t(locale, 'focus.pick.strategyPlaceholder'))
    .addOptions(content.for(locale).strategies.map((s) => ({ label: s.name, description: s.summary, value: s.id })));
  return {
    content: content.t(locale, 'focus.pick.strategy'),
    embeds: [],
    components: [new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(menu)],
  };
}

/** An option label from an idea: whole when it fits, else its start with an ellipsis (the whole idea is listed above). */
function optionLabel(n: number, text: string): string {
  const full = `${n}. ${text}`;
  return full.length <= OPTION_LABEL_MAX ? full : `${full.slice(0, OPTION_LABEL_MAX - 1).trimEnd()}…`;
}

/** Step two: that strategy's small ideas, listed in full, chosen by number. */
export function ideaPicker(content: ContentLibrary, locale: string, userId: string, strategyId: string, args: string[]) {
  const strategy = content.for(locale).strategies.find((s) => s.id === strategyId);
  if (!strategy) return undefined;
  const embed = new EmbedBuilder()
    .setColor(EMBED_COLOR)
    .setTitle(strategy.name)
    .setDescription(strategy.tryThisWeek.map((idea, i) => `**${i + 1}.** ${idea}`).join('\n\n'));
  const menu = new StringSelectMenuBuilder()
    .setCustomId(encodeCustomId({ command: FOCUS_COMMAND, action: 'idea', owner: userId, args }))
    .setPlaceholder(content.t(locale, 'focus.pick.ideaPlaceholder'))
    .addOptions(strategy.tryThisWeek.map((idea, i) => ({ label: optionLabel(i + 1, idea), value: `${strategy.id}.${i}` })));
  return {
    content: content.t(locale, 'focus.pick.idea'),
    embeds: [embed],
    components: [new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(menu)],
  };
}

/** The weeks, newest first, and how many the member showed up for: no streaks, nothing to break. */
export function historyView(content: ContentLibrary, locale: string, record: FocusRecord | undefined) {
  const t = (key: string, vars?: Record<string, string | number>) => content.t(locale, key, vars);
  const weeks = record?.weeks ?? [];
  const embed = new EmbedBuilder().setColor(EMBED_COLOR).setTitle(t('focus.history.title'));
  const lines = [t('focus.history.current', { change: changeText(content, locale, record?.change ?? null) })];
  if (weeks.length === 0) {
    lines.push(t('focus.history.none'));
  } else {
    const showedUp = weeks.filter((w) => w.answer !== null && w.answer !== 'skip').length;
    lines.push(t('focus.history.showedUp', { count: showedUp, weeks: weeks.length }));
    const weekLines = [...weeks]
      .reverse()
      .slice(0, HISTORY_WEEKS_SHOWN)
      .map((week) =>
        t('focus.history.week', {
          when: `<t:${Math.floor(week.at / 1000)}:D>`,
          change: changeText(content, locale, week.change),
          answer: t(week.answer ? `focus.answered.${week.answer}` : 'focus.answered.none'),
        }),
      );
    // Older weeks give way whole (never cut mid-sentence) until the newest ones fit one description.
    for (let shown = weekLines.length; shown >= 0; shown--) {
      const more = weeks.length - shown;
      const text = [...lines, ...weekLines.slice(0, shown), ...(more > 0 ? [t('focus.history.more', { count: more })] : [])].join('\n\n');
      if (text.length <= DESCRIPTION_MAX || shown === 0) return { embeds: [embed.setDescription(text)] };
    }
  }
  embed.setDescription(lines.join('\n\n'));
  return { embeds: [embed] };
}

export function isAnswer(value: string): value is FocusAnswer {
  return (FOCUS_ANSWERS as readonly string[]).includes(value);
}
