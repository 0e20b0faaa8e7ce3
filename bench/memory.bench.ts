/**
 * Resident memory of the bot beside a bare discord.js bot: after READY with a large world, and after
 * 10,000 interactions. `npx tsx bench/memory.bench.ts`.
 *
 * The fake sends members in GUILD_CREATE only to clients with the (privileged) GuildMembers intent, as
 * Discord does; the bot and the bare bot use only Guilds, so the 100 members per guild exist in the
 * fake but reach neither cache at READY. Members arrive one by one with interactions instead.
 */
import { pathToFileURL } from 'node:url';
import { FakeDiscord, type FakeUser } from '../src/fake-discord/index.js';
import { BotProcess, type BotKind } from './lib/bot-process.js';
import type { ProbeMemory } from './lib/probe.js';
import { median, QUICK, sleep, type BenchRow } from './lib/stats.js';
import { BENCH_FAKE_OPTIONS, dataDir, forgetHistory } from './lib/world.js';

export interface MemoryOptions {
  guilds: number;
  channelsPerGuild: number;
  membersPerGuild: number;
  interactions: number;
  inFlight: number;
  /** Runs of the bot and the bare bot (the diagnostic processes run once). */
  runs: number;
  /** Alternating starts of each side for the one-guild baseline (median). */
  baselineRuns: number;
  /** Idle time before the READY reading: V8's memory reducer trims the heap about 7 s after a burst. */
  settleMs: number;
  /** Interactions before the growth is measured: JIT code, sockets and V8's young generation grow once. */
  warmup: number;
}

export const FULL: MemoryOptions = {
  guilds: 1000,
  channelsPerGuild: 50,
  membersPerGuild: 100,
  interactions: 10_000,
  inFlight: 50,
  runs: 3,
  baselineRuns: 5,
  settleMs: 8000,
  warmup: 2000,
};
const SMOKE: MemoryOptions = { ...FULL, interactions: 2000, runs: 1, baselineRuns: 1, settleMs: 2000, warmup: 1000 };

const MB = 1024 * 1024;
/** Growth below this is not told apart from allocator and GC noise, whatever the runs say. */
const NOISE_FLOOR_MB = 2;
/** The fake's history can only be dropped while nothing is in flight, so interactions go in batches. */
const BATCH = 2000;
/** Pause after a burst before reading, so replies still on their way are not counted as held. */
const QUIET_MS = 1000;

export interface World {
  fake: FakeDiscord;
  guilds: { id: string; members: FakeUser[] }[];
}

export async function buildWorld(guildCount: number, options: MemoryOptions): Promise<World> {
  const fake = await FakeDiscord.start(BENCH_FAKE_OPTIONS);
  const channels = Array.from({ length: options.channelsPerGuild }, (_, i) => ({ name: `channel-${i}` }));
  const guilds: World['guilds'] = [];
  for (let g = 0; g < guildCount; g++) {
    const guild = fake.addGuild({ name: `Guild ${g}`, channels });
    const members: FakeUser[] = [fake.user(guild.owner_id)];
    while (members.length < options.membersPerGuild) {
      const user = fake.addUser({ username: `g${g}m${members.length}` });
      fake.addMember(guild.id, user.id);
      members.push(user);
    }
    guilds.push({ id: guild.id, members });
  }
  return { fake, guilds };
}

interface Sample {
  kind: BotKind;
  world: 'large' | 'one guild';
  ready: ProbeMemory;
  warm?: ProbeMemory;
  after?: ProbeMemory;
}

export async function interactions(world: World, from: number, count: number, inFlight: number): Promise<void> {
  // Every interaction from a different member, spread over every guild: the worst case for caches.
  for (let start = from; start < from + count; start += BATCH) {
    forgetHistory(world.fake);
    let next = start;
    const end = Math.min(from + count, start + BATCH);
    const worker = async () => {
      while (next < end) {
        const i = next++;
        const guild = world.guilds[i % world.guilds.length]!;
        const user = guild.members[Math.floor(i / world.guilds.length) % guild.members.length]!;
        await world.fake.slash({ user: user.id, guildId: guild.id, name: 'about' }).response();
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
  }
}

export async function sample(world: World, label: Sample['world'], kind: BotKind, options: MemoryOptions, load: boolean): Promise<Sample> {
  forgetHistory(world.fake);
  const dir = kind === 'bot' ? dataDir() : undefined;
  const bot = new BotProcess({ kind, fake: world.fake, storeFile: dir?.storeFile, encryptionKey: dir?.encryptionKey });
  try {
    await bot.ready;
    await sleep(options.settleMs);
    const ready = await bot.memory();
    if (!load) return { kind, world: label, ready };
    const load_ = async (from: number, count: number) => {
      await interactions(world, from, count, options.inFlight).catch((error: unknown) => {
        throw new Error(`${kind}: ${String(error)}\nits output:\n${bot.output.slice(-2000)}`);
      });
      await sleep(QUIET_MS);
      return bot.memory();
    };
    const warm = await load_(0, options.warmup);
    const after = await load_(options.warmup, options.interactions);
    return { kind, world: label, ready, warm, after };
  } finally {
    await bot.stop();
    dir?.remove();
  }
}

export async function run(options: MemoryOptions = QUICK ? SMOKE : FULL): Promise<{ rows: BenchRow[]; detail: Record<string, unknown> }> {
  const samples: Sample[] = [];
  // The process alone, before any world: how much of the figure is Node and the modules. One start of
  // each side swings by 10 to 20 MB with when V8's memory reducer runs (bench/README.md, Memory), so the
  // row is the median of several alternating starts, as the issue asks of every figure.
  const small = await buildWorld(1, options);
  try {
    for (let r = 0; r < options.baselineRuns; r++) {
      for (const kind of r % 2 === 0 ? (['bare', 'bot'] as const) : (['bot', 'bare'] as const)) {
        samples.push(await sample(small, 'one guild', kind, options, false));
      }
    }
  } finally {
    await small.fake.close();
  }
  const large = await buildWorld(options.guilds, options);
  try {
    for (let r = 0; r < options.runs; r++) {
      // Alternating order, so neither always starts right after the other.
      for (const kind of r % 2 === 0 ? (['bare', 'bot'] as const) : (['bot', 'bare'] as const)) {
        samples.push(await sample(large, 'large', kind, options, true));
      }
    }
    samples.push(await sample(large, 'large', 'bare-shipped', options, false));
  } finally {
    await large.fake.close();
  }
  return summarize(samples, options);
}

function summarize(samples: Sample[], options: MemoryOptions): { rows: BenchRow[]; detail: Record<string, unknown> } {
  const of = (kind: BotKind, world: Sample['world'] = 'large') => samples.filter((s) => s.kind === kind && s.world === world);
  const mb = (bytes: number) => bytes / MB;
  const readyRss = (kind: BotKind, world: Sample['world'] = 'large') => of(kind, world).map((s) => mb(s.ready.rss));
  // Growth is read after full GCs (rssAfterGc, once the freed pages are given back): idle RSS without
  // them wanders by tens of MB with V8's heap sizing, which would hide a leak or invent one.
  const growth = (kind: BotKind) => of(kind).map((s) => mb(s.after!.rssAfterGc - s.warm!.rssAfterGc));
  // The same, read the moment the GCs return, before V8 has given the freed pages back (the earlier method).
  const growthAtOnce = (kind: BotKind) => of(kind).map((s) => mb(s.after!.rssAtOnceAfterGc - s.warm!.rssAtOnceAfterGc));
  const heapGrowth = (kind: BotKind) => of(kind).map((s) => mb(s.after!.heapUsed - s.warm!.heapUsed));
  const warmRise = (kind: BotKind) => of(kind).map((s) => mb(s.warm!.rssAfterGc - s.ready.rssAfterGc));
  const spread = (values: number[]) => Math.max(...values) - Math.min(...values);
  // Growth "beyond noise": more than the bot's own growth figure moves from run to run.
  const noise = Math.max(NOISE_FLOOR_MB, spread(growth('bot')));
  const world = `${options.guilds.toLocaleString('en-US')} guilds × ${options.channelsPerGuild} channels × ${options.membersPerGuild} members`;
  const n = options.interactions.toLocaleString('en-US');
  const bare = 'bare bot, discord.js default caches';
  const row = (figure: string, bot: number[], ref: number[], extra: Partial<BenchRow> = {}): BenchRow => ({
    figure,
    value: median(bot),
    unit: 'MB',
    reference: median(ref),
    referenceLabel: bare,
    met: null,
    runs: bot,
    referenceRuns: ref,
    ...extra,
  });
  const botReady = median(readyRss('bot'));
  const botGrowth = median(growth('bot'));
  const rows: BenchRow[] = [
    row(`RSS after READY, ${world}`, readyRss('bot'), readyRss('bare'), {
      ratio: botReady / median(readyRss('bare')),
      target: '≤ 1.1× bare',
      met: botReady / median(readyRss('bare')) <= 1.1,
      note: `read ${options.settleMs / 1000} s after READY, before any forced GC`,
    }),
    row(`RSS growth over ${n} interactions from ${n} members`, growth('bot'), growth('bare'), {
      target: '≤ bare bot (medians)',
      met: botGrowth <= median(growth('bare')),
      note: `after ${options.warmup.toLocaleString('en-US')} warm-up interactions, readings after full GCs; run-to-run spread of the bot's growth ${noise.toFixed(1)} MB (at least ${NOISE_FLOOR_MB} MB counted)`,
    }),
    row(`RSS growth over ${n} interactions, read the moment the GCs return`, growthAtOnce('bot'), growthAtOnce('bare'), {
      note: 'the method before 2026-12-03: counts pages V8 is about to give back (bench/README.md, Memory)',
    }),
    row(`heap growth over ${n} interactions, after full GC`, heapGrowth('bot'), heapGrowth('bare'), {
      note: 'what stays reachable: the retention signal without allocator noise',
    }),
    row(`RSS rise over the first ${options.warmup.toLocaleString('en-US')} interactions (warm-up)`, warmRise('bot'), warmRise('bare'), {
      note: 'once per process: JIT code, sockets, V8 and malloc arenas sized for load; readings after full GCs',
    }),
    row('RSS after READY, one guild (process baseline)', readyRss('bot', 'one guild'), readyRss('bare', 'one guild'), {
      ratio: median(readyRss('bot', 'one guild')) / median(readyRss('bare', 'one guild')),
      target: 'within 10 MB of bare',
      met: median(readyRss('bot', 'one guild')) - median(readyRss('bare', 'one guild')) <= 10,
    }),
    row(`RSS after READY, bare bot on src/client.ts settings, ${world}`, readyRss('bare-shipped'), readyRss('bare'), {
      ratio: median(readyRss('bare-shipped')) / median(readyRss('bare')),
      note: 'the shipped cache settings alone, without the rest of the bot',
    }),
  ];
  const first = (kind: BotKind, world: Sample['world'] = 'large') => of(kind, world)[0];
  return {
    rows,
    detail: {
      options,
      caches: Object.fromEntries(
        (['bot', 'bare', 'bare-shipped'] as const).map((kind) => [kind, { ready: first(kind)?.ready.caches, after: first(kind)?.after?.caches }]),
      ),
      samples: samples.map((s) => ({
        kind: s.kind,
        world: s.world,
        ready: withoutCaches(s.ready),
        warm: s.warm && withoutCaches(s.warm),
        after: s.after && withoutCaches(s.after),
      })),
    },
  };
}

function withoutCaches({ caches: _c, type: _t, ...memory }: ProbeMemory): Omit<ProbeMemory, 'caches' | 'type'> {
  return memory;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await run();
  console.table(result.rows.map(({ runs: _r, referenceRuns: _rr, ...row }) => row));
  console.log(JSON.stringify(result.detail, null, 2));
}
