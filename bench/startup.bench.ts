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

type Case = 'bare' | 'bot, empty store' | 'bot, seeded store';

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
  // Each start gets its own copy, so a start never sees what the previous one wrote.
  const dir = which === 'bare' ? undefined : dataDir();
  if (dir && which === 'bot, seeded store') copyFileSync(seeded.dir.storeFile, dir.storeFile);
  const key = which === 'bot, seeded store' ? seeded.dir.encryptionKey : dir?.encryptionKey;
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
      if (which === 'bot, seeded store' && entries < seeded.records) {
        throw new Error(`${which}: rebuilt ${entries} entries from ${seeded.records} stored reminders`);
      }
    }
    return result;
  } finally {
    await bot.stop();
    dir?.remove();
  }
}

export async function run(options: StartupOptions = QUICK ? SMOKE : FULL, seeded?: SeededStore): Promise<{ rows: BenchRow[]; detail: Record<string, unknown> }> {
  const store = seeded ?? (await seed(options.records));
  const fake = await FakeDiscord.start(BENCH_FAKE_OPTIONS);
  const guild = fake.addGuild({ name: 'Start-up' });
  // One member per start: the bot's per-member command limit must not decide anything here.
  const users = Array.from({ length: 3 * (options.runs + 1) }, (_, i) => {
    const user = fake.addUser({ username: `starter${i}` });
    fake.addMember(guild.id, user.id);
    return user;
  });
  const cases: Case[] = ['bare', 'bot, empty store', 'bot, seeded store'];
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
  const rows: BenchRow[] = [
    {
      figure: 'start to first answer, empty store',
      value: median(empty),
      unit: 'ms',
      reference: median(bare),
      referenceLabel: 'bare discord.js bot',
      ratio: ratio(empty),
      met: null,
      runs: empty,
      referenceRuns: bare,
    },
    {
      figure: `start to first answer, ${n} members with reminders stored`,
      value: median(full),
      unit: 'ms',
      reference: median(bare),
      referenceLabel: 'bare discord.js bot',
      ratio: ratio(full),
      target: '< 1500 ms',
      met: median(full) < 1500,
      runs: full,
      referenceRuns: bare,
    },
    {
      figure: `start to due index rebuilt, ${n} reminders`,
      value: median(of('bot, seeded store', (s) => s.rebuiltMs)),
      unit: 'ms',
      met: null,
      runs: of('bot, seeded store', (s) => s.rebuiltMs),
      note: `of which the rebuild itself: ${median(of('bot, seeded store', (s) => s.rebuildMs)).toFixed(0)} ms (commands are answered meanwhile)`,
    },
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
