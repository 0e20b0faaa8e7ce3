/**
 * The store through the domain API (Keyv over node-sqlite3, AES-256-GCM, keyed-hash keys, schema
 * checks, the per-id lock) beside better-sqlite3 used directly with prepared statements on the same
 * table and the same records in plain JSON: the physical floor. Reads are measured twice: hits of the
 * in-memory cache of decoded records, and misses (each id forgotten just before it is read), which pay
 * for everything below the cache. `npx tsx bench/store.bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { Codec, parseKey } from '../src/store/codec.js';
import { openStore, type MemberRecord, type Store } from '../src/store/index.js';
import { memberId, memberRecord, seedStore, silentLogger } from './lib/seed.js';
import { median, QUICK, type BenchRow } from './lib/stats.js';
import { dataDir, type DataDir } from './lib/world.js';
import type { SeededStore } from './startup.bench.js';

export interface StoreOptions {
  records: number;
  /** Operations of each kind per side, split over `runs` interleaved runs. */
  operations: number;
  runs: number;
}

const FULL: StoreOptions = { records: 100_000, operations: 100_000, runs: 5 };
const SMOKE: StoreOptions = { records: 10_000, operations: 10_000, runs: 2 };

type Op = 'get' | 'update';

interface Side {
  /** `api` reads hit the in-memory cache (warmed on every id); `api-miss` forgets each id before reading it. */
  name: 'api' | 'api-miss' | 'direct';
  get(i: number): Promise<unknown> | unknown;
  update(i: number): Promise<unknown> | unknown;
}

/** Same ids in a shuffled order, the same for both sides, so neither walks the B-tree in key order. */
function order(records: number, count: number): Int32Array {
  const ids = new Int32Array(count);
  let seed = 42;
  for (let i = 0; i < count; i++) {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    ids[i] = seed % records;
  }
  return ids;
}

const flip = (current: MemberRecord | undefined): MemberRecord => ({ ...current, lastTimeZone: current?.lastTimeZone === 'UTC' ? 'Europe/Paris' : 'UTC' });

function apiSide(store: Store): Side {
  return {
    name: 'api',
    get: (i) => store.members.get(memberId(i)),
    update: (i) => store.members.update(memberId(i), flip),
  };
}

/** Every read a miss: the lock, Keyv, node-sqlite3, AES-GCM and the schema, then filling the cache. */
function missSide(store: Store): Side {
  return {
    name: 'api-miss',
    get: (i) => {
      const id = memberId(i);
      store.members.invalidate(id);
      return store.members.get(id);
    },
    update: (i) => {
      const id = memberId(i);
      store.members.invalidate(id);
      return store.members.update(id, flip);
    },
  };
}

/**
 * The reference: the same table layout as @keyv/sqlite (`keyv(key VARCHAR(255) PRIMARY KEY, value TEXT)`),
 * the same keys (the bot's hashed ones, computed beforehand: hashing is part of the bot's cost), the same
 * records as plain JSON in Keyv's envelope, the same pragmas.
 */
function directSide(file: string, encryptionKey: string, records: number): { side: Side; close(): void } {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('secure_delete = ON');
  db.exec('CREATE TABLE IF NOT EXISTS keyv(key VARCHAR(255) PRIMARY KEY, value TEXT )');
  const codec = new Codec(parseKey(encryptionKey));
  const keys = Array.from({ length: records }, (_, i) => `sb:members:${codec.hashId(memberId(i))}`);
  const insert = db.prepare('INSERT INTO keyv (key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value');
  const envelope = (id: string, record: MemberRecord) => JSON.stringify({ value: { id, record: { v: 1, d: record } } });
  db.transaction(() => {
    for (let i = 0; i < records; i++) insert.run(keys[i], envelope(memberId(i), memberRecord(i)));
  })();
  const select = db.prepare('SELECT value FROM keyv WHERE key = ?');
  type Stored = { value: { id: string; record: { v: number; d: MemberRecord } } };
  const read = (i: number) => JSON.parse((select.get(keys[i]) as { value: string }).value) as Stored;
  return {
    side: {
      name: 'direct',
      get: (i) => read(i).value.record.d,
      update: (i) => {
        const stored = read(i);
        const current = stored.value.record.d;
        stored.value.record.d = { ...current, lastTimeZone: current.lastTimeZone === 'UTC' ? 'Europe/Paris' : 'UTC' };
        insert.run(keys[i], JSON.stringify(stored));
      },
    },
    close: () => db.close(),
  };
}

/** Operations per second over `ids`, one after another as a command handler awaits them. */
async function measure(side: Side, op: Op, ids: Int32Array): Promise<number> {
  const started = performance.now();
  for (const i of ids) await side[op](i);
  return ids.length / ((performance.now() - started) / 1000);
}

export async function run(options: StoreOptions = QUICK ? SMOKE : FULL, seeded?: SeededStore): Promise<{ rows: BenchRow[]; detail: Record<string, unknown> }> {
  let dir: DataDir;
  let seeding: Record<string, number> | undefined;
  if (seeded && seeded.records >= options.records) dir = seeded.dir;
  else {
    dir = dataDir();
    const store = await openStore({ url: `sqlite://${dir.storeFile}`, encryptionKey: dir.encryptionKey, logger: silentLogger });
    seeding = await seedStore(store, options.records);
    await store.close();
  }
  // Room for every record, so after the warm-up below every `api` read is a hit.
  const store = await openStore({
    url: `sqlite://${dir.storeFile}`,
    encryptionKey: dir.encryptionKey,
    logger: silentLogger,
    cacheEntries: 2 * options.records,
  });
  const reference = dataDir();
  const direct = directSide(reference.storeFile, dir.encryptionKey, options.records);
  const api = apiSide(store);
  const miss = missSide(store);
  const ops: Record<string, number[]> = {};
  let cached = 0;
  const per = Math.ceil(options.operations / options.runs);
  try {
    // Warm both (JIT, page cache) on ids the runs also use; not measured.
    const warm = order(options.records, 2000);
    for (const side of [api, miss, direct.side]) for (const op of ['get', 'update'] as const) await measure(side, op, warm);
    for (let i = 0; i < options.records; i++) await store.members.get(memberId(i));
    cached = store.members.cachedEntries;
    for (let r = 0; r < options.runs; r++) {
      const ids = order(options.records, per + r).subarray(r);
      for (const op of ['get', 'update'] as const) {
        const all = [api, miss, direct.side];
        const sides = [...all.slice(r % 3), ...all.slice(0, r % 3)];
        for (const side of sides) {
          const key = `${side.name}:${op}`;
          ops[key] ??= [];
          ops[key].push(await measure(side, op, ids));
        }
      }
    }
  } finally {
    await store.close();
    direct.close();
    reference.remove();
    if (dir !== seeded?.dir) dir.remove();
  }
  const n = options.records.toLocaleString('en-US');
  const row = (side: 'api' | 'api-miss', op: Op, label: string, target?: { text: string; ratio: number }): BenchRow => {
    const a = ops[`${side}:${op}`]!;
    const b = ops[`direct:${op}`]!;
    const ratio = median(a.map((x, i) => x / b[i]!));
    return {
      figure: `member ${op} through the domain API, ${label}, ${n} records`,
      value: median(a),
      unit: 'ops/s',
      reference: median(b),
      referenceLabel: 'better-sqlite3, prepared statements, same table',
      ratio,
      target: target?.text,
      met: target ? ratio >= target.ratio : null,
      runs: a,
      referenceRuns: b,
    };
  };
  const rows: BenchRow[] = [
    row('api', 'get', 'cache hit', { text: '≥ 0.5× raw', ratio: 0.5 }),
    row('api-miss', 'get', 'cache miss'),
    row('api', 'update', 'current record cached'),
    row('api-miss', 'update', 'current record read from the store'),
  ];
  return { rows, detail: { options, seeding, opsPerRun: per, cachedEntries: cached } };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await run();
  console.table(result.rows.map(({ runs: _r, referenceRuns: _rr, ...row }) => row));
  console.log(JSON.stringify(result.detail, null, 2));
}
