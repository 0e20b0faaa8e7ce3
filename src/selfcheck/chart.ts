import { createRequire } from 'node:module';
import type { SKRSContext2D } from '@napi-rs/canvas';
import { bandFor, DEFAULT_THRESHOLDS, type BandId, type BandThresholds } from './scoring.js';
import { importBeside } from '../bundled.js';

/**
 * The /selfcheck history as a PNG, drawn in-process with @napi-rs/canvas (Skia, prebuilt per
 * platform as npm optional packages, no install scripts). Text uses Inter from @fontsource/inter,
 * registered from its woff2 files, so labels render on hosts with no system fonts (slim containers).
 */

export interface HistoryPoint {
  date: Date;
  /** Keyed mean, 1..5. */
  mean: number;
  /** The statements' version the result came from (1 when the record predates versions). */
  statements?: number;
}

export interface ChartLabels {
  title: string;
  yAxis: string;
  /** Shown in place of the line when there is no history yet. */
  empty: string;
  bandNames: Record<BandId, string>;
  /** BCP 47 tag for the dates; defaults to en-GB ("3 Mar"). */
  locale?: string;
  /** Dates are shown in this zone; defaults to UTC because the bot doesn't know the member's. */
  timeZone?: string;
  /** Written beside the dashed line drawn where the statements' version changes. */
  statementsChanged?: string;
  /** A line under the title, so a dip never reads as failing. */
  upsAndDowns?: string;
}

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;

export const FONT = 'SecureBaseInter';
export const COLORS = {
  background: '#fbfaf8',
  text: '#2f3437',
  muted: '#6b7075',
  grid: '#d9dcdf',
  line: '#4a6fa5',
  band: { few: '#e8f3ee', some: '#f6f0e1', many: '#eeebf6' } satisfies Record<BandId, string>,
  bandText: { few: '#5f8a76', some: '#8c7a4f', many: '#7a6f9a' } satisfies Record<BandId, string>,
};
// The right gutter holds the band names, so they never sit under a dot or the latest value.
const PLOT = { left: 72, right: CHART_WIDTH - 86, top: 64, bottom: CHART_HEIGHT - 52 };
/** Keeps the first and last points off the plot's edges. */
const X_INSET = 28;
const MIN_LABEL_GAP = 14;

export type CanvasModule = typeof import('@napi-rs/canvas');
let canvasModule: Promise<CanvasModule> | undefined;
/** Loaded on the first chart, not at start-up: Skia costs about 25 MB that most bots never need. */
export const loadCanvas = (): Promise<CanvasModule> => (canvasModule ??= importBeside<CanvasModule>('@napi-rs/canvas', import.meta.url));

let fontsReady = false;
export function ensureFonts({ GlobalFonts }: CanvasModule): void {
  if (fontsReady) return;
  const require = createRequire(import.meta.url);
  // latin-ext covers the accented letters of most European locales; both weights share one family.
  for (const subset of ['latin', 'latin-ext']) {
    for (const weight of [400, 600]) {
      const path = require.resolve(`@fontsource/inter/files/inter-${subset}-${weight}-normal.woff2`);
      if (!GlobalFonts.registerFromPath(path, FONT)) throw new Error(`could not load chart font ${path}`);
    }
  }
  fontsReady = true;
}

/**
 * One decimal, but never rounded across a band edge: 3.46 shows as 3.4 next to "Some", not 3.5.
 * The command can use this too, so the number a member reads always agrees with the band.
 */
export function formatMean(mean: number, thresholds: BandThresholds = DEFAULT_THRESHOLDS): string {
  const rounded = Math.round(mean * 10) / 10;
  if (bandFor(rounded, thresholds) === bandFor(mean, thresholds)) return rounded.toFixed(1);
  return (Math.floor(mean * 10) / 10).toFixed(1);
}

/** Drops unusable points, clamps to the scale and sorts oldest first. */
export function cleanPoints(points: readonly HistoryPoint[]): HistoryPoint[] {
  return points
    .filter((p) => Number.isFinite(p.date.getTime()) && Number.isFinite(p.mean))
    .map((p) => ({ date: p.date, mean: Math.min(5, Math.max(1, p.mean)), statements: p.statements ?? 1 }))
    .sort((a, b) => a.date.getTime() - b.date.getTime());
}

function dateFormatter(points: readonly HistoryPoint[], labels: Pick<ChartLabels, 'locale' | 'timeZone'>, long = false) {
  const timeZone = labels.timeZone ?? 'UTC';
  const years = new Set(points.map((p) => p.date.toLocaleString('en', { year: 'numeric', timeZone })));
  const withYear = long || years.size > 1;
  return new Intl.DateTimeFormat(labels.locale ?? 'en-GB', {
    day: 'numeric',
    month: 'short',
    ...(withYear ? { year: 'numeric' } : {}),
    timeZone,
  });
}

const yFor = (mean: number) => PLOT.bottom - ((mean - 1) / 4) * (PLOT.bottom - PLOT.top);

function xPositions(points: readonly HistoryPoint[]): number[] {
  const first = points[0]?.date.getTime() ?? 0;
  const span = (points.at(-1)?.date.getTime() ?? 0) - first;
  const left = PLOT.left + X_INSET;
  const width = PLOT.right - PLOT.left - 2 * X_INSET;
  // One point, or several on the same instant: centre them rather than divide by zero.
  if (span === 0) return points.map(() => left + width / 2);
  return points.map((p) => left + ((p.date.getTime() - first) / span) * width);
}

function drawFrame(ctx: SKRSContext2D, labels: ChartLabels, thresholds: BandThresholds): void {
  ctx.fillStyle = COLORS.background;
  ctx.fillRect(0, 0, CHART_WIDTH, CHART_HEIGHT);

  ctx.fillStyle = COLORS.text;
  ctx.font = `600 19px ${FONT}`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(labels.title, 28, labels.upsAndDowns ? 28 : 36, CHART_WIDTH - 56);
  if (labels.upsAndDowns) {
    ctx.fillStyle = COLORS.muted;
    ctx.font = `400 13px ${FONT}`;
    ctx.fillText(labels.upsAndDowns, 28, 48, CHART_WIDTH - 56);
  }

  const bands: [BandId, number, number][] = [
    ['few', 1, thresholds.some],
    ['some', thresholds.some, thresholds.many],
    ['many', thresholds.many, 5],
  ];
  ctx.font = `600 13px ${FONT}`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (const [id, from, to] of bands) {
    ctx.fillStyle = COLORS.band[id];
    ctx.fillRect(PLOT.left, yFor(to), PLOT.right - PLOT.left, yFor(from) - yFor(to));
    ctx.fillRect(PLOT.right + 4, yFor(to), 4, yFor(from) - yFor(to));
    ctx.fillStyle = COLORS.bandText[id];
    ctx.fillText(labels.bandNames[id], PLOT.right + 14, (yFor(from) + yFor(to)) / 2, CHART_WIDTH - PLOT.right - 20);
  }

  ctx.strokeStyle = COLORS.grid;
  ctx.lineWidth = 1;
  ctx.fillStyle = COLORS.muted;
  ctx.font = `400 13px ${FONT}`;
  ctx.textBaseline = 'middle';
  for (let v = 1; v <= 5; v++) {
    const y = Math.round(yFor(v)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(PLOT.left, y);
    ctx.lineTo(PLOT.right, y);
    ctx.stroke();
    ctx.fillText(String(v), PLOT.left - 12, y);
  }

  ctx.save();
  ctx.translate(28, (PLOT.top + PLOT.bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillText(labels.yAxis, 0, 0);
  ctx.restore();
}

function drawDates(ctx: SKRSContext2D, points: readonly HistoryPoint[], xs: readonly number[], labels: ChartLabels): void {
  const format = dateFormatter(points, labels);
  ctx.fillStyle = COLORS.muted;
  ctx.font = `400 13px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';

  // Always label the newest point, then older ones right to left wherever they fit without touching.
  let leftEdge = Number.POSITIVE_INFINITY;
  let lastText = '';
  for (let i = points.length - 1; i >= 0; i--) {
    const text = format.format(points[i]!.date);
    const x = xs[i]!;
    const half = ctx.measureText(text).width / 2;
    if (text === lastText || x + half + MIN_LABEL_GAP > leftEdge) continue;
    ctx.fillText(text, x, PLOT.bottom + 10);
    ctx.fillRect(Math.round(x), PLOT.bottom, 1, 5);
    leftEdge = x - half;
    lastText = text;
  }
}

/** Indexes of the points whose statements differ from the point before: where a new version starts. */
export function statementChanges(points: readonly HistoryPoint[]): number[] {
  const changes: number[] = [];
  for (let i = 1; i < points.length; i++) {
    if ((points[i]!.statements ?? 1) !== (points[i - 1]!.statements ?? 1)) changes.push(i);
  }
  return changes;
}

/** A dashed line halfway between the last result on the old statements and the first on the new. */
function drawChanges(ctx: SKRSContext2D, points: readonly HistoryPoint[], xs: readonly number[], labels: ChartLabels): void {
  for (const i of statementChanges(points)) {
    const x = Math.round((xs[i - 1]! + xs[i]!) / 2) + 0.5;
    ctx.save();
    ctx.strokeStyle = COLORS.muted;
    ctx.lineWidth = 1;
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.moveTo(x, PLOT.top);
    ctx.lineTo(x, PLOT.bottom);
    ctx.stroke();
    ctx.restore();
    if (!labels.statementsChanged) continue;
    ctx.font = `400 12px ${FONT}`;
    ctx.textBaseline = 'bottom';
    const width = ctx.measureText(labels.statementsChanged).width;
    // Right of the line unless that would leave the plot.
    const leftAlign = x + 4 + width <= PLOT.right;
    ctx.textAlign = leftAlign ? 'left' : 'right';
    ctx.fillStyle = COLORS.muted;
    ctx.fillText(labels.statementsChanged, leftAlign ? x + 4 : x - 4, PLOT.top - 2);
  }
}

function drawLine(ctx: SKRSContext2D, points: readonly HistoryPoint[], xs: readonly number[], thresholds: BandThresholds): void {
  ctx.strokeStyle = COLORS.line;
  ctx.lineWidth = 2.5;
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  ctx.beginPath();
  for (const [i, p] of points.entries()) {
    if (i === 0) ctx.moveTo(xs[i]!, yFor(p.mean));
    else ctx.lineTo(xs[i]!, yFor(p.mean));
  }
  ctx.stroke();

  points.forEach((p, i) => {
    const last = i === points.length - 1;
    ctx.beginPath();
    ctx.arc(xs[i]!, yFor(p.mean), last ? 6 : 4.5, 0, Math.PI * 2);
    ctx.fillStyle = COLORS.line;
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = COLORS.background;
    ctx.stroke();
  });

  // The newest value, written above its dot, is what a member looks for first.
  const last = points.at(-1)!;
  const x = Math.min(Math.max(xs.at(-1)!, PLOT.left + 20), PLOT.right - 20);
  const y = yFor(last.mean);
  ctx.fillStyle = COLORS.text;
  ctx.font = `600 13px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(formatMean(last.mean, thresholds), x, y < PLOT.top + 24 ? y + 24 : y - 12);
}

export async function renderHistoryChart(
  points: readonly HistoryPoint[],
  labels: ChartLabels,
  thresholds: BandThresholds = DEFAULT_THRESHOLDS,
): Promise<Buffer> {
  const skia = await loadCanvas();
  ensureFonts(skia);
  const canvas = skia.createCanvas(CHART_WIDTH, CHART_HEIGHT);
  const ctx = canvas.getContext('2d');
  drawFrame(ctx, labels, thresholds);

  const clean = cleanPoints(points);
  if (clean.length === 0) {
    ctx.fillStyle = COLORS.muted;
    ctx.font = `400 15px ${FONT}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const maxWidth = PLOT.right - PLOT.left - 40;
    const width = Math.min(ctx.measureText(labels.empty).width, maxWidth) + 32;
    const [cx, cy] = [(PLOT.left + PLOT.right) / 2, (PLOT.top + PLOT.bottom) / 2];
    // A plain card behind the message keeps it clear of the grid line it would otherwise sit on.
    ctx.beginPath();
    ctx.roundRect(cx - width / 2, cy - 20, width, 40, 8);
    ctx.fillStyle = COLORS.background;
    ctx.fill();
    ctx.fillStyle = COLORS.muted;
    ctx.fillText(labels.empty, cx, cy, maxWidth);
  } else {
    const xs = xPositions(clean);
    drawDates(ctx, clean, xs, labels);
    drawChanges(ctx, clean, xs, labels);
    drawLine(ctx, clean, xs, thresholds);
  }
  // encode() runs on libuv's pool, so a render never blocks the gateway heartbeat.
  return canvas.encode('png');
}

/** The same history as text, for screen readers and for when an image can't be sent. */
export function textFallback(
  points: readonly HistoryPoint[],
  labels: Pick<ChartLabels, 'empty' | 'bandNames' | 'locale' | 'timeZone' | 'upsAndDowns'> & {
    heading?: string;
    /** Written before the first result on newer statements; {date} is that result's date. */
    changedNote?: string;
  },
  thresholds: BandThresholds = DEFAULT_THRESHOLDS,
): string {
  const clean = cleanPoints(points);
  if (clean.length === 0) return labels.empty;
  const format = dateFormatter(clean, labels, true);
  const changes = new Set(statementChanges(clean));
  const lines = clean.flatMap((p, i) => {
    const line = `${format.format(p.date)}: ${formatMean(p.mean, thresholds)} / 5 (${labels.bandNames[bandFor(p.mean, thresholds)]})`;
    return changes.has(i) && labels.changedNote ? [`*${labels.changedNote.replace('{date}', format.format(p.date))}*`, line] : [line];
  });
  return [...(labels.heading ? [labels.heading] : []), ...lines, ...(labels.upsAndDowns ? ['', labels.upsAndDowns] : [])].join('\n');
}
