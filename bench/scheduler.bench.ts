/**
 * Scheduling core at 10k / 100k / 1M schedules: `npx tsx bench/scheduler.bench.ts`.
 * `run()` returns the figures so bench/run.ts can collect them.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pathToFileURL } from 'node:url';
import { DueIndex } from '../src/scheduler/due-index.js';
import { nextOccurrence, type ScheduleRule } from '../src/scheduler/schedule-math.js';
import { clearZoneCache } from '../src/scheduler/time-zones.js';
import { seededRandom } from '../test/helpers/seeded-random.js';

export interface SchedulerBenchRow {
  schedules: number;
  zones: number;
  /** nextOccurrence for every schedule, zone caches cold. */
  nextOccurrenceMs: number;
  buildIndexMs: number;
  /** Heap growth of the index per schedule, id strings included; null without a usable gc. */
  bytesPerSchedule: number | null;
  /** Median cost of a tick that finds nobody due. */
  idleTickUs: number;
  /** Median cost of taking 10k due ids out of the index. */
  take10kMs: number;
  /** The same plus computing each one's next occurrence and re-filing it: the whole tick minus Discord. */
  takeAndRefile10kMs: number;
  /** Everything due in the same minute. */
  takeAllMs: number;
}

const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Toronto',
  'America/Mexico_City',
  'America/Sao_Paulo',
  'America/Santiago',
  'America/St_Johns',
  'Atlantic/Azores',
  'Europe/London',
  'Europe/Dublin',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Helsinki',
  'Europe/Istanbul',
  'Europe/Moscow',
  'Africa/Cairo',
  'Africa/Casablanca',
  'Africa/Lagos',
  'Asia/Tehran',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Adelaide',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
  'Pacific/Chatham',
  'UTC',
];

/** gc() without needing --expose-gc on the command line. */
function getGc(): (() => void) | null {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return null;
  }
}

/**
 * Snowflake-like ids, rebuilt on demand so the measured heap holds them only once. String(number) gives
 * a flat string like a parsed Discord id (a template literal would give a bigger cons string).
 */
const ID_BASE = 1_100_000_000_000_000;
const idOf = (i: number): string => String(ID_BASE + i);

const median = (values: number[]): number => values.slice().sort((a, b) => a - b)[values.length >> 1]!;

function benchSize(n: number, now: number, gc: (() => void) | null): SchedulerBenchRow {
  const random = seededRandom(n);
  const rules: ScheduleRule[] = [];
  for (let i = 0; i < n; i++) {
    rules.push({
      hour: Math.floor(random() * 24),
      minute: Math.floor(random() * 60),
      days: random() < 0.4 ? 0b1111111 : 1 + Math.floor(random() * 127),
      timeZone: ZONES[i % ZONES.length]!,
    });
  }

  clearZoneCache();
  let t = performance.now();
  const due = new Float64Array(n);
  for (let i = 0; i < n; i++) due[i] = nextOccurrence(rules[i]!, now);
  const nextOccurrenceMs = performance.now() - t;

  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  t = performance.now();
  const index = new DueIndex();
  for (let i = 0; i < n; i++) index.upsert(idOf(i), due[i]!);
  const buildIndexMs = performance.now() - t;
  gc?.();
  const bytesPerSchedule = gc ? Math.round((process.memoryUsage().heapUsed - heapBefore) / n) : null;

  const idle: number[] = [];
  const quiet = index.nextDueAt()! - 1;
  for (let round = 0; round < 21; round++) {
    t = performance.now();
    for (let i = 0; i < 10_000; i++) index.takeDue(quiet);
    idle.push(((performance.now() - t) * 1000) / 10_000);
  }

  const take: number[] = [];
  const takeAndRefile: number[] = [];
  for (let round = 0; round < 5; round++) {
    const batch = Math.min(10_000, n);
    const picked = Array.from({ length: batch }, () => Math.floor(random() * n));
    const early = now - 60_000 * (round + 1);
    for (const i of picked) index.upsert(idOf(i), early);
    t = performance.now();
    const ids = index.takeDue(early);
    take.push(performance.now() - t);
    for (const i of picked) index.upsert(idOf(i), early);
    t = performance.now();
    for (const id of index.takeDue(early)) {
      const i = Number(id) - ID_BASE;
      index.upsert(id, nextOccurrence(rules[i]!, now));
    }
    takeAndRefile.push(performance.now() - t);
    if (ids.length === 0) throw new Error('nothing was due');
  }

  t = performance.now();
  const all = index.takeDue(Infinity);
  const takeAllMs = performance.now() - t;
  if (all.length !== n) throw new Error(`took ${all.length} of ${n}`);

  return {
    schedules: n,
    zones: ZONES.length,
    nextOccurrenceMs,
    buildIndexMs,
    bytesPerSchedule,
    idleTickUs: median(idle),
    take10kMs: median(take),
    takeAndRefile10kMs: median(takeAndRefile),
    takeAllMs,
  };
}

export function run(sizes: number[] = [10_000, 100_000, 1_000_000]): { rows: SchedulerBenchRow[] } {
  const gc = getGc();
  const now = Date.UTC(2026, 5, 1, 12, 0);
  return { rows: sizes.map((n) => benchSize(n, now, gc)) };
}

function printTable(rows: SchedulerBenchRow[]): void {
  const f = (x: number, digits = 1): string => x.toFixed(digits);
  const table = rows.map((r) => ({
    schedules: r.schedules.toLocaleString('en-US'),
    zones: r.zones,
    'next occ. (ms)': f(r.nextOccurrenceMs),
    'build index (ms)': f(r.buildIndexMs),
    'bytes/schedule': r.bytesPerSchedule ?? 'n/a',
    'idle tick (µs)': f(r.idleTickUs, 3),
    'take 10k due (ms)': f(r.take10kMs, 2),
    'take+refile 10k (ms)': f(r.takeAndRefile10kMs, 2),
    'take all (ms)': f(r.takeAllMs),
  }));
  console.table(table);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printTable(run().rows);
}
