/**
 * Reminder scheduling end to end: `npx tsx bench/reminders.bench.ts [--quick]`.
 *  - index rebuild at start-up from the real encrypted store (10k and 100k records), target < 2 s at 100k;
 *  - a fan-out of reminders all due in the same minute, through the real client against the fake
 *    enforcing Discord's global 50 requests/s: sends per second as a share of the limit (target >= 90%),
 *    429s (target 0), and lateness from the tick to Discord receiving each DM.
 * `run()` returns the figures so a collecting script can use them.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pathToFileURL } from 'node:url';
import { commands } from '../commands/index.js';
import { createBot } from '../src/bot.js';
import { ManualClock } from '../src/clock.js';
import { parseConfig } from '../src/config/index.js';
import { FakeDiscord } from '../src/fake-discord/index.js';
import { createLogger } from '../src/logger.js';
import { utcToWall } from '../src/scheduler/time-zones.js';
import { openStore, type ReminderRecord, type Store } from '../src/store/index.js';
import { newReminder } from '../src/store/records.js';
import { tempDir } from '../test/helpers/temp-dir.js';
import { percentile } from './lib/stats.js';

const DISCORD_GLOBAL_LIMIT = 50;
const DUE = Date.UTC(2026, 5, 1, 12, 0);
/** gc() without --expose-gc on the command line (as bench/scheduler.bench.ts does). */
const gc: (() => void) | null = (() => {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return null;
  }
})();
const silent = createLogger({ level: process.env.BENCH_LOG ?? 'silent' });

export interface RebuildRow {
  records: number;
  /** scheduler.rebuild(): keyset scan, decrypt, schema check, due computation, index insert. */
  rebuildMs: number;
  /** The same scan through the repository alone (store cost without the index). */
  scanMs: number;
  entries: number;
}

export interface FanOutRow {
  reminders: number;
  seconds: number;
  sendsPerSecond: number;
  /** Sends per second over Discord's global limit of 50. */
  shareOfLimit: number;
  /** 429 answers the fake gave (any route). */
  rateLimited: number;
  latenessP50s: number;
  latenessP99s: number;
  exactlyOnce: boolean;
}

const ZONES = ['UTC', 'Europe/London', 'America/New_York', 'Asia/Kolkata'];

/** Due at DUE in one of a few zones: the local time there at that instant. */
function record(i: number, channelId: string): ReminderRecord {
  const timeZone = ZONES[i % ZONES.length]!;
  const local = new Date(utcToWall(timeZone, DUE));
  return newReminder({
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    days: 0b1111111,
    timeZone,
    focus: 'mixed',
    locale: 'en-US',
    dmChannelId: channelId,
    nextDueUtc: DUE,
    rotationSeed: i,
    practicesSent: i % 7,
  });
}

async function fill(store: Store, count: number, channelOf: (i: number) => string, idOf: (i: number) => string): Promise<void> {
  const BATCH = 500;
  for (let from = 0; from < count; from += BATCH) {
    const writes: Promise<unknown>[] = [];
    for (let i = from; i < Math.min(count, from + BATCH); i++) writes.push(store.reminders.set(idOf(i), record(i, channelOf(i))));
    await Promise.all(writes);
  }
}

function config(dataDir: string, key: string, extra: Record<string, string> = {}) {
  return parseConfig({
    DISCORD_TOKEN: 'bench.token.that-is-long-enough-to-pass',
    DISCORD_CLIENT_ID: '100000000000000001',
    STORE_URL: `sqlite://${join(dataDir, 'securebase.sqlite')}`,
    DATA_ENCRYPTION_KEY: key,
    LOG_LEVEL: 'silent',
    ...extra,
  });
}

async function benchRebuild(count: number): Promise<RebuildRow> {
  const dir = tempDir('sb-bench-');
  const key = randomBytes(32).toString('base64');
  const cfg = config(dir.path, key);
  const seedStore = await openStore({ url: cfg.storeUrl, encryptionKey: key, logger: silent });
  await fill(
    seedStore,
    count,
    (i) => String(200_000_000_000_000_000n + BigInt(i)),
    (i) => String(100_000_000_000_000_000n + BigInt(i)),
  );
  await seedStore.close();

  // The real start-up path: createBot, then what start() does after ready. A fresh process at start-up
  // does not carry the garbage the seeding above left behind, so that is collected first.
  const bot = await createBot({ config: cfg, commands, logger: silent, clock: new ManualClock(DUE - 3_600_000) });
  gc?.();
  const { entries, ms: rebuildMs } = await bot.scheduler.rebuild();
  const t = performance.now();
  let scanned = 0;
  for await (const _ of bot.store.reminders.entries()) scanned++;
  const scanMs = performance.now() - t;
  // Other kinds file a few entries of their own (the daily retention sweep): at least every reminder.
  if (scanned !== count || entries < count) throw new Error(`rebuild saw ${entries}, scan ${scanned}, of ${count}`);
  await bot.store.close();
  dir.remove();
  return { records: count, rebuildMs, scanMs, entries };
}

async function benchFanOut(count: number): Promise<FanOutRow> {
  const fake = await FakeDiscord.start({ globalRateLimit: DISCORD_GLOBAL_LIMIT, validateSchemas: false });
  const users = Array.from({ length: count }, (_, i) => fake.addUser({ username: `bench${i}` }));
  const channels = users.map((u) => fake.dmChannel(u.id).id);
  const dir = tempDir('sb-bench-');
  const key = randomBytes(32).toString('base64');
  const cfg = config(dir.path, key, { DISCORD_TOKEN: fake.token, DISCORD_CLIENT_ID: fake.application.id, DISCORD_API_URL: fake.apiUrl });
  const seedStore = await openStore({ url: cfg.storeUrl, encryptionKey: key, logger: silent });
  await fill(
    seedStore,
    count,
    (i) => channels[i]!,
    (i) => users[i]!.id,
  );
  await seedStore.close();

  const clock = new ManualClock(DUE);
  const bot = await createBot({ config: cfg, commands: commands, logger: silent, clock });
  await bot.start();
  const before = fake.requests.length;
  const started = Date.now();
  await bot.scheduler.tick();
  const seconds = (Date.now() - started) / 1000;

  const requests = fake.requests.slice(before);
  const sends = requests.filter((r) => r.method === 'POST' && r.route === '/channels/{channel_id}/messages' && r.status === 200);
  const lateness = sends.map((r) => (r.time - started) / 1000);
  const exactlyOnce = users.every((u) => fake.dmsTo(u.id).length === 1);
  await bot.stop();
  await fake.close();
  dir.remove();
  const sendsPerSecond = sends.length / seconds;
  return {
    reminders: count,
    seconds,
    sendsPerSecond,
    shareOfLimit: sendsPerSecond / DISCORD_GLOBAL_LIMIT,
    rateLimited: fake.requests.filter((r) => r.status === 429).length,
    latenessP50s: percentile(lateness, 50),
    latenessP99s: percentile(lateness, 99),
    exactlyOnce,
  };
}

export async function run(options: { rebuild?: number[]; fanOut?: number } = {}): Promise<{ rebuild: RebuildRow[]; fanOut: FanOutRow }> {
  const rebuild: RebuildRow[] = [];
  for (const n of options.rebuild ?? [10_000, 100_000]) rebuild.push(await benchRebuild(n));
  const fanOut = await benchFanOut(options.fanOut ?? 10_000);
  return { rebuild, fanOut };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick');
  const result = await run(quick ? { rebuild: [10_000], fanOut: 1_000 } : {});
  const f = (x: number, digits = 1) => x.toFixed(digits);
  console.table(
    result.rebuild.map((r) => ({
      records: r.records.toLocaleString('en-US'),
      'rebuild (ms)': f(r.rebuildMs),
      'scan only (ms)': f(r.scanMs),
      'target (ms)': 2000,
    })),
  );
  const o = result.fanOut;
  console.table([
    {
      reminders: o.reminders.toLocaleString('en-US'),
      'duration (s)': f(o.seconds),
      'sends/s': f(o.sendsPerSecond),
      'share of 50/s': `${f(o.shareOfLimit * 100)}% (target >= 90%)`,
      '429s': `${o.rateLimited} (target 0)`,
      'lateness p50 (s)': f(o.latenessP50s),
      'lateness p99 (s)': f(o.latenessP99s),
      'exactly once': o.exactlyOnce,
    },
  ]);
}
