import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  LabelBuilder,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  type MessageActionRowComponentBuilder,
} from 'discord.js';
import type { BotContext } from '../interactions/context.js';
import { encodeCustomId } from '../interactions/custom-id.js';
import { EMBED_COLOR } from '../interactions/presentation.js';
import type { LogEntry } from '../store/index.js';
import { FIELD, HAPPENED_MAX, NOTE_MAX, STRENGTHS } from './entry.js';
import { FEELINGS } from './feelings.js';
import { renderHeatmap } from './heatmap.js';
import { DAY_PARTS, WEEK_ROWS, type LogReview } from './review.js';

export const LOG_COMMAND = 'log';
export const HEATMAP_FILE = 'log-when.png';
/** Entries per page of `/log list`: one delete button each, in one row. */
export const PAGE_SIZE = 5;
const QUOTE_MAX = 300;

type Row = ActionRowBuilder<MessageActionRowComponentBuilder>;
type T = (key: string, vars?: Record<string, string | number>) => string;

const tFor =
  (ctx: BotContext, locale: string): T =>
  (key, vars) =>
    ctx.content.t(locale, key, vars);

/**
 * The whole entry in one form, within Discord's five components: a short "what happened" (the only
 * required field), the feelings and the strength as selects, and two optional notes.
 */
export function logModal(ctx: BotContext, locale: string, owner: string): ModalBuilder {
  const t = tFor(ctx, locale);
  return new ModalBuilder()
    .setCustomId(encodeCustomId({ command: LOG_COMMAND, action: 'save', owner, args: [] }))
    .setTitle(t('log.form.title'))
    .addLabelComponents(
      new LabelBuilder()
        .setLabel(t('log.form.happened'))
        .setTextInputComponent(
          new TextInputBuilder()
            .setCustomId(FIELD.happened)
            .setStyle(TextInputStyle.Short)
            .setMaxLength(HAPPENED_MAX)
            .setRequired(true)
            .setPlaceholder(t('log.form.happenedPlaceholder')),
        ),
      new LabelBuilder().setLabel(t('log.form.feelings')).setStringSelectMenuComponent(
        new StringSelectMenuBuilder()
          .setCustomId(FIELD.feelings)
          .setRequired(false)
          .setMinValues(0)
          .setMaxValues(FEELINGS.length)
          .setPlaceholder(t('log.form.feelingsPlaceholder'))
          .addOptions(FEELINGS.map((f) => ({ label: t(`log.feeling.${f.id}`), value: f.id }))),
      ),
      new LabelBuilder().setLabel(t('log.form.strength')).setStringSelectMenuComponent(
        new StringSelectMenuBuilder()
          .setCustomId(FIELD.strength)
          .setRequired(false)
          .setMinValues(0)
          .setMaxValues(1)
          .setPlaceholder(t('log.form.strengthPlaceholder'))
          .addOptions(STRENGTHS.map((s) => ({ label: t(`log.strength.${s}`), value: s }))),
      ),
      new LabelBuilder()
        .setLabel(t('log.form.mind'))
        .setTextInputComponent(new TextInputBuilder().setCustomId(FIELD.mind).setStyle(TextInputStyle.Paragraph).setMaxLength(NOTE_MAX).setRequired(false)),
      new LabelBuilder()
        .setLabel(t('log.form.next'))
        .setTextInputComponent(new TextInputBuilder().setCustomId(FIELD.next).setStyle(TextInputStyle.Paragraph).setMaxLength(NOTE_MAX).setRequired(false)),
    );
}

/** The first time: what is kept, that it is encrypted, how to delete it; nothing is stored until "Yes". */
export function consentView(ctx: BotContext, locale: string, owner: string, heldKey?: string) {
  const t = tFor(ctx, locale);
  const row: Row = new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(encodeCustomId({ command: LOG_COMMAND, action: 'consent', owner, args: heldKey ? [heldKey] : [] }))
      .setLabel(t(heldKey ? 'log.consent.yesSave' : 'log.consent.yes'))
      .setStyle(ButtonStyle.Success),
    new ButtonBuilder()
      .setCustomId(encodeCustomId({ command: LOG_COMMAND, action: 'decline', owner, args: [] }))
      .setLabel(t('log.consent.no'))
      .setStyle(ButtonStyle.Secondary),
  );
  const embed = new EmbedBuilder().setColor(EMBED_COLOR).setTitle(t('log.consent.title')).setDescription(t('log.consent.body'));
  return { embeds: [embed], components: [row] };
}

export function saveToLogRow(ctx: BotContext, locale: string, owner: string, heldKey: string): Row {
  return new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(encodeCustomId({ command: LOG_COMMAND, action: 'keep', owner, args: [heldKey] }))
      .setLabel(ctx.content.t(locale, 'log.saveButton'))
      .setStyle(ButtonStyle.Secondary),
  );
}

function feelingNames(t: T, ids: readonly string[]): string {
  return ids.map((id) => t(`log.feeling.${id}`)).join(', ');
}

/**
 * A member's own words as a one-line quote for the list; long ones end with an ellipsis (the export has
 * them whole). One line, so five entries with every part filled stay within a field's 1,024 characters.
 */
function quote(text: string, max = QUOTE_MAX): string {
  const line = text.replace(/\s*\n\s*/g, ' ');
  return `> ${line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line}`;
}

export function savedText(ctx: BotContext, locale: string, entry: LogEntry): string {
  const t = tFor(ctx, locale);
  const parts = [t('log.saved')];
  if (entry.feelings.length) parts.push(t('log.savedFeelings', { feelings: feelingNames(t, entry.feelings) }));
  if (entry.strength !== null) parts.push(t('log.savedStrength', { strength: entry.strength }));
  return parts.join(' ');
}

const timeTag = (ms: number): string => `<t:${Math.floor(ms / 1000)}:f>`;

/** The text a screen reader gets in place of the picture: the busiest time, then every non-empty cell. */
export function heatmapText(t: T, review: LogReview): string {
  if (review.count === 0) return t('log.review.whenEmpty');
  const day = (row: number) => t(`log.day.${WEEK_ROWS[row]}`);
  const part = (index: number) => t(`log.part.${DAY_PARTS[index]}`);
  const cells = review.grid
    .map((parts, row) => {
      const filled = parts.map((count, index) => (count ? t('log.review.cell', { part: part(index), count }) : '')).filter(Boolean);
      return filled.length ? `${day(row)}: ${filled.join(', ')}` : '';
    })
    .filter(Boolean);
  const busiest = review.busiest!;
  return [t('log.review.busiest', { day: day(busiest.row), part: part(busiest.part), count: busiest.count }), ...cells].join('\n');
}

export interface ReviewMessage {
  embeds: EmbedBuilder[];
  files: AttachmentBuilder[];
  components: Row[];
}

export async function reviewMessage(ctx: BotContext, locale: string, owner: string, days: number, review: LogReview): Promise<ReviewMessage> {
  const t = tFor(ctx, locale);
  const strategy = ctx.content.for(locale).strategies.find((s) => s.id === review.strategy) ?? ctx.content.for(locale).strategies[0]!;
  const lines = [t('log.review.count', { count: review.count, days })];
  if (review.topFeelings.length) {
    lines.push(
      t('log.review.feelings', {
        feelings: review.topFeelings.map((f) => t('log.review.feeling', { name: t(`log.feeling.${f.id}`), count: f.count })).join(', '),
      }),
    );
  }
  if (review.averageStrength !== null) lines.push(t('log.review.strength', { average: review.averageStrength.toFixed(1) }));
  if (review.trend) lines.push(t(`log.review.trend.${review.trend}`, { previous: review.previousAverage!.toFixed(1), days }));
  const png = await renderHeatmap(review.grid, {
    title: t('log.review.pictureTitle', { days }),
    days: WEEK_ROWS.map((d) => t(`log.day.${d}`)),
    parts: DAY_PARTS.map((p) => t(`log.part.${p}`)),
    empty: t('log.review.whenEmpty'),
  });
  const embed = new EmbedBuilder()
    .setColor(EMBED_COLOR)
    .setTitle(t('log.review.title', { days }))
    .setDescription(lines.join('\n'))
    .addFields({ name: t('log.review.when'), value: heatmapText(t, review) }, { name: t('log.review.questionTitle'), value: t('log.review.question') })
    .setImage(`attachment://${HEATMAP_FILE}`);
  const file = new AttachmentBuilder(png, { name: HEATMAP_FILE, description: t('log.review.pictureTitle', { days }) });
  const row = new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(encodeCustomId({ command: 'strategy', action: 'open', owner, args: [strategy.id] }))
      .setLabel(t('log.review.strategyButton', { strategy: strategy.name }))
      .setStyle(ButtonStyle.Primary),
  );
  return { embeds: [embed], files: [file], components: [row] };
}

/** One page of entries, newest first, each with its delete button. */
export function listView(ctx: BotContext, locale: string, owner: string, entries: readonly LogEntry[], page: number, note?: string) {
  const t = tFor(ctx, locale);
  const newestFirst = [...entries].reverse();
  const pages = Math.max(1, Math.ceil(newestFirst.length / PAGE_SIZE));
  const current = Math.min(Math.max(0, page), pages - 1);
  const shown = newestFirst.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  const embed = new EmbedBuilder().setColor(EMBED_COLOR).setTitle(t('log.list.title'));
  if (shown.length === 0) embed.setDescription(t('log.list.empty'));
  shown.forEach((entry, index) => {
    const details = [quote(entry.happened)];
    if (entry.feelings.length) details.push(t('log.list.feelings', { feelings: feelingNames(t, entry.feelings) }));
    if (entry.strength !== null) details.push(t('log.list.strength', { strength: entry.strength }));
    if (entry.mind) details.push(t('log.list.mind', { text: quote(entry.mind, 200) }));
    if (entry.next) details.push(t('log.list.next', { text: quote(entry.next, 200) }));
    embed.addFields({ name: t('log.list.entry', { n: current * PAGE_SIZE + index + 1, when: timeTag(entry.at) }), value: details.join('\n') });
  });
  embed.setFooter({ text: t('log.list.footer', { page: current + 1, pages, count: entries.length }) });
  const rows: Row[] = [];
  if (shown.length) {
    rows.push(
      new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
        shown.map((entry, index) =>
          new ButtonBuilder()
            .setCustomId(encodeCustomId({ command: LOG_COMMAND, action: 'del', owner, args: [entry.id, String(current)] }))
            .setLabel(t('log.list.delete', { n: current * PAGE_SIZE + index + 1 }))
            .setStyle(ButtonStyle.Danger),
        ),
      ),
    );
  }
  if (pages > 1) {
    rows.push(
      new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
        new ButtonBuilder()
          .setCustomId(encodeCustomId({ command: LOG_COMMAND, action: 'page', owner, args: [String(current - 1)] }))
          .setLabel(t('log.list.newer'))
          .setStyle(ButtonStyle.Secondary)
          .setDisabled(current === 0),
        new ButtonBuilder()
          .setCustomId(encodeCustomId({ command: LOG_COMMAND, action: 'page', owner, args: [String(current + 1)] }))
          .setLabel(t('log.list.older'))
          .setStyle(ButtonStyle.Secondary)
          .setDisabled(current >= pages - 1),
      ),
    );
  }
  return { content: note ?? '', embeds: [embed], components: rows };
}
