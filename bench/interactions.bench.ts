/**
 * Slash-command latency, the real bot beside the bare bot, measured in one run:
 * `npx tsx bench/interactions.bench.ts`. Latency is from the fake dispatching INTERACTION_CREATE to
 * the fake receiving the interaction callback, so it covers the gateway, discord.js, the bot and REST.
 */
import { pathToFileURL } from 'node:url';
import type { CallbackRecord } from '../src/fake-discord/index.js';
import { BotProcess, type BotKind } from './lib/bot-process.js';
import { median, percentile, QUICK, type BenchRow } from './lib/stats.js';
import { dataDir, forgetHistory, processCpuSeconds, smallWorld, type DataDir, type SmallWorld } from './lib/world.js';

export interface InteractionsOptions {
  /** Commands per side and run one after another, and the same number again with `inFlight` at once. */
  commands: number;
  inFlight: number;
  /** Repeated runs, each interleaving the two bots chunk by chunk; each figure is the median over runs. */
  runs: number;
  warmup: number;
  /** /about: no store access, one embed built from content; comparable to a fixed reply. */
  command: string;
}

const FULL: InteractionsOptions = { commands: 2000, inFlight: 50, runs: 7, warmup: 500, command: 'about' };
const SMOKE: InteractionsOptions = { commands: 500, inFlight: 50, runs: 2, warmup: 200, command: 'about' };

interface Side {
  kind: BotKind;
  world: SmallWorld;
  bot: BotProcess;
  dir?: DataDir;
  next: number;
  failures: string[];
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

async function startSide(kind: BotKind, users: number): Promise<Side> {
  const world = await smallWorld(users);
  const dir = kind === 'bot' ? dataDir() : undefined;
  const bot = new BotProcess({ kind, fake: world.fake, storeFile: dir?.storeFile, encryptionKey: dir?.encryptionKey });
  await bot.ready;
  return { kind, world, bot, dir, next: 0, failures: [] };
}

function check(side: Side, response: CallbackRecord): void {
  const data = response.data as { embeds?: unknown[]; content?: string } | undefined;
  // The bot must answer with the /about embed: a rate-limit notice or an error reply would be cheaper
  // and would flatter the figures.
  const ok = response.type === 4 && (side.kind === 'bot' ? (data?.embeds?.length ?? 0) > 0 : Boolean(data?.content));
  if (!ok) side.failures.push(JSON.stringify(response.data).slice(0, 200));
}

async function one(side: Side, command: string): Promise<number> {
  const user = side.world.users[side.next++ % side.world.users.length]!;
  const started = performance.now();
  const handle = side.world.fake.slash({ user: user.id, guildId: side.world.guildId, name: command });
  const response = await handle.response();
  const elapsed = performance.now() - started;
  check(side, response);
  return elapsed;
}

/** `count` commands with `inFlight` at a time, added to `tally`. */
async function chunk(side: Side, count: number, inFlight: number, command: string, tally: Tally): Promise<void> {
  forgetHistory(side.world.fake);
  const botCpu = processCpuSeconds(side.bot.child.pid!) ?? Number.NaN;
  const fakeCpu = process.cpuUsage();
  const started = performance.now();
  let left = count;
  const worker = async () => {
    while (left > 0) {
      left--;
      tally.latencies.push(await one(side, command));
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
async function interleavedRun(sides: Side[], run: number, options: InteractionsOptions, inFlight: number): Promise<Block[]> {
  const tallies = sides.map(newTally);
  const chunks = Math.max(1, Math.round(options.commands / CHUNK));
  for (let c = 0; c < chunks; c++) {
    const order = (run + c) % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) await chunk(sides[i]!, Math.round(options.commands / chunks), inFlight, options.command, tallies[i]!);
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
  const sides = [await startSide('bot', users), await startSide('bare', users)];
  try {
    const warm = newTally();
    for (const side of sides) {
      await chunk(side, options.warmup, 1, options.command, warm);
      await chunk(side, options.warmup, options.inFlight, options.command, warm);
    }
    const results = new Map<string, Block[]>();
    const add = (key: string, b: Block) => results.set(key, [...(results.get(key) ?? []), b]);
    for (let run = 0; run < options.runs; run++) {
      for (const [mode, inFlight] of [['seq', 1], ['conc', options.inFlight]] as const) {
        const [bot, bare] = await interleavedRun(sides, run, options, inFlight);
        add(`bot:${mode}`, bot!);
        add(`bare:${mode}`, bare!);
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
  const detail: Record<string, unknown> = { options, command: `/${options.command}` };
  for (const mode of ['seq', 'conc'] as const) {
    const bot = results.get(`bot:${mode}`)!;
    const bare = results.get(`bare:${mode}`)!;
    const label = mode === 'seq' ? `${options.commands} one after another` : `${options.commands}, ${options.inFlight} in flight`;
    for (const p of ['p50', 'p99'] as const) {
      const ratio = median(bot.map((b, i) => b[p] / bare[i]![p]));
      rows.push({
        figure: `/${options.command} latency ${p}, ${label}`,
        value: median(bot.map((b) => b[p])),
        unit: 'ms',
        reference: median(bare.map((b) => b[p])),
        referenceLabel: 'bare discord.js bot',
        ratio,
        target: '≤ 1.3× bare',
        met: ratio <= 1.3,
        runs: bot.map((b) => b[p]),
        referenceRuns: bare.map((b) => b[p]),
      });
    }
    const cpu = (blocks: Block[]) => median(blocks.map((b) => b.botCpuMs ?? Number.NaN));
    rows.push({
      figure: `CPU per command, ${label}`,
      value: cpu(bot),
      unit: 'ms',
      reference: cpu(bare),
      referenceLabel: 'bare discord.js bot',
      ratio: cpu(bot) / cpu(bare),
      met: null,
      note: 'user+system CPU of the bot process per command, from /proc',
    });
    detail[mode] = {
      bot,
      bare,
      // If the bench process (the fake) were near a full core, it, not the bot, would set the pace.
      fakeCoreUse: median(bare.map((b) => (b.fakeCpuMs * options.commands) / b.wallMs)),
      fakeCpuMsPerCommand: median(bare.map((b) => b.fakeCpuMs)),
    };
  }
  return { rows, detail };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await run();
  console.table(result.rows.map(({ runs: _r, referenceRuns: _rr, ...row }) => row));
  console.log(JSON.stringify(result.detail, null, 2));
}
