import { COLORS, FONT, ensureFonts, loadCanvas } from '../selfcheck/chart.js';
import { DAY_PARTS, WEEK_ROWS } from './review.js';

/**
 * When entries were made, as a weekday × part-of-day grid PNG in the self-check chart's style (same
 * font, colours and size), so the two pictures sit well together. Each cell shows its count as well
 * as its shade, so the picture never relies on colour alone.
 */
export const HEATMAP_WIDTH = 800;
export const HEATMAP_HEIGHT = 400;

export interface HeatmapLabels {
  title: string;
  /** Short weekday names in WEEK_ROWS order (Monday first). */
  days: readonly string[];
  /** Names of DAY_PARTS, in order. */
  parts: readonly string[];
  /** Shown over an empty grid. */
  empty: string;
}

const GRID = { left: 104, right: HEATMAP_WIDTH - 32, top: 88, bottom: HEATMAP_HEIGHT - 24 };
/** From the background to the chart's line colour. */
const LOW = [0xee, 0xf2, 0xf8];
const HIGH = [0x4a, 0x6f, 0xa5];

function shade(fraction: number): string {
  const mix = LOW.map((low, i) => Math.round(low + (HIGH[i]! - low) * fraction));
  return `rgb(${mix[0]}, ${mix[1]}, ${mix[2]})`;
}

export async function renderHeatmap(grid: readonly (readonly number[])[], labels: HeatmapLabels): Promise<Buffer> {
  if (grid.length !== WEEK_ROWS.length || grid.some((row) => row.length !== DAY_PARTS.length)) throw new Error('heat map grid must be 7 × 4');
  const skia = await loadCanvas();
  ensureFonts(skia);
  const canvas = skia.createCanvas(HEATMAP_WIDTH, HEATMAP_HEIGHT);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = COLORS.background;
  ctx.fillRect(0, 0, HEATMAP_WIDTH, HEATMAP_HEIGHT);
  ctx.fillStyle = COLORS.text;
  ctx.font = `600 19px ${FONT}`;
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(labels.title, 28, 36, HEATMAP_WIDTH - 56);

  const max = Math.max(0, ...grid.flat());
  const cellW = (GRID.right - GRID.left) / DAY_PARTS.length;
  const cellH = (GRID.bottom - GRID.top) / WEEK_ROWS.length;
  const gap = 3;

  ctx.font = `400 15px ${FONT}`;
  ctx.fillStyle = COLORS.text;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  for (const [part, name] of labels.parts.entries()) ctx.fillText(name, GRID.left + cellW * (part + 0.5), GRID.top - 8, cellW - 8);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const [row, name] of labels.days.entries()) ctx.fillText(name, GRID.left - 14, GRID.top + cellH * (row + 0.5), GRID.left - 20);

  ctx.textAlign = 'center';
  for (const [row, parts] of grid.entries()) {
    for (const [part, count] of parts.entries()) {
      const x = GRID.left + cellW * part + gap / 2;
      const y = GRID.top + cellH * row + gap / 2;
      const fraction = max === 0 ? 0 : count / max;
      ctx.beginPath();
      ctx.roundRect(x, y, cellW - gap, cellH - gap, 5);
      ctx.fillStyle = count === 0 ? COLORS.background : shade(0.15 + 0.85 * fraction);
      ctx.fill();
      ctx.strokeStyle = COLORS.grid;
      ctx.lineWidth = 1;
      ctx.stroke();
      if (count > 0) {
        ctx.font = `600 14px ${FONT}`;
        ctx.fillStyle = fraction > 0.55 ? '#ffffff' : COLORS.text;
        ctx.fillText(String(count), x + (cellW - gap) / 2, y + (cellH - gap) / 2);
      }
    }
  }
  if (max === 0) {
    ctx.font = `400 15px ${FONT}`;
    ctx.fillStyle = COLORS.muted;
    ctx.fillText(labels.empty, (GRID.left + GRID.right) / 2, (GRID.top + GRID.bottom) / 2, GRID.right - GRID.left - 40);
  }
  return canvas.encode('png');
}
