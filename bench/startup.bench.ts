/**
 * Start-up: from spawning the process to the answer to the first command, with an empty store and
 * with 100k stored members who each keep a reminder schedule (start-up rebuilds the due index from
 * those). The bare discord.js bot is the reference. `npx tsx bench/startup.bench.ts`.
 */
import { copyFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { FakeDiscord, type FakeUser } from '../src/fake-discord/index.js';
import { openStore } from '../src/store/index.js';
import { BotProcess, type BotKind } from './lib/bot-process.js';
import { seedStore, silentLogger } from './lib/seed.js';
import { median, QUICK, type BenchRow } from './lib/stats.js';
import { BENCH_FAKE_OPTIONS, dataDir, type DataDir } from './lib/world.js';

export interface StartupOptions {
  records: number;
  runs: number;
}

const FULL: StartupOptions = { records: 100_000, runs: 5 };
const SMOKE: StartupOptions = { records: 10_000, runs: 2 };

/**
 * `seeded store` is a cold start (the store as seeding left it: no stop snapshot, so the due index is
 * rebuilt by decrypting every schedule); `restart` starts on a store the bot itself stopped gracefully
 * just before, which left the encrypted snapshot of due times that start-up takes instead.
 */
type Case = 'bare' | 'bot, empty store' | 'bot, seeded store' | 'bot, restart after a graceful stop';

interface Start {
  case: Case;
  /** Spawn to the discord.js client's ready. */
  readyMs: number;
  /** Spawn to the fake receiving the answer to a command sent at ready. */
  firstAnswerMs: number;
  /** Spawn to the bot logging the rebuilt due index (bot only). */
  rebuiltMs?: number;
  /** The bot's own figure for the rebuild. */
  rebuildMs?: number;
}

export interface SeededStore {
  dir: DataDir;
  records: number;
  membersMs: number;
  remindersMs: number;
}

/** Seeds once; the store bench reuses the same file afterwards. */
export async function seed(records: number): Promise<SeededStore> {
  const dir = dataDir();
  const store = await openStore({ url: `sqlite://${dir.storeFile}`, encryptionKey: dir.encryptionKey, logger: silentLogger });
  const times = await seedStore(store, records);
  await store.close();
  return { dir, records, ...times };
}

async function start(fake: FakeDiscord, user: FakeUser, guildId: string, which: Case, seeded: SeededStore): Promise<Start> {
  const kind: BotKind = which === 'bare' ? 'bare' : 'bot';
  const fromSeed = which === 'bot, seeded store' || which === 'bot, restart after a graceful stop';
  // Each start gets its own copy, so a start never sees what the previous one wrote.
  const dir = which === 'bare' ? undefined : dataDir();
  if (dir && fromSeed) copyFileSync(seeded.dir.storeFile, dir.storeFile);
  const key = fromSeed ? seeded.dir.encryptionKey : dir?.encryptionKey;
  if (which === 'bot, restart after a graceful stop') {
    // The run before: up, index rebuilt, then SIGTERM, which writes the stop snapshot. Not measured.
    const before = new BotProcess({ kind, fake, storeFile: dir?.storeFile, encryptionKey: key, logLevel: 'info' });
    const rebuilt = before.waitForOutput(/"msg":"schedule index rebuilt"/);
    await before.ready;
    await rebuilt;
    await before.stop();
  }
  const bot = new BotProcess({ kind, fake, storeFile: dir?.storeFile, encryptionKey: key, logLevel: 'info' });
  try {
    const rebuilt = kind === 'bot' ? bot.waitForOutput(/"msg":"schedule index rebuilt"/) : undefined;
    const readyAt = await bot.ready;
    // Sent the moment the client is ready, as a member who was waiting would: the rebuild runs then too.
    await fake.slash({ user: user.id, guildId, name: 'about' }).response();
    const answeredAt = performance.now();
    const result: Start = { case: which, readyMs: readyAt - bot.spawnedAt, firstAnswerMs: answeredAt - bot.spawnedAt };
    if (rebuilt) {
      const hit = await rebuilt;
      result.rebuiltMs = hit.at - bot.spawnedAt;
      result.rebuildMs = Number(/"ms":([\d.]+)/.exec(hit.text)?.[1]);
      const entries = Number(/"entries":(\d+)/.exec(hit.text)?.[1]);
      // Other kinds (housekeeping) may file an entry or two of their own.
      if (fromSeed && entries < seeded.records) {
        throw new Error(`${which}: rebuilt ${entries} entries from ${seeded.records} stored reminders`);
      }
    }
    return result;
  } finally {
    await bot.stop();
    dir?.remove();
  }
}

export async function run(
  options: StartupOptions = QUICK ? SMOKE : FULL,
  seeded?: SeededStore,
): Promise<{ rows: BenchRow[]; detail: Record<string, unknown> }> {
  const store = seeded ?? (await seed(options.records));
  const fake = await FakeDiscord.start(BENCH_FAKE_OPTIONS);
  const guild = fake.addGuild({ name: 'Start-up' });
  // One member per start: the bot's per-member command limit must not decide anything here.
  const users = Array.from({ length: 4 * (options.runs + 1) }, (_, i) => {
    const user = fake.addUser({ username: `starter${i}` });
    fake.addMember(guild.id, user.id);
    return user;
  });
  const cases: Case[] = ['bare', 'bot, empty store', 'bot, seeded store', 'bot, restart after a graceful stop'];
  const starts: Start[] = [];
  try {
    // The first start of each also fills tsx's transform cache; not measured.
    for (const which of cases) await start(fake, users.pop()!, guild.id, which, store);
    for (let r = 0; r < options.runs; r++) {
      const order = r % 2 === 0 ? cases : [...cases].reverse();
      for (const which of order) starts.push(await start(fake, users.pop()!, guild.id, which, store));
    }
  } finally {
    await fake.close();
    if (!seeded) store.dir.remove();
  }
  return summarize(starts, options, store);
}

function summarize(starts: Start[], options: StartupOptions, store: SeededStore): { rows: BenchRow[]; detail: Record<string, unknown> } {
  const of = (which: Case, pick: (s: Start) => number | undefined) => starts.filter((s) => s.case === which).map((s) => pick(s) ?? Number.NaN);
  const bare = of('bare', (s) => s.firstAnswerMs);
  const n = options.records.toLocaleString('en-US');
  const ratio = (bot: number[]) => median(bot.map((b, i) => b / bare[i]!));
  const empty = of('bot, empty store', (s) => s.firstAnswerMs);
  const full = of('bot, seeded store', (s) => s.firstAnswerMs);
  const restart = of('bot, restart after a graceful stop', (s) => s.firstAnswerMs);
  const firstAnswer = (label: string, values: number[]): BenchRow => ({
    figure: `start to first answer, ${label}`,
    value: median(values),
    unit: 'ms',
    reference: median(bare),
    referenceLabel: 'bare discord.js bot',
    ratio: ratio(values),
    target: '≤ 1.3× bare',
    met: ratio(values) <= 1.3,
    runs: values,
    referenceRuns: bare,
  });
  const rebuilt = (which: Case, label: string): BenchRow => {
    const values = of(which, (s) => s.rebuiltMs);
    return {
      figure: `start to due index rebuilt, ${n} reminders, ${label}`,
      value: median(values),
      unit: 'ms',
      target: '< 1500 ms',
      met: median(values) < 1500,
      runs: values,
      note: `of which the rebuild itself: ${median(of(which, (s) => s.rebuildMs)).toFixed(0)} ms, begun as the gateway connects (commands are answered meanwhile)`,
    };
  };
  const rows: BenchRow[] = [
    firstAnswer('empty store', empty),
    firstAnswer(`${n} members with reminders stored, cold start`, full),
    firstAnswer(`${n} members with reminders stored, restart after a graceful stop`, restart),
    rebuilt('bot, restart after a graceful stop', 'restart after a graceful stop (stop snapshot)'),
    rebuilt('bot, seeded store', 'cold start (no snapshot: every schedule decrypted)'),
  ];
  return {
    rows,
    detail: {
      options,
      seeding: { records: store.records, membersMs: store.membersMs, remindersMs: store.remindersMs },
      starts,
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await run();
  console.table(result.rows.map(({ runs: _r, referenceRuns: _rr, ...row }) => row));
  console.log(JSON.stringify(result.detail, null, 2));
}
