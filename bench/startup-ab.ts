/**
 * Start-up A/B: the cases of startup.bench.ts for this checkout's build ("new") against another build
 * ("old", AB_BASE: a folder holding that commit's dist/, package.json and content/, with node_modules
 * resolvable from it), interleaved start by start so load on the shared machine hits both alike, with
 * the bare bot in every round as the reference.
 *
 *   flock /tmp/bench.lock npx tsx bench/startup-ab.ts
 *
 * AB_BASE (required for "old"; without it only "new" runs), AB_RECORDS (100000), AB_RUNS (5),
 * AB_CASES (comma list of empty,cold,restart; all by default), AB_SEED (a folder to keep the seeded
 * store in between runs; seeding 100k takes a while). Per start it records spawn to READY, to the
 * answer to a /about sent at READY, to the due index rebuilt, and the bot's main-thread CPU when the
 * answer arrived (/proc/<pid>/task/<pid>/stat), and prints medians per case and side.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeDiscord, type FakeUser } from '../src/fake-discord/index.js';
import { BotProcess } from './lib/bot-process.js';
import { median } from './lib/stats.js';
import { BENCH_FAKE_OPTIONS, dataDir } from './lib/world.js';
import { seed } from './startup.bench.js';

type Case = 'empty' | 'cold' | 'restart';
type Side = 'old' | 'new';

interface Sample {
  side: Side | 'bare';
  case: Case | 'bare';
  readyMs: number;
  answerMs: number;
  mainCpuMs: number | null;
  pid: number | undefined;
  rebuiltMs?: number;
  rebuildMs?: number;
}

const RECORDS = Number(process.env.AB_RECORDS ?? 100_000);
const RUNS = Number(process.env.AB_RUNS ?? 5);
const BASE = process.env.AB_BASE;
const CASES = (process.env.AB_CASES ?? 'empty,cold,restart').split(',').filter(Boolean) as Case[];
const SIDES: Side[] = BASE ? ['old', 'new'] : ['new'];
/** Node flags for every measured process, bare bot included (e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`); each sample names its pid. */
const NODE_ARGS = (process.env.AB_NODE_ARGS ?? '').split(' ').filter(Boolean);

/** User + system CPU of the process's main thread (its task id is the pid), in ms. */
function mainThreadCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / 100) * 1000;
  } catch {
    return null;
  }
}

async function seeded(): Promise<{ storeFile: string; key: string }> {
  const dir = process.env.AB_SEED;
  if (dir && existsSync(join(dir, 'key.txt'))) return { storeFile: join(dir, 'securebase.sqlite'), key: readFileSync(join(dir, 'key.txt'), 'utf8') };
  const made = await seed(RECORDS);
  if (!dir) return { storeFile: made.dir.storeFile, key: made.dir.encryptionKey };
  mkdirSync(dir, { recursive: true });
  copyFileSync(made.dir.storeFile, join(dir, 'securebase.sqlite'));
  writeFileSync(join(dir, 'key.txt'), made.dir.encryptionKey);
  made.dir.remove();
  return { storeFile: join(dir, 'securebase.sqlite'), key: made.dir.encryptionKey };
}

async function start(
  fake: FakeDiscord,
  user: FakeUser,
  guildId: string,
  side: Side | 'bare',
  which: Case | 'bare',
  store: { storeFile: string; key: string },
): Promise<Sample> {
  const kind = side === 'bare' ? 'bare' : 'bot';
  const root = side === 'old' ? BASE : undefined;
  const dir = kind === 'bot' ? dataDir() : undefined;
  const fromSeed = which === 'cold' || which === 'restart';
  if (dir && fromSeed) copyFileSync(store.storeFile, dir.storeFile);
  const key = fromSeed ? store.key : dir?.encryptionKey;
  if (which === 'restart') {
    const before = new BotProcess({ kind, root, fake, storeFile: dir?.storeFile, encryptionKey: key, logLevel: 'info' });
    const rebuilt = before.waitForOutput(/"msg":"schedule index rebuilt"/);
    await before.ready;
    await rebuilt;
    await before.stop();
  }
  const bot = new BotProcess({ kind, root, fake, storeFile: dir?.storeFile, encryptionKey: key, logLevel: 'info', nodeArgs: NODE_ARGS });
  try {
    const rebuilt = kind === 'bot' ? bot.waitForOutput(/"msg":"schedule index rebuilt"/) : undefined;
    const readyAt = await bot.ready;
    await fake.slash({ user: user.id, guildId, name: 'about' }).response();
    const answeredAt = performance.now();
    const sample: Sample = {
      side,
      case: which,
      readyMs: readyAt - bot.spawnedAt,
      answerMs: answeredAt - bot.spawnedAt,
      mainCpuMs: mainThreadCpuMs(bot.child.pid),
      pid: bot.child.pid,
    };
    if (rebuilt) {
      const hit = await rebuilt;
      sample.rebuiltMs = hit.at - bot.spawnedAt;
      sample.rebuildMs = Number(/"ms":([\d.]+)/.exec(hit.text)?.[1]);
      const entries = Number(/"entries":(\d+)/.exec(hit.text)?.[1]);
      if (fromSeed && !(entries >= RECORDS)) throw new Error(`${side} ${which}: rebuilt ${entries} entries from ${RECORDS} stored reminders`);
    }
    return sample;
  } finally {
    await bot.stop();
    dir?.remove();
  }
}

const store = await seeded();
const fake = await FakeDiscord.start(BENCH_FAKE_OPTIONS);
const guild = fake.addGuild({ name: 'Start-up A/B' });
const users = Array.from({ length: (RUNS + 1) * (1 + CASES.length * SIDES.length) }, (_, i) => {
  const user = fake.addUser({ username: `starter${i}` });
  fake.addMember(guild.id, user.id);
  return user;
});
const samples: Sample[] = [];
try {
  // Warm-up round (page cache, first spawn), not kept.
  await start(fake, users.pop()!, guild.id, 'bare', 'bare', store);
  for (const side of SIDES) for (const which of CASES) await start(fake, users.pop()!, guild.id, side, which, store);
  for (let r = 0; r < RUNS; r++) {
    const order = r % 2 === 0 ? SIDES : [...SIDES].reverse();
    samples.push(await start(fake, users.pop()!, guild.id, 'bare', 'bare', store));
    for (const which of CASES) for (const side of order) samples.push(await start(fake, users.pop()!, guild.id, side, which, store));
    process.stderr.write(`round ${r + 1}/${RUNS} done\n`);
  }
} finally {
  await fake.close();
}

const bare = samples.filter((s) => s.side === 'bare');
const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '-');
const rows: Record<string, string>[] = [
  {
    case: 'bare',
    side: '',
    answer: fmt(median(bare.map((s) => s.answerMs))),
    ratio: '',
    mainCpu: fmt(median(bare.map((s) => s.mainCpuMs ?? Number.NaN))),
    ready: fmt(median(bare.map((s) => s.readyMs))),
    rebuilt: '',
    rebuild: '',
  },
];
for (const which of CASES) {
  for (const side of SIDES) {
    const mine = samples.filter((s) => s.case === which && s.side === side);
    // Each start against the bare start of its own round.
    const ratios = mine.map((s, i) => s.answerMs / bare[i]!.answerMs);
    rows.push({
      case: which,
      side,
      answer: fmt(median(mine.map((s) => s.answerMs))),
      ratio: median(ratios).toFixed(2),
      mainCpu: fmt(median(mine.map((s) => s.mainCpuMs ?? Number.NaN))),
      ready: fmt(median(mine.map((s) => s.readyMs))),
      rebuilt: fmt(median(mine.map((s) => s.rebuiltMs ?? Number.NaN))),
      rebuild: fmt(median(mine.map((s) => s.rebuildMs ?? Number.NaN))),
    });
  }
}
console.table(rows);
console.log(JSON.stringify({ records: RECORDS, runs: RUNS, samples }));
