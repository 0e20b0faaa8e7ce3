/**
 * Diagnostic runner (not part of `npm run bench`): the memory bench's world and load
 * (memory.bench.ts's buildWorld and interactions), with a breakdown of where RSS sits after the
 * probe's GCs, read by this process from /proc/<pid>/smaps.
 *
 *   npx tsx bench/diag/memory-diag.ts [runs] [guilds]
 *   DIAG_KINDS=bot,bare DIAG_ENV_bot='MALLOC_ARENA_MAX=2' DIAG_ARGS_bot='--max-semi-space-size=8'
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { BotProcess, type BotKind } from '../lib/bot-process.js';
import { median, sleep } from '../lib/stats.js';
import { dataDir, forgetHistory } from '../lib/world.js';
import { buildWorld, interactions, type World } from '../memory.bench.js';

const runs = Number(process.argv[2] ?? 1);
const guilds = Number(process.argv[3] ?? 1000);
const warmup = Number(process.env.DIAG_WARMUP ?? 2000);
const count = Number(process.env.DIAG_COUNT ?? 10_000);
const settleMs = Number(process.env.DIAG_SETTLE ?? 8000);
const kinds = (process.env.DIAG_KINDS ?? 'bare,bot').split(',') as BotKind[];
const MB = 1024 * 1024;

/** Variants: DIAG_VARIANTS='bot:A=1,bot' ... each `kind[:ENV=V;ENV2=V][|nodeargs]` */
interface Variant {
  label: string;
  kind: BotKind;
  env: Record<string, string>;
  args: string[];
}
function variants(): Variant[] {
  const spec = process.env.DIAG_VARIANTS;
  if (!spec) return kinds.map((kind) => ({ label: kind, kind, env: {}, args: [] }));
  return spec.split(',').map((v) => {
    const [head, args = ''] = v.split('|');
    const [kind, envs = ''] = head!.split(':');
    const env = Object.fromEntries(
      envs
        .split(';')
        .filter(Boolean)
        .map((e) => e.split('=') as [string, string]),
    );
    return { label: v, kind: kind as BotKind, env, args: args.split(' ').filter(Boolean) };
  });
}

function smaps(pid: number): Record<string, number> {
  const text = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  const out: Record<string, number> = {};
  let name = '';
  for (const line of text.split('\n')) {
    const m = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (m) {
      const path = m[1] ?? '';
      name =
        path === ''
          ? 'anon'
          : path.startsWith('[')
            ? path
            : path.includes('/node') && !path.includes('node_modules')
              ? 'node-binary'
              : path.endsWith('.node')
                ? 'addons'
                : path.includes('.so')
                  ? 'libs'
                  : 'files';
      continue;
    }
    const r = /^Rss:\s+(\d+) kB/.exec(line);
    if (r) out[name] = (out[name] ?? 0) + Number(r[1]) / 1024;
  }
  return out;
}

let tracer: ReturnType<typeof spawn> | undefined;
async function one(world: World, v: Variant) {
  forgetHistory(world.fake);
  const dir = v.kind === 'bot' ? dataDir() : undefined;
  const bot = new BotProcess({ kind: v.kind, fake: world.fake, storeFile: dir?.storeFile, encryptionKey: dir?.encryptionKey, env: v.env, nodeArgs: v.args });
  try {
    await bot.ready;
    await sleep(settleMs);
    const ready = await bot.memory();
    const readySm = smaps(bot.child.pid!);
    await interactions(world, 0, warmup, 50);
    await sleep(1000);
    const warm = await bot.memory();
    const warmSm = smaps(bot.child.pid!);
    if (process.env.DIAG_HEAPTRACK) {
      tracer = spawn('heaptrack', ['-p', String(bot.child.pid), '-o', `/tmp/memory2-ht-${v.kind}`], { stdio: 'inherit' });
      await sleep(Number(process.env.DIAG_HEAPTRACK));
    }
    if (process.env.DIAG_SNAPSHOT_MS) setTimeout(() => bot.child.kill('SIGUSR2'), Number(process.env.DIAG_SNAPSHOT_MS));
    await interactions(world, warmup, count, 50);
    await sleep(1000);
    const after = await bot.memory();
    const afterSm = smaps(bot.child.pid!);
    if (process.env.DIAG_DUMP) writeFileSync(`/tmp/memory2-smaps-${v.kind}-${Date.now()}.txt`, readFileSync(`/proc/${bot.child.pid}/smaps`));
    const diff = Object.fromEntries(Object.keys({ ...afterSm, ...warmSm }).map((k) => [k, +((afterSm[k] ?? 0) - (warmSm[k] ?? 0)).toFixed(1)]));
    const r = {
      label: v.label,
      readyRss: +(ready.rss / MB).toFixed(1),
      readyAfterGc: +(ready.rssAfterGc / MB).toFixed(1),
      growth: +((after.rssAfterGc - warm.rssAfterGc) / MB).toFixed(1),
      heapGrowth: +((after.heapUsed - warm.heapUsed) / MB).toFixed(2),
      readySmaps: Object.fromEntries(Object.entries(readySm).map(([k, x]) => [k, +x.toFixed(1)])),
      warmSmaps: Object.fromEntries(Object.entries(warmSm).map(([k, x]) => [k, +x.toFixed(1)])),
      smapsGrowth: diff,
    };
    console.log(JSON.stringify(r));
    return r;
  } finally {
    await bot.stop();
    dir?.remove();
    if (tracer) {
      const t = tracer;
      tracer = undefined;
      if (t.exitCode === null) await new Promise((done) => t.on('exit', done));
    }
  }
}

const world = await buildWorld(guilds, {
  guilds,
  channelsPerGuild: 50,
  membersPerGuild: 100,
  interactions: count,
  inFlight: 50,
  runs,
  baselineRuns: 1,
  settleMs,
  warmup,
});
const results: Awaited<ReturnType<typeof one>>[] = [];
try {
  const vs = variants();
  for (let r = 0; r < runs; r++) {
    for (const v of r % 2 === 0 ? vs : [...vs].reverse()) results.push(await one(world, v));
  }
} finally {
  await world.fake.close();
}
for (const v of variants()) {
  const mine = results.filter((r) => r.label === v.label);
  console.log(
    `${v.label}: readyRss ${median(mine.map((r) => r.readyRss)).toFixed(1)} [${mine.map((r) => r.readyRss)}] growth ${median(mine.map((r) => r.growth)).toFixed(1)} [${mine.map((r) => r.growth)}] heap ${median(mine.map((r) => r.heapGrowth)).toFixed(2)} [heap] ${median(mine.map((r) => r.smapsGrowth['[heap]'] ?? 0)).toFixed(1)} [${mine.map((r) => r.smapsGrowth['[heap]'])}] anon ${median(mine.map((r) => r.smapsGrowth.anon ?? 0)).toFixed(1)} [${mine.map((r) => r.smapsGrowth.anon)}]`,
  );
}
