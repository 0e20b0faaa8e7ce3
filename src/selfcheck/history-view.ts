import { ActionRowBuilder, AttachmentBuilder, ButtonStyle, EmbedBuilder, type MessageActionRowComponentBuilder } from 'discord.js';
import type { BotContext } from '../interactions/context.js';
import { EMBED_COLOR } from '../interactions/presentation.js';
import type { SelfcheckHistoryRecord } from '../store/index.js';
import { cleanPoints, renderHistoryChart, textFallback, type HistoryPoint } from './chart.js';
import { thresholdsFromBands } from './scoring.js';
import { SelfcheckAction } from './custom-ids.js';
import { selfcheckButton } from './views.js';

export const CHART_FILE = 'selfcheck-history.png';
const DESCRIPTION_LIMIT = 4096;

export interface HistoryMessage {
  content: string;
  embeds: EmbedBuilder[];
  files: AttachmentBuilder[];
  components: ActionRowBuilder<MessageActionRowComponentBuilder>[];
}

/**
 * The text version must fit one embed description: the newest results matter most, so the oldest
 * results are left out first (with a note saying so), never cut mid-line.
 */
function fittedText(ctx: BotContext, locale: string, points: HistoryPoint[], labels: Parameters<typeof textFallback>[1]): string {
  const thresholds = thresholdsFromBands(ctx.content.for(locale).selfcheck.bands);
  const sorted = cleanPoints(points);
  const full = textFallback(sorted, labels, thresholds);
  if (full.length <= DESCRIPTION_LIMIT) return full;
  // The text grows with every result shown, so the most that fit is found by halving (a few renders, not hundreds).
  const render = (shown: number) =>
    textFallback(
      sorted.slice(-shown),
      { ...labels, heading: [labels.heading, ctx.content.t(locale, 'selfcheck.historyTrimmed', { shown, total: sorted.length })].filter(Boolean).join('\n') },
      thresholds,
    );
  let [fits, tooMany] = [0, sorted.length];
  while (tooMany - fits > 1) {
    const mid = Math.floor((fits + tooMany) / 2);
    if (render(mid).length <= DESCRIPTION_LIMIT) fits = mid;
    else tooMany = mid;
  }
  if (fits > 0) return render(fits);
  throw new Error('one self-check result does not fit an embed description');
}

export function deleteRow(ctx: BotContext, locale: string, owner: string): ActionRowBuilder<MessageActionRowComponentBuilder> {
  return new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
    selfcheckButton(SelfcheckAction.DeleteAsk, owner, [], ctx.content.t(locale, 'selfcheck.deleteHistory'), ButtonStyle.Danger),
  );
}

export function confirmRow(ctx: BotContext, locale: string, owner: string): ActionRowBuilder<MessageActionRowComponentBuilder> {
  return new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
    selfcheckButton(SelfcheckAction.DeleteYes, owner, [], ctx.content.t(locale, 'selfcheck.deleteYes'), ButtonStyle.Danger),
    selfcheckButton(SelfcheckAction.DeleteNo, owner, [], ctx.content.t(locale, 'selfcheck.deleteNo')),
  );
}

/** The saved results as a chart with its text version; undefined when nothing is saved. */
export async function historyMessage(
  ctx: BotContext,
  locale: string,
  owner: string,
  record: SelfcheckHistoryRecord | undefined,
): Promise<HistoryMessage | undefined> {
  const results = record?.results ?? [];
  if (results.length === 0) return undefined;
  const { chart, bands } = ctx.content.for(locale).selfcheck;
  const points = results.map((r) => ({ date: new Date(r.at), mean: r.mean, statements: r.statements ?? 1 }));
  const png = await renderHistoryChart(
    points,
    {
      title: chart.title,
      yAxis: chart.yAxis,
      empty: chart.empty,
      bandNames: chart.bandNames,
      locale,
      statementsChanged: chart.statementsChanged,
      upsAndDowns: chart.upsAndDowns,
    },
    thresholdsFromBands(bands),
  );
  const text = fittedText(ctx, locale, points, {
    empty: chart.empty,
    bandNames: chart.bandNames,
    heading: chart.textHeading,
    locale,
    upsAndDowns: chart.upsAndDowns,
    changedNote: chart.changedNote,
  });
  const embed = new EmbedBuilder()
    .setColor(EMBED_COLOR)
    .setTitle(chart.title)
    .setDescription(text)
    .setImage(`attachment://${CHART_FILE}`)
    .setFooter({ text: ctx.content.t(locale, 'selfcheck.historyFooter', { count: results.length }) });
  const file = new AttachmentBuilder(png, { name: CHART_FILE, description: chart.title });
  return { content: '', embeds: [embed], files: [file], components: [deleteRow(ctx, locale, owner)] };
}
