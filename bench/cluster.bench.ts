/**
 * Past one machine, measured in one run: `npx tsx bench/cluster.bench.ts` (needs PostgreSQL on
 * 127.0.0.1:5432, or BENCH_POSTGRES_URL; each part uses its own schema and drops it).
 *  - the store on PostgreSQL through the domain API beside raw `pg` on the same table and keys;
 *  - the due-index rebuild from 100,000 schedules in PostgreSQL (target < 3 s);
 *  - /about and /reminders status through 2 shard processes on PostgreSQL beside 1 process on SQLite
 *    (target p50 and p99 within 1.5×);
 *  - a fan-out of 2,000 reminders due at once with 2 shards (≥ 90 % of Discord's 50/s, no 429, each
 *    member once), and the same with the scheduler SIGKILLed halfway (the standby finishes, still once).
 */
import { ContentLibrary } from '../src/content/index.js';
import { commandDefinitions } from '../src/interactions/definitions.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REST, Routes } from 'discord.js';
import pg from 'pg';
import { commands } from '../commands/index.js';
import { createBot } from '../src/bot.js';
import { ManualClock } from '../src/clock.js';
import { parseConfig } from '../src/config/index.js';
import { FakeDiscord, type FakeUser } from '../src/fake-discord/index.js';
import { shardOfGuild } from '../src/fake-discord/gateway.js';
import { Codec, parseKey } from '../src/store/codec.js';
import { openStore } from '../src/store/index.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import { newReminder } from '../src/store/records.js';
import { compileForBench, ROOT } from './lib/bot-process.js';
import { memberId, memberRecord, reminderRecord, silentLogger } from './lib/seed.js';
import { median, percentile, QUICK, sleep, type BenchRow } from './lib/stats.js';
import { BENCH_FAKE_OPTIONS, dataDir } from './lib/world.js';

const PG_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DISCORD_GLOBAL_LIMIT = 50;
const DUE = Date.UTC(2026, 2, 2, 9, 0, 0);

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function schemaUrl(label: string): { url: string; schema: string; drop(): Promise<void> } {
  const schema = `bench_${label}_${randomBytes(3).toString('hex')}`;
  return {
    url: `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`,
    schema,
    async drop() {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

/** Rows exactly as the store writes them (Keyv's envelope, encrypted, hashed key), inserted in bulk: seeding 100k through the API would take minutes. */
async function seedRows(url: string, key: string, namespace: string, count: number, record: (i: number) => unknown, id: (i: number) => string): Promise<void> {
  const codec = new Codec(parseKey(key));
  const store = await PostgresStore.open({ url, codec, logger: silentLogger });
  try {
    for (let from = 0; from < count; from += 5000) {
      const rows: { key: string; value: string }[] = [];
      for (let i = from; i < Math.min(count, from + 5000); i++) {
        rows.push({
          key: `sb:${namespace}:${codec.hashId(id(i))}`,
          value: codec.encrypt(JSON.stringify({ value: { id: id(i), record: { v: 1, d: record(i) } } })),
        });
      }
      await store.importRows(rows);
    }
    await store.analyze();
  } finally {
    await store.close();
  }
}

// ---- the store: domain API vs raw pg ---------------------------------------------------------------

async function storeRows(): Promise<BenchRow[]> {
  const records = QUICK ? 5_000 : 20_000;
  const operations = QUICK ? 1_000 : 4_000;
  const runs = QUICK ? 2 : 3;
  const target = schemaUrl('store');
  const key = randomBytes(32).toString('base64');
  await seedRows(target.url, key, 'members', records, memberRecord, memberId);
  const store = await openStore({ url: target.url, encryptionKey: key, logger: silentLogger });
  // The reference: the same table and hashed keys, records as plain JSON, one pooled pg client, no lock.
  const rawTable = `${target.schema}.raw_members`;
  const pool = new pg.Pool({ connectionString: PG_URL, max: 10 });
  await pool.query(`CREATE TABLE ${rawTable} (key VARCHAR(255) COLLATE "C" PRIMARY KEY, value TEXT)`);
  const codec = new Codec(parseKey(key));
  const keys = Array.from({ length: records }, (_, i) => `sb:members:${codec.hashId(memberId(i))}`);
  await pool.query(`INSERT INTO ${rawTable} SELECT * FROM UNNEST($1::text[], $2::text[])`, [
    keys,
    keys.map((_, i) => JSON.stringify({ value: { v: 1, d: memberRecord(i) } })),
  ]);

  const ids = Array.from({ length: operations }, (_, i) => (i * 7919) % records);
  const api = {
    get: (i: number) => store.members.get(memberId(i)),
    update: (i: number) => store.members.update(memberId(i), (c) => ({ ...c, lastTimeZone: c?.lastTimeZone === 'UTC' ? 'Europe/Paris' : 'UTC' })),
  };
  const raw = {
    get: async (i: number) =>
      JSON.parse((await pool.query({ name: 'raw-get', text: `SELECT value FROM ${rawTable} WHERE key = $1`, values: [keys[i]] })).rows[0].value),
    update: async (i: number) => {
      const current = JSON.parse(
        (await pool.query({ name: 'raw-get', text: `SELECT value FROM ${rawTable} WHERE key = $1`, values: [keys[i]] })).rows[0].value,
      );
      current.value.d.lastTimeZone = current.value.d.lastTimeZone === 'UTC' ? 'Europe/Paris' : 'UTC';
      await pool.query({
        name: 'raw-set',
        text: `INSERT INTO ${rawTable} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        values: [keys[i], JSON.stringify(current)],
      });
    },
  };
  const rows: BenchRow[] = [];
  for (const op of ['get', 'update'] as const) {
    const apiRuns: number[] = [];
    const rawRuns: number[] = [];
    for (let run = 0; run < runs; run++) {
      for (const [side, out] of [
        [api, apiRuns],
        [raw, rawRuns],
      ] as const) {
        const t = performance.now();
        // 16 at a time: several members' commands at once, as a busy bot would have.
        for (let from = 0; from < ids.length; from += 16) await Promise.all(ids.slice(from, from + 16).map((i) => side[op](i)));
        out.push(ids.length / ((performance.now() - t) / 1000));
      }
    }
    const value = median(apiRuns);
    const reference = median(rawRuns);
    rows.push({
      figure: `member ${op} on PostgreSQL, domain API, 16 at a time (${records.toLocaleString('en-US')} records)`,
      value,
      unit: 'ops/s',
      reference,
      referenceLabel: 'raw pg, same table and keys, plain JSON, no lock',
      ratio: reference / value,
      met: null,
      runs: apiRuns,
      referenceRuns: rawRuns,
      note: op === 'update' ? 'the API holds an advisory lock per member across processes: lock, read, write, unlock' : undefined,
    });
  }
  await store.close();
  await pool.end();
  await target.drop();
  return rows;
}

// ---- rebuild from PostgreSQL --------------------------------------------------------------------------

/** The same rows in an SQLite store, for the reference: created by the store itself, filled with better-sqlite3. */
async function seedSqlite(file: string, key: string, count: number, record: (i: number) => unknown, id: (i: number) => string): Promise<void> {
  const created = await openStore({ url: `sqlite://${file}`, encryptionKey: key, logger: silentLogger });
  await created.close();
  const codec = new Codec(parseKey(key));
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(file);
  const insert = db.prepare('INSERT INTO keyv (key, value) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < count; i++)
      insert.run(`sb:reminders:${codec.hashId(id(i))}`, codec.encrypt(JSON.stringify({ value: { id: id(i), record: { v: 1, d: record(i) } } })));
  })();
  db.close();
}

async function timedRebuilds(storeUrl: string, key: string, runs: number, count: number): Promise<number[]> {
  const config = parseConfig({
    DISCORD_TOKEN: 'bench.token.that-is-long-enough-to-pass',
    DISCORD_CLIENT_ID: '100000000000000001',
    STORE_URL: storeUrl,
    DATA_ENCRYPTION_KEY: key,
    LOG_LEVEL: 'silent',
  });
  const bot = await createBot({ config, commands, logger: silentLogger, clock: new ManualClock(DUE - 3_600_000) });
  const times: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const result = await bot.scheduler.rebuild();
      if (result.entries < count) throw new Error(`rebuild filed ${result.entries} of ${count}`);
      times.push(result.ms);
    }
  } finally {
    await bot.store.close();
  }
  return times;
}

async function rebuildRow(): Promise<BenchRow> {
  const count = QUICK ? 10_000 : 100_000;
  const runs = QUICK ? 1 : 3;
  const target = schemaUrl('rebuild');
  const key = randomBytes(32).toString('base64');
  const record = (i: number) => reminderRecord(i, DUE);
  const id = (i: number) => String(300_000_000_000_000_000n + BigInt(i));
  await seedRows(target.url, key, 'reminders', count, record, id);
  const dir = dataDir();
  await seedSqlite(dir.storeFile, key, count, record, id);
  const pgTimes: number[] = [];
  const sqliteTimes: number[] = [];
  try {
    // Interleaved, so both see the same machine load.
    for (let run = 0; run < runs; run++) {
      pgTimes.push(...(await timedRebuilds(target.url, key, 1, count)));
      sqliteTimes.push(...(await timedRebuilds(`sqlite://${dir.storeFile}`, key, 1, count)));
    }
  } finally {
    await target.drop();
    dir.remove();
  }
  const value = median(pgTimes);
  const reference = median(sqliteTimes);
  return {
    figure: `reminder index rebuild from PostgreSQL, ${count.toLocaleString('en-US')} records`,
    value,
    unit: 'ms',
    reference,
    referenceLabel: 'the same records from SQLite, same code',
    ratio: value / reference,
    target: '< 3000 ms',
    met: value < 3000,
    runs: pgTimes,
    referenceRuns: sqliteTimes,
  };
}

// ---- interactions: 2 shards on PostgreSQL vs 1 process on SQLite ---------------------------------------

interface Cluster {
  fake: FakeDiscord;
  guilds: string[];
  users: FakeUser[];
  child: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

async function world(shards: number, users: number): Promise<{ fake: FakeDiscord; guilds: string[]; users: FakeUser[] }> {
  const fake = await FakeDiscord.start({ ...BENCH_FAKE_OPTIONS, shards });
  const guilds: string[] = [];
  while (guilds.length < shards) {
    const guild = fake.addGuild({ name: `Bench ${guilds.length}` });
    if (shardOfGuild(guild.id, shards) === guilds.length) guilds.push(guild.id);
    await sleep(2);
  }
  const members = Array.from({ length: users }, (_, i) => fake.addUser({ username: `m${i}` }));
  for (const [i, user] of members.entries()) fake.addMember(guilds[i % guilds.length]!, user.id);
  await new REST({ api: fake.apiUrl })
    .setToken(fake.token)
    .put(Routes.applicationCommands(fake.application.id), { body: commandDefinitions(commands, new ContentLibrary()) });
  return { fake, guilds, users: members };
}

function launch(script: string[], env: Record<string, string>): { child: ChildProcess; output: string[] } {
  const child = spawn(process.execPath, script, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DOTENV_CONFIG_PATH: '/nonexistent', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, output };
}

async function waitFor(check: () => boolean, what: string, output: string[], timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${output.slice(-20).join('\n')}`);
    await sleep(50);
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

async function startCluster(kind: 'shards-pg' | 'single-sqlite', users: number): Promise<Cluster> {
  const shards = kind === 'shards-pg' ? 2 : 1;
  const w = await world(shards, users);
  const key = randomBytes(32).toString('base64');
  const target = kind === 'shards-pg' ? schemaUrl('interactions') : undefined;
  const dir = kind === 'single-sqlite' ? dataDir() : undefined;
  const { child, output } = launch(['dist/src/index.js'], {
    DISCORD_TOKEN: w.fake.token,
    DISCORD_CLIENT_ID: w.fake.application.id,
    DISCORD_API_URL: w.fake.apiUrl,
    DATA_ENCRYPTION_KEY: key,
    STORE_URL: target ? target.url : `sqlite://${dir!.storeFile}`,
    ...(kind === 'shards-pg' ? { SHARD_COUNT: '2' } : {}),
  });
  await waitFor(() => output.filter((l) => l.includes('"msg":"ready"')).length >= shards, `${kind} to be ready`, output);
  return {
    ...w,
    child,
    output,
    async stop() {
      await stopChild(child);
      await w.fake.close();
      await target?.drop();
      dir?.remove();
    },
  };
}

async function latencies(c: Cluster, count: number, inFlight: number, next: { i: number }, command: { name: string; subcommand?: string }): Promise<number[]> {
  const out: number[] = [];
  const one = async () => {
    const i = next.i++;
    const user = c.users[i % c.users.length]!;
    const guildId = c.guilds[i % c.guilds.length]!;
    const t = performance.now();
    await c.fake.slash({ user, guildId, ...command }).response();
    out.push(performance.now() - t);
  };
  for (let from = 0; from < count; from += inFlight) await Promise.all(Array.from({ length: Math.min(inFlight, count - from) }, one));
  return out;
}

async function interactionRows(): Promise<BenchRow[]> {
  const count = QUICK ? 300 : 1000;
  const users = count * 2;
  const sides = { 'shards-pg': await startCluster('shards-pg', users), 'single-sqlite': await startCluster('single-sqlite', users) };
  const rows: BenchRow[] = [];
  try {
    const cursors = { 'shards-pg': { i: 0 }, 'single-sqlite': { i: 0 } };
    for (const side of Object.keys(sides) as (keyof typeof sides)[]) await latencies(sides[side], 200, 10, cursors[side], { name: 'about' });
    for (const command of [{ name: 'about' }, { name: 'reminders', subcommand: 'status' }]) {
      for (const inFlight of [1, 20]) {
        const got: Record<string, number[]> = { 'shards-pg': [], 'single-sqlite': [] };
        // Interleaved in chunks so both sides see the same machine load.
        for (let chunk = 0; chunk < 4; chunk++) {
          for (const side of Object.keys(sides) as (keyof typeof sides)[]) {
            // Each member at most a few commands per 10 s: the bot's own per-member limit stays out of the way.
            got[side]!.push(...(await latencies(sides[side], count / 4, inFlight, cursors[side], command)));
          }
          await sleep(QUICK ? 200 : 1000);
        }
        const label = `/${command.name}${command.subcommand ? ` ${command.subcommand}` : ''}`;
        for (const p of [50, 99]) {
          const value = percentile(got['shards-pg']!, p);
          const reference = percentile(got['single-sqlite']!, p);
          rows.push({
            figure: `${label} p${p}, ${count} ${inFlight === 1 ? 'one after another' : `with ${inFlight} in flight`}: 2 shards on PostgreSQL`,
            value,
            unit: 'ms',
            reference,
            referenceLabel: '1 process on SQLite',
            ratio: value / reference,
            target: '≤ 1.5×',
            met: value / reference <= 1.5,
          });
        }
      }
    }
  } finally {
    for (const side of Object.values(sides)) await side.stop();
  }
  return rows;
}

// ---- fan-out with 2 shards, and with the scheduler killed halfway -------------------------------------

interface FanOut {
  reminders: number;
  seconds: number;
  sendsPerSecond: number;
  rateLimited: number;
  exactlyOnce: boolean;
  killedAt?: number;
  takeoverMs?: number;
  /** The most requests the fake saw in any one second (sliding): how close the pace came to Discord's 50. */
  busiestSecond?: number;
  busiestSecondRoutes?: Record<string, number>;
}

/** The most requests in any one second (sliding), and what they were (route: count). */
function busiestSecond(requests: readonly { time: number; method: string; route: string | null }[]): { count: number; routes: Record<string, number> } {
  const sorted = [...requests].sort((a, b) => a.time - b.time);
  let most = 0;
  let from = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]!.time - sorted[j]!.time >= 1000) j++;
    if (i - j + 1 > most) [most, from] = [i - j + 1, j];
  }
  const routes: Record<string, number> = {};
  for (const r of sorted.slice(from, from + most)) routes[`${r.method} ${r.route}`] = (routes[`${r.method} ${r.route}`] ?? 0) + 1;
  return { count: most, routes };
}

async function fanOut(count: number, killHalfway: boolean): Promise<FanOut> {
  const fake = await FakeDiscord.start({ validateSchemas: false, globalRateLimit: DISCORD_GLOBAL_LIMIT, shards: 2 });
  const users = Array.from({ length: count }, (_, i) => fake.addUser({ username: `fan${i}` }));
  const channels = users.map((u) => fake.dmChannel(u.id).id);
  // Guilds on both shards, so each shard process has something to be ready with.
  for (let shard = 0, made = 0; made < 2; ) {
    const guild = fake.addGuild({ name: `Fan ${shard}` });
    if (shardOfGuild(guild.id, 2) === made) made++;
    shard++;
    await sleep(2);
  }
  const target = schemaUrl('fanout');
  const key = randomBytes(32).toString('base64');
  await seedRows(
    target.url,
    key,
    'reminders',
    count,
    (i) =>
      newReminder({
        hour: 9,
        minute: 0,
        days: 127,
        timeZone: 'UTC',
        focus: 'mixed',
        locale: 'en-US',
        dmChannelId: channels[i]!,
        nextDueUtc: DUE,
        rotationSeed: i,
      }),
    (i) => users[i]!.id,
  );
  const tsx = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  // The clock reaches 09:00 a few seconds after both shards are up (they start 5.5 s apart).
  const origin = Date.now();
  const { child, output } = launch(['--import', tsx, join('test', 'helpers', 'shard-manager.ts')], {
    DISCORD_TOKEN: fake.token,
    DISCORD_CLIENT_ID: fake.application.id,
    DISCORD_API_URL: fake.apiUrl,
    DATA_ENCRYPTION_KEY: key,
    STORE_URL: target.url,
    SHARD_COUNT: '2',
    LEADER_RETRY_SECONDS: '1',
    SECURE_BASE_TEST_CLOCK_START: String(DUE - 30_000),
    SECURE_BASE_TEST_CLOCK_ORIGIN: String(origin),
    SECURE_BASE_TEST_TICK_MS: '1000',
  });
  const sends = () => fake.requests.filter((r) => r.method === 'POST' && r.route === '/channels/{channel_id}/messages' && r.status === 200);
  // Members reached so far, from the fake's request log: polled every 50 ms during the fan-out, so cheap
  // (looking up every member's DM channel each time kept the fake's event loop busy, which bunched the
  // requests it timestamps and so the busiest second it reports).
  const delivered = () => new Set(sends().map((r) => r.path)).size;
  const result: FanOut = { reminders: count, seconds: 0, sendsPerSecond: 0, rateLimited: 0, exactlyOnce: false };
  try {
    await waitFor(() => output.some((l) => l.includes('every shard is ready')), 'both shards', output);
    await waitFor(() => sends().length > 0, 'the fan-out to start', output);
    const first = sends()[0]!.time;
    if (killHalfway) {
      await waitFor(() => delivered() >= count / 2, 'half the fan-out', output);
      const leader = output
        .map((l) => JSON.parse(l.startsWith('{') ? l : '{}') as { msg?: string; pid?: number })
        .find((l) => l.msg === 'this process is now the scheduler')!;
      result.killedAt = delivered();
      const killed = Date.now();
      process.kill(leader.pid!, 'SIGKILL');
      await waitFor(() => output.filter((l) => l.includes('this process is now the scheduler')).length >= 2, 'the standby to take over', output);
      result.takeoverMs = Date.now() - killed;
    }
    await waitFor(() => delivered() === count, 'every member', output, 300_000);
    const all = sends();
    result.seconds = (all[all.length - 1]!.time - first) / 1000;
    result.sendsPerSecond = count / result.seconds;
    result.rateLimited = fake.requests.filter((r) => r.status === 429).length;
    const busiest = busiestSecond(fake.requests.filter((r) => !r.route?.startsWith('/interactions/')));
    result.busiestSecond = busiest.count;
    result.busiestSecondRoutes = busiest.routes;
    result.exactlyOnce = users.every((u) => fake.dmsTo(u.id).length === 1);
  } finally {
    await stopChild(child);
    await fake.close();
    await target.drop();
  }
  return result;
}

async function fanOutRows(): Promise<{ rows: BenchRow[]; detail: Record<string, unknown> }> {
  const count = QUICK ? 500 : 2000;
  const clean = await fanOut(count, false);
  const killed = await fanOut(count, true);
  // The same fan-out from 1 process on SQLite (bench/reminders.bench.ts), in this run: what this machine allows today.
  const { run: reminders } = await import('./reminders.bench.js');
  const single = (await reminders({ rebuild: [], fanOut: count })).fanOut;
  const row = (label: string, o: FanOut, withRate: boolean): BenchRow => ({
    figure: `DM fan-out, ${count.toLocaleString('en-US')} due at once, 2 shards on PostgreSQL${label}`,
    value: o.sendsPerSecond,
    unit: '/s',
    reference: DISCORD_GLOBAL_LIMIT,
    referenceLabel: "Discord's global limit",
    ratio: o.sendsPerSecond / DISCORD_GLOBAL_LIMIT,
    target: withRate ? '≥ 0.9× limit, no 429, once each' : 'no 429, once each',
    met: (withRate ? o.sendsPerSecond / DISCORD_GLOBAL_LIMIT >= 0.9 : true) && o.rateLimited === 0 && o.exactlyOnce,
    note: `429s ${o.rateLimited}, busiest second ${o.busiestSecond} requests, exactly once ${o.exactlyOnce}${o.takeoverMs === undefined ? '' : `, killed at ${o.killedAt} delivered, standby took over in ${o.takeoverMs} ms`}`,
  });
  const singleRow: BenchRow = {
    figure: `DM fan-out, ${count.toLocaleString('en-US')} due at once, 1 process on SQLite (same run, for comparison)`,
    value: single.sendsPerSecond,
    unit: '/s',
    reference: DISCORD_GLOBAL_LIMIT,
    referenceLabel: "Discord's global limit",
    ratio: single.shareOfLimit,
    met: null,
    note: `429s ${single.rateLimited}, exactly once ${single.exactlyOnce}`,
  };
  return { rows: [row('', clean, true), row(', scheduler SIGKILLed halfway', killed, false), singleRow], detail: { clean, killed, single } };
}

export async function run(): Promise<{ rows: BenchRow[]; detail: Record<string, unknown> }> {
  compileForBench();
  const rows: BenchRow[] = [];
  const detail: Record<string, unknown> = {};
  // BENCH_ONLY=store,rebuild,interactions,fan-out: some parts only (when working on one of them).
  const only = process.env.BENCH_ONLY?.split(',');
  const step = async (name: string, work: () => Promise<BenchRow[] | { rows: BenchRow[]; detail: Record<string, unknown> }>) => {
    if (only && !only.includes(name)) return;
    const t = performance.now();
    try {
      const got = await work();
      if (Array.isArray(got)) rows.push(...got);
      else {
        rows.push(...got.rows);
        detail[name] = got.detail;
      }
    } catch (error) {
      const message = String(error).split('\n')[0]!.slice(0, 160);
      rows.push({ figure: `cluster bench: ${name}`, value: Number.NaN, unit: '', met: null, note: `FAILED: ${message}` });
    }
    if (process.env.BENCH_VERBOSE) console.log(`${name}: ${((performance.now() - t) / 1000).toFixed(0)} s`);
  };
  await step('store', storeRows);
  await step('rebuild', async () => [await rebuildRow()]);
  await step('interactions', interactionRows);
  await step('fan-out', fanOutRows);
  return { rows, detail };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { rows, detail } = await run();
  console.table(
    rows.map((r) => ({
      figure: r.figure,
      value: `${r.value.toFixed(2)} ${r.unit}`,
      reference: r.reference?.toFixed(2) ?? '',
      ratio: r.ratio?.toFixed(2) ?? '',
      target: r.target ?? '',
      met: r.met,
      note: r.note ?? '',
    })),
  );
  console.log(JSON.stringify(detail));
  process.exit(0);
}
