/**
 * Interaction latency, the real bot beside the bare bot, measured in one run:
 * `npx tsx bench/interactions.bench.ts`. Latency is from the fake dispatching INTERACTION_CREATE to
 * the fake receiving the interaction callback, so it covers the gateway, discord.js, the bot and REST.
 *
 * Three paths: `/about` (no store; the bare bot answers fixed text), `/reminders status` for a member
 * with a schedule and a press on a reminder DM's "done" button (one store read each; the bare bot reads
 * one SQLite row with better-sqlite3 before answering, see bench/bare-bot.ts). BENCH_PATHS=about,status
 * runs a subset; BENCH_STORE_CACHE_ENTRIES sets the bot's STORE_CACHE_ENTRIES (0: every read a miss).
 */
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { ContentLibrary } from '../src/content/index.js';
import type { CallbackRecord, FakeUser } from '../src/fake-discord/index.js';
import type { FakeComponent } from '../src/fake-discord/types.js';
import { reminderButtons } from '../src/reminders/dm.js';
import { openStore } from '../src/store/index.js';
import { BotProcess, type BotKind } from './lib/bot-process.js';
import { fill, reminderRecord, silentLogger } from './lib/seed.js';
import { median, percentile, QUICK, type BenchRow } from './lib/stats.js';
import { dataDir, forgetHistory, processCpuSeconds, smallWorld, type DataDir, type SmallWorld } from './lib/world.js';

/** What one interaction of a run is. */
export type Path = 'about' | 'status' | 'button';
const PATH_LABEL: Record<Path, string> = { about: '/about', status: '/reminders status', button: 'reminder "done" button' };
/** The key of the reminder whose button is pressed; every member's record says it was already counted, so a press reads and writes nothing. */
const DONE_KEY = 'bench';

export interface InteractionsOptions {
  /** Commands per side and run one after another, and the same number again with `inFlight` at once. */
  commands: number;
  inFlight: number;
  /** Repeated runs, each interleaving the two bots chunk by chunk; each figure is the median over runs. */
  runs: number;
  warmup: number;
  /** /about: no store access, one embed built from content; comparable to a fixed reply. */
  command: string;
  /** The store-touching paths run one after another only (their targets are about that), this many runs. */
  storeRuns: number;
  paths: Path[];
}

const ALL_PATHS: Path[] = (process.env.BENCH_PATHS?.split(',') as Path[] | undefined) ?? ['about', 'status', 'button'];
const FULL: InteractionsOptions = { commands: 2000, inFlight: 50, runs: 7, warmup: 500, command: 'about', storeRuns: 5, paths: ALL_PATHS };
const SMOKE: InteractionsOptions = { commands: 500, inFlight: 50, runs: 2, warmup: 200, command: 'about', storeRuns: 2, paths: ALL_PATHS };

interface Side {
  kind: BotKind;
  world: SmallWorld;
  bot: BotProcess;
  dir?: DataDir;
  next: number;
  failures: string[];
  buttons: Map<string, { customId: string; row: FakeComponent }>;
}

interface Block {
  p50: number;
  p99: number;
  /** CPU milliseconds per command: the bot process, and the bench process (the fake + this loop). */
  botCpuMs: number | null;
  fakeCpuMs: number;
  wallMs: number;
}

/** Raw measurements of one side over one run, gathered chunk by chunk. */
interface Tally {
  latencies: number[];
  botCpuS: number;
  fakeCpuUs: number;
  wallMs: number;
}

/**
 * Every member keeps a reminder schedule: in the bot's encrypted store (written through the domain API,
 * as the bot would) and, for the bare bot, as a plain JSON row in a better-sqlite3 file.
 */
async function seedSchedules(kind: BotKind, users: readonly FakeUser[], dir: DataDir): Promise<void> {
  const now = Date.now();
  // Far enough ahead that no reminder falls due during the run and adds sends to the bot's side.
  const record = (i: number) => ({ ...reminderRecord(i, now), nextDueUtc: now + 3 * 86_400_000 + i * 1000, lastDoneKey: DONE_KEY });
  if (kind === 'bot') {
    const store = await openStore({ url: `sqlite://${dir.storeFile}`, encryptionKey: dir.encryptionKey, logger: silentLogger });
    await fill(users.length, (i) => store.reminders.set(users[i]!.id, record(i)));
    await store.close();
    return;
  }
  const db = new Database(dir.storeFile);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE bare(key VARCHAR(255) PRIMARY KEY, value TEXT)');
  const insert = db.prepare('INSERT INTO bare (key, value) VALUES (?, ?)');
  db.transaction(() => {
    for (const [i, u] of users.entries()) insert.run(`bare:${u.id}`, JSON.stringify(record(i)));
  })();
  db.close();
}

async function startSide(kind: BotKind, users: number, paths: readonly Path[]): Promise<Side> {
  const world = await smallWorld(users);
  const touchesStore = paths.some((p) => p !== 'about');
  const dir = kind === 'bot' || touchesStore ? dataDir() : undefined;
  if (dir && touchesStore) await seedSchedules(kind, world.users, dir);
  const bot = new BotProcess({
    kind,
    fake: world.fake,
    storeFile: kind === 'bot' ? dir?.storeFile : undefined,
    encryptionKey: kind === 'bot' ? dir?.encryptionKey : undefined,
    bareStore: kind !== 'bot' && touchesStore ? dir?.storeFile : undefined,
  });
  await bot.ready;
  const content = new ContentLibrary();
  const buttons = new Map<string, { customId: string; row: FakeComponent }>();
  if (paths.includes('button')) {
    for (const user of world.users) {
      const row = reminderButtons(content, 'en-US', user.id, DONE_KEY) as unknown as FakeComponent;
      const customId = (row.components as { custom_id: string }[])[0]!.custom_id;
      buttons.set(user.id, { customId, row });
    }
  }
  return { kind, world, bot, dir, next: 0, failures: [], buttons };
}

function check(side: Side, path: Path, response: CallbackRecord): void {
  const data = response.data as { embeds?: unknown[]; content?: string } | undefined;
  // The bot must answer with what the path shows: a rate-limit notice or an error reply would be
  // cheaper and would flatter the figures.
  const bot = side.kind === 'bot';
  let ok: boolean;
  if (path === 'about') ok = response.type === 4 && (bot ? (data?.embeds?.length ?? 0) > 0 : Boolean(data?.content));
  else if (path === 'status') ok = response.type === 4 && (bot ? /<t:\d+:F>/.test(data?.content ?? '') : /^Reminders at/.test(data?.content ?? ''));
  else ok = response.type === 7 && (bot ? /week/i.test(data?.content ?? '') : /^Reminders at/.test(data?.content ?? ''));
  if (!ok) side.failures.push(`${path}: ${JSON.stringify(response.data).slice(0, 200)}`);
}

async function one(side: Side, path: Path): Promise<number> {
  const user = side.world.users[side.next++ % side.world.users.length]!;
  const { fake, guildId } = side.world;
  let handle: ReturnType<typeof fake.slash>;
  if (path === 'button') {
    const button = side.buttons.get(user.id)!;
    // The reminder DM the member presses on, as an ephemeral message so no gateway event reaches either bot.
    const message = fake.state.createMessage(fake.dmChannel(user.id).id, { author: fake.botUser, components: [button.row], flags: 64 });
    const started = performance.now();
    handle = fake.button({ user: user.id, message, customId: button.customId });
    const response = await handle.response();
    const elapsed = performance.now() - started;
    check(side, path, response);
    return elapsed;
  }
  const started = performance.now();
  handle =
    path === 'about' ? fake.slash({ user: user.id, guildId, name: 'about' }) : fake.slash({ user: user.id, guildId, name: 'reminders', subcommand: 'status' });
  const response = await handle.response();
  const elapsed = performance.now() - started;
  check(side, path, response);
  return elapsed;
}

/** `count` commands with `inFlight` at a time, added to `tally`. */
async function chunk(side: Side, count: number, inFlight: number, path: Path, tally: Tally): Promise<void> {
  forgetHistory(side.world.fake);
  const botCpu = processCpuSeconds(side.bot.child.pid!) ?? Number.NaN;
  const fakeCpu = process.cpuUsage();
  const started = performance.now();
  let left = count;
  const worker = async () => {
    while (left > 0) {
      left--;
      tally.latencies.push(await one(side, path));
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  tally.wallMs += performance.now() - started;
  tally.botCpuS += (processCpuSeconds(side.bot.child.pid!) ?? Number.NaN) - botCpu;
  const fake = process.cpuUsage(fakeCpu);
  tally.fakeCpuUs += fake.user + fake.system;
}

const newTally = (): Tally => ({ latencies: [], botCpuS: 0, fakeCpuUs: 0, wallMs: 0 });

function toBlock(t: Tally): Block {
  const n = t.latencies.length;
  return {
    p50: percentile(t.latencies, 50),
    p99: percentile(t.latencies, 99),
    botCpuMs: Number.isNaN(t.botCpuS) ? null : (t.botCpuS * 1000) / n,
    fakeCpuMs: t.fakeCpuUs / 1000 / n,
    wallMs: t.wallMs,
  };
}

/**
 * One run of `commands` per side, cut into chunks that alternate between the sides, so that drift in
 * the machine's load (it is shared) lands on both sides alike instead of on whichever ran later.
 */
async function interleavedRun(sides: Side[], run: number, options: InteractionsOptions, inFlight: number, path: Path): Promise<Block[]> {
  const tallies = sides.map(newTally);
  const chunks = Math.max(1, Math.round(options.commands / CHUNK));
  for (let c = 0; c < chunks; c++) {
    const order = (run + c) % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) await chunk(sides[i]!, Math.round(options.commands / chunks), inFlight, path, tallies[i]!);
  }
  return tallies.map(toBlock);
}

/** Commands per chunk; big enough that 50 in flight spend most of a chunk at full concurrency. */
const CHUNK = 250;

export interface InteractionsResult {
  rows: BenchRow[];
  detail: Record<string, unknown>;
}

export async function run(options: InteractionsOptions = QUICK ? SMOKE : FULL): Promise<InteractionsResult> {
  // Enough members that none comes near the bot's 10-per-10-s limit at the rates reached here.
  const users = 5000;
  const sides = [await startSide('bot', users, options.paths), await startSide('bare', users, options.paths)];
  try {
    const warm = newTally();
    for (const side of sides) {
      // Every member once, so the store paths measure a member the bot has served before (their record
      // in its in-memory cache); a first read's cost is store.bench.ts's miss row.
      if (options.paths.includes('status')) await chunk(side, users, 4, 'status', warm);
      for (const path of options.paths) await chunk(side, options.warmup, 1, path, warm);
      await chunk(side, options.warmup, options.inFlight, 'about', warm);
    }
    const results = new Map<string, Block[]>();
    const add = (key: string, b: Block) => results.set(key, [...(results.get(key) ?? []), b]);
    for (let run = 0; run < options.runs; run++) {
      for (const path of options.paths) {
        if (path !== 'about' && run >= options.storeRuns) continue;
        const modes =
          path === 'about'
            ? ([
                ['seq', 1],
                ['conc', options.inFlight],
              ] as const)
            : ([['seq', 1]] as const);
        for (const [mode, inFlight] of modes) {
          const [bot, bare] = await interleavedRun(sides, run, options, inFlight, path);
          add(`${path}:bot:${mode}`, bot!);
          add(`${path}:bare:${mode}`, bare!);
        }
      }
    }
    for (const side of sides) {
      if (side.failures.length) throw new Error(`${side.kind}: ${side.failures.length} unexpected replies, e.g. ${side.failures[0]}`);
    }
    return summarize(results, options);
  } finally {
    for (const side of sides) {
      await side.bot.stop();
      await side.world.fake.close();
      side.dir?.remove();
    }
  }
}

function summarize(results: Map<string, Block[]>, options: InteractionsOptions): InteractionsResult {
  const rows: BenchRow[] = [];
  const detail: Record<string, unknown> = { options };
  for (const path of options.paths) {
    for (const mode of ['seq', 'conc'] as const) {
      const bot = results.get(`${path}:bot:${mode}`);
      const bare = results.get(`${path}:bare:${mode}`);
      if (!bot || !bare) continue;
      const label = mode === 'seq' ? `${options.commands} one after another` : `${options.commands}, ${options.inFlight} in flight`;
      const reference = path === 'about' ? 'bare discord.js bot' : 'bare discord.js bot, one better-sqlite3 read per reply';
      for (const p of ['p50', 'p99'] as const) {
        const ratio = median(bot.map((b, i) => b[p] / bare[i]![p]));
        rows.push({
          figure: `${PATH_LABEL[path]} latency ${p}, ${label}`,
          value: median(bot.map((b) => b[p])),
          unit: 'ms',
          reference: median(bare.map((b) => b[p])),
          referenceLabel: reference,
          ratio,
          target: '≤ 1.3× bare',
          met: ratio <= 1.3,
          runs: bot.map((b) => b[p]),
          referenceRuns: bare.map((b) => b[p]),
        });
      }
      const cpuRatio = median(bot.map((b, i) => (b.botCpuMs ?? Number.NaN) / (bare[i]!.botCpuMs ?? Number.NaN)));
      rows.push({
        figure: `${PATH_LABEL[path]} CPU per interaction, ${label}`,
        value: median(bot.map((b) => b.botCpuMs ?? Number.NaN)),
        unit: 'ms',
        reference: median(bare.map((b) => b.botCpuMs ?? Number.NaN)),
        referenceLabel: reference,
        ratio: cpuRatio,
        // The CPU target is for one after another; with 50 in flight it is reported only.
        target: mode === 'seq' ? '≤ 1.3× bare' : undefined,
        met: mode === 'seq' ? cpuRatio <= 1.3 : null,
        runs: bot.map((b) => b.botCpuMs ?? Number.NaN),
        referenceRuns: bare.map((b) => b.botCpuMs ?? Number.NaN),
        note: 'user+system CPU of the bot process per interaction, from /proc (10 ms ticks, summed over each chunk)',
      });
      detail[`${path}:${mode}`] = {
        bot,
        bare,
        // If the bench process (the fake) were near a full core, it, not the bot, would set the pace.
        fakeCoreUse: median(bare.map((b) => (b.fakeCpuMs * options.commands) / b.wallMs)),
        fakeCpuMsPerCommand: median(bare.map((b) => b.fakeCpuMs)),
      };
    }
  }
  return { rows, detail };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await run();
  console.table(result.rows.map(({ runs: _r, referenceRuns: _rr, ...row }) => row));
  console.log(JSON.stringify(result.detail, null, 2));
}
