/**
 * `npm run bench`: every benchmark in one run, one table, and bench/results/latest.json.
 * BENCH_QUICK=1 is a smoke run of about a minute (smaller loads, fewer runs; written to quick.tmp).
 * Targets missed are reported, not failed: benchmarks are not tests. A section that could not run
 * (its bench threw) is a failure: the others still run and are written, then the exit code is 1.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { failedRows, formatValue as format, type BenchResults } from './lib/table.js';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { run as interactions } from './interactions.bench.js';
import { compileForBench, ROOT } from './lib/bot-process.js';
import { QUICK, type BenchRow } from './lib/stats.js';
import { run as memory } from './memory.bench.js';
import { run as startup, seed } from './startup.bench.js';
import { run as store } from './store.bench.js';
import { run as scheduler } from './scheduler.bench.js';
import { run as logReview } from './log.bench.js';
import { run as remindersBench, type FanOutRow, type RebuildRow } from './reminders.bench.js';

interface Section {
  name: string;
  rows: BenchRow[];
  detail: Record<string, unknown>;
  seconds: number;
}

const sections: Section[] = [];
const began = performance.now();

async function section(name: string, work: () => Promise<{ rows: BenchRow[]; detail?: Record<string, unknown> }>): Promise<void> {
  const t = performance.now();
  process.stdout.write(`${name}… `);
  let result: { rows: BenchRow[]; detail?: Record<string, unknown> };
  try {
    result = await work();
  } catch (error) {
    // One bench failing must not throw away the figures of all the others; the exit code says it failed.
    const message = String(error).split('\n')[0]!.slice(0, 160);
    result = { rows: [{ figure: `${name} bench`, value: Number.NaN, unit: '', met: null, note: `FAILED: ${message}` }], detail: { error: message } };
  }
  const { rows, detail = {} } = result;
  const seconds = (performance.now() - t) / 1000;
  sections.push({ name, rows, detail, seconds });
  console.log(`${seconds.toFixed(0)} s`);
}

compileForBench();
await section('interactions', () => interactions());
await section('memory', () => memory());
// Start-up and the store bench share one seeded store (100k members, each with a reminder schedule).
const seeded = await seed(QUICK ? 10_000 : 100_000);
try {
  await section('start-up', () => startup(undefined, seeded));
  await section('store', () => store(undefined, seeded));
} finally {
  seeded.dir.remove();
}
await section('scheduler', async () => ({ rows: schedulerRows(), detail: {} }));
await section('reminders', reminders);
await section('log review', () => logReview());
await section('cluster', cluster);

printTable();
const results = writeResults();
const failed = failedRows(results);
if (failed.length > 0) {
  console.error(`\n${failed.length} benchmark section(s) did not run: ${failed.map((r) => r.figure).join(', ')}`);
  process.exitCode = 1;
}

/**
 * The reminder index rebuild and a DM fan-out. The fan-out is paced at Discord's 50 requests/s, so the
 * full run sends 2,000 reminders (40 s) rather than the bench's own default 10,000 (over 3 minutes),
 * which would not fit the 10-minute budget.
 */
async function reminders(): Promise<{ rows: BenchRow[]; detail: Record<string, unknown> }> {
  let result: RemindersResult;
  try {
    result = await remindersBench(QUICK ? { rebuild: [10_000], fanOut: 500 } : { rebuild: [100_000], fanOut: 2000 });
  } catch (error) {
    // One bench failing must not throw away the figures of all the others.
    const message = String(error).split('\n')[0]!.slice(0, 160);
    return {
      rows: [{ figure: 'reminders bench (bench/reminders.bench.ts)', value: Number.NaN, unit: '', met: null, note: `FAILED: ${message}` }],
      detail: { error: message },
    };
  }
  const rows: BenchRow[] = result.rebuild.map((r) => ({
    figure: `reminder index rebuild, ${r.records.toLocaleString('en-US')} records`,
    value: r.rebuildMs,
    unit: 'ms',
    target: '< 2000 ms',
    met: r.rebuildMs < 2000,
    note: `store scan alone ${r.scanMs.toFixed(0)} ms`,
  }));
  const o = result.fanOut;
  rows.push(
    {
      figure: `DM fan-out, ${o.reminders.toLocaleString('en-US')} due at once: sends/s`,
      value: o.sendsPerSecond,
      unit: '/s',
      reference: 50,
      referenceLabel: "Discord's global limit",
      ratio: o.shareOfLimit,
      target: '≥ 0.9× limit, no 429',
      met: o.shareOfLimit >= 0.9 && o.rateLimited === 0 && o.exactlyOnce,
      note: `429s ${o.rateLimited}, exactly once ${o.exactlyOnce}`,
    },
    { figure: 'DM fan-out lateness p50 / p99', value: o.latenessP50s, unit: 's', met: null, note: `p99 ${o.latenessP99s.toFixed(1)} s` },
  );
  return { rows, detail: result as unknown as Record<string, unknown> };
}

/** PostgreSQL, shards and the one scheduler (bench/cluster.bench.ts); reported as not run without PostgreSQL. */
async function cluster(): Promise<{ rows: BenchRow[]; detail: Record<string, unknown> }> {
  const { run, postgresReachable } = await import('./cluster.bench.js');
  if (!(await postgresReachable())) {
    return {
      rows: [
        {
          figure: 'cluster bench (bench/cluster.bench.ts)',
          value: Number.NaN,
          unit: '',
          met: null,
          note: 'not run: no PostgreSQL at 127.0.0.1:5432 (start it, or set BENCH_POSTGRES_URL)',
        },
      ],
      detail: {},
    };
  }
  return run();
}

/** The scheduling core alone, against the reminder targets: idle tick, memory per schedule, a busy minute. */
function schedulerRows(): BenchRow[] {
  const sizes = QUICK ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
  return scheduler(sizes).rows.flatMap((r) => {
    const n = r.schedules.toLocaleString('en-US');
    const at100k = r.schedules === 100_000;
    return [
      {
        figure: `due index: idle tick, ${n} schedules (${r.zones} zones)`,
        value: r.idleTickUs / 1000,
        unit: 'ms',
        target: at100k ? '< 5 ms' : undefined,
        met: at100k ? r.idleTickUs / 1000 < 5 : null,
      },
      {
        figure: `due index: memory per schedule, ${n}`,
        value: r.bytesPerSchedule ?? Number.NaN,
        unit: 'B',
        target: '< 300 B',
        met: r.bytesPerSchedule === null ? null : r.bytesPerSchedule < 300,
      },
      { figure: `due index: next occurrences + build, ${n}`, value: r.nextOccurrenceMs + r.buildIndexMs, unit: 'ms', met: null },
      { figure: `due index: take and re-file 10k due, ${n}`, value: r.takeAndRefile10kMs, unit: 'ms', met: null },
    ];
  });
}

type RemindersResult = { rebuild: RebuildRow[]; fanOut: FanOutRow };

function printTable(): void {
  const table = sections.flatMap((s) =>
    s.rows.map((r) => ({
      figure: r.figure,
      value: format(r.value, r.unit),
      reference: r.reference === undefined ? '' : format(r.reference, r.unit),
      ratio: r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
      target: r.target ?? '',
      'met?': r.met === null ? '' : r.met ? 'yes' : 'NO',
    })),
  );
  console.log();
  console.table(table);
  const references = sections.map((s) => `- ${s.name}: reference = ${[...new Set(s.rows.map((r) => r.referenceLabel).filter(Boolean))].join('; ') || '–'}`);
  const notes = sections.flatMap((s) => s.rows.filter((r) => r.note).map((r) => `- ${r.figure}: ${r.note}`));
  console.log(['references:', ...references, 'notes:', ...notes].join('\n'));
  console.log(`\nratios are medians of per-run ratios (each run interleaves the two sides), so they can differ slightly from value / reference.`);
  console.log(`total ${((performance.now() - began) / 1000).toFixed(0)} s${QUICK ? ' (BENCH_QUICK: smoke run, figures indicative only)' : ''}`);
}

function writeResults(): BenchResults {
  const cpu = cpus();
  const results = {
    date: new Date().toISOString(),
    quick: QUICK,
    seconds: Math.round((performance.now() - began) / 1000),
    machine: {
      cpu: cpu[0]?.model ?? 'unknown',
      cores: cpu.length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform} ${release()}`,
    },
    sections,
  };
  // A quick run must not overwrite the committed figures.
  const file = join(ROOT, 'bench', 'results', QUICK ? 'quick.tmp' : 'latest.json');
  writeFileSync(`${file}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  console.log(`written to ${file.slice(ROOT.length + 1)}`);
  return results;
}
