/**
 * `/log review` for a member with 1,000 entries: the look back (counts, feelings, trend, the
 * weekday × time grid in their zone) plus drawing the heat map PNG, in-process, as the command does
 * it. `npx tsx bench/log.bench.ts`; `run()` returns the rows for bench/run.ts.
 */
import { pathToFileURL } from 'node:url';
import { renderHeatmap } from '../src/log/heatmap.js';
import { FEELINGS } from '../src/log/feelings.js';
import { entriesWithin } from '../src/log/log-book.js';
import { reviewLog } from '../src/log/review.js';
import type { LogEntry } from '../src/store/index.js';
import { seededRandom } from '../test/helpers/seeded-random.js';
import { median, percentile, QUICK, type BenchRow } from './lib/stats.js';

const DAY = 24 * 60 * 60 * 1000;
const TARGET_MS = 200;
const LABELS = {
  title: 'When your entries were made, last 90 days',
  days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  parts: ['night', 'morning', 'afternoon', 'evening'],
  empty: 'No entries in this period yet.',
};

/** 1,000 entries over the last 90 days, every field filled: the heaviest log a review reads. */
export function syntheticLog(count: number, now: number): LogEntry[] {
  const random = seededRandom(15);
  const entries: LogEntry[] = [];
  for (let i = 0; i < count; i++) {
    const feelings = FEELINGS.filter(() => random() < 0.2).map((f) => f.id);
    entries.push({
      id: `e${i.toString(36).padStart(4, '0')}`,
      at: Math.floor(now - random() * 90 * DAY),
      happened: 'A late reply after a plan changed, and the evening went quiet',
      feelings,
      strength: Math.floor(random() * 11),
      mind: 'They are pulling away and it is because of something I said',
      next: 'Text my sister and go for a walk before replying',
    });
  }
  return entries.sort((a, b) => a.at - b.at);
}

async function once(entries: LogEntry[], now: number): Promise<number> {
  const started = performance.now();
  const review = reviewLog(entriesWithin(entries, now, 90), entriesWithin(entries, now, 90, 90), 'Europe/London');
  const png = await renderHeatmap(review.grid, LABELS);
  const ms = performance.now() - started;
  if (review.count === 0 || png.length < 1000) throw new Error('the bench review drew nothing');
  return ms;
}

export async function run(): Promise<{ rows: BenchRow[]; detail: Record<string, unknown> }> {
  const now = Date.UTC(2026, 5, 1, 12);
  const entries = syntheticLog(1000, now);
  // The first render loads the drawing library and fonts once per process: reported apart.
  const cold = await once(entries, now);
  const runs: number[] = [];
  for (let i = 0; i < (QUICK ? 10 : 40); i++) runs.push(await once(entries, now));
  const p50 = median(runs);
  const p95 = percentile(runs, 95);
  return {
    rows: [
      {
        figure: '/log review + heat map PNG, 1,000 entries (p95)',
        value: p95,
        unit: 'ms',
        target: `< ${TARGET_MS} ms`,
        met: p95 < TARGET_MS,
        runs,
        note: `p50 ${p50.toFixed(1)} ms; first in a process (loads Skia and fonts) ${cold.toFixed(0)} ms`,
      },
    ],
    detail: { entries: entries.length, coldMs: cold, p50, p95 },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { rows } = await run();
  for (const row of rows) console.log(`${row.figure}: ${row.value.toFixed(1)} ${row.unit} (target ${row.target}, ${row.met ? 'met' : 'MISSED'}) ${row.note}`);
}
