import type { LogEntry } from '../store/index.js';
import { DAY_MS, utcToWall, wallWeekday } from '../scheduler/time-zones.js';
import { DEFAULT_STRATEGY, strategyForFeeling } from './feelings.js';

/** Rows of the heat map, Monday first (as weekday numbers, 0 = Sunday); columns are parts of the day. */
export const WEEK_ROWS = [1, 2, 3, 4, 5, 6, 0] as const;
export const DAY_PARTS = ['night', 'morning', 'afternoon', 'evening'] as const;
export type DayPart = (typeof DAY_PARTS)[number];
/** Night 00–06, morning 06–12, afternoon 12–18, evening 18–24, in the member's zone. */
const PART_HOURS = 6;

/** A difference in average strength smaller than this reads as "about the same". */
const TREND_STEP = 0.5;

export interface LogReview {
  count: number;
  /** Most frequent first, at most three; ties in the order of first appearance. */
  topFeelings: { id: string; count: number }[];
  averageStrength: number | null;
  /** Average of the same number of days just before, for the trend. */
  previousAverage: number | null;
  trend: 'higher' | 'lower' | 'same' | null;
  /** grid[row][part]: entries per weekday (WEEK_ROWS order) and part of the day. */
  grid: number[][];
  busiest: { row: number; part: number; count: number } | null;
  /** The strategy that fits the most common feeling. */
  strategy: string;
}

function average(entries: readonly LogEntry[]): number | null {
  let sum = 0;
  let n = 0;
  for (const e of entries) {
    if (e.strength === null) continue;
    sum += e.strength;
    n++;
  }
  return n === 0 ? null : sum / n;
}

/** Pure: the look back over `entries` (already limited to the period), times read in `timeZone`. */
export function reviewLog(entries: readonly LogEntry[], previous: readonly LogEntry[], timeZone: string): LogReview {
  const counts = new Map<string, number>();
  const grid = WEEK_ROWS.map(() => DAY_PARTS.map(() => 0));
  for (const e of entries) {
    for (const f of e.feelings) counts.set(f, (counts.get(f) ?? 0) + 1);
    const wall = utcToWall(timeZone, e.at);
    const day = Math.floor(wall / DAY_MS);
    const row = (wallWeekday(day * DAY_MS) + 6) % 7;
    const part = Math.min(DAY_PARTS.length - 1, Math.floor((wall - day * DAY_MS) / (PART_HOURS * 3_600_000)));
    grid[row]![part]!++;
  }
  const topFeelings = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([id, count]) => ({ id, count }));
  let busiest: LogReview['busiest'] = null;
  for (const [row, parts] of grid.entries()) {
    for (const [part, count] of parts.entries()) {
      if (count > 0 && (busiest === null || count > busiest.count)) busiest = { row, part, count };
    }
  }
  const averageStrength = average(entries);
  const previousAverage = average(previous);
  let trend: LogReview['trend'] = null;
  if (averageStrength !== null && previousAverage !== null) {
    const diff = averageStrength - previousAverage;
    trend = diff >= TREND_STEP ? 'higher' : diff <= -TREND_STEP ? 'lower' : 'same';
  }
  const strategy = (topFeelings[0] && strategyForFeeling(topFeelings[0].id)) ?? DEFAULT_STRATEGY;
  return { count: entries.length, topFeelings, averageStrength, previousAverage, trend, grid, busiest, strategy };
}
