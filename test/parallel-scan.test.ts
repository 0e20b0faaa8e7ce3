import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import sqlite3 from 'sqlite3';
import { openStore, type ReminderRecord } from '../src/store/index.js';
import { Codec } from '../src/store/codec.js';
import { RawStore } from '../src/store/raw-store.js';
import { keyRanges, parallelScan, workerExecArgv } from '../src/store/parallel-scan.js';
import { discardEarlyScan, earlyScanPending, startEarlyScan } from '../src/store/early-scan.js';
import { statSync, writeFileSync } from 'node:fs';
import { project, reminderDueProjection, type ReminderDue } from '../src/reminders/due-projection.js';
import { newReminder } from '../src/store/records.js';
import { ManualClock } from '../src/clock.js';
import { Scheduler, type ScheduleKind } from '../src/scheduler/service.js';
import { captureLogs } from './helpers/logs.js';
import { tempDir } from './helpers/temp-dir.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** More than the store's threshold for worker threads (PARALLEL_SCAN_MIN_ROWS), across several pages. */
const COUNT = 4500;
const userId = (i: number) => String(300_000_000_000_000_000n + BigInt(i));

function reminder(i: number): ReminderRecord {
  const r = newReminder({
    hour: i % 24,
    minute: i % 60,
    days: 0b1111111,
    timeZone: 'Europe/Paris',
    focus: 'mixed',
    locale: 'en-US',
    dmChannelId: String(400_000_000_000_000_000n + BigInt(i)),
    nextDueUtc: 1_800_000_000_000 + i * 60_000,
    rotationSeed: i,
    practicesSent: 0,
  });
  // Some paused by Discord with a notice waiting, some snoozed: every branch of dueOf.
  if (i % 7 === 0) return { ...r, pausedReason: 'dm-refused', pausedAt: 1_700_000_000_000, noticePending: true };
  if (i % 11 === 0) return { ...r, snoozedUntil: 1_800_000_000_000 + i };
  return r;
}

function runSql(file: string, sql: string, ...params: unknown[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (error) => {
      if (error) return reject(error);
      db.run(sql, params, (runError) => db.close(() => (runError ? reject(runError) : resolve())));
    });
  });
}

/**
 * A store of COUNT reminders plus the rows the bulk scan must not take as they are: one of an older
 * version (opened on the main thread through the schema, kept), one whose data is not a record (skipped
 * and logged), one damaged so it cannot be decrypted (skipped and logged).
 */
async function seeded(): Promise<{ file: string; key: string }> {
  const dir = tempDir();
  cleanups.push(dir.remove);
  const file = join(dir.path, 'test.sqlite');
  const key = randomBytes(32).toString('base64');
  const store = await openStore({ url: `sqlite://${file}`, encryptionKey: key, logger: captureLogs().logger });
  const writes: Promise<unknown>[] = [];
  for (let i = 0; i < COUNT; i++) writes.push(store.reminders.set(userId(i), reminder(i)));
  await Promise.all(writes);
  await store.close();
  const codec = new Codec(Buffer.from(key, 'base64'));
  const raw = await RawStore.open({ url: `sqlite://${file}`, codec, logger: captureLogs().logger });
  await raw.set('reminders', userId(COUNT), { v: 0, d: reminder(COUNT) });
  await raw.set('reminders', userId(COUNT + 1), { v: 1, d: 'not a record' });
  await raw.close();
  await runSql(file, "UPDATE keyv SET value = 'v1:AAAAgarbage' WHERE key = ?", `sb:reminders:${codec.hashId(userId(3))}`);
  return { file, key };
}

/** What the main thread's own scan finds: Repository.entries, then the same projection. */
async function expected(file: string, key: string): Promise<Map<string, ReminderDue>> {
  const store = await openStore({ url: `sqlite://${file}`, encryptionKey: key, logger: captureLogs().logger });
  const found = new Map<string, ReminderDue>();
  for await (const [id, value] of store.reminders.entries()) found.set(id, project(value));
  await store.close();
  return found;
}

describe('the parallel start-up scan', () => {
  it('key ranges are contiguous and cover exactly what the main-thread scan reads', () => {
    for (const parts of [1, 2, 3, 4, 8]) {
      const ranges = keyRanges('sb:r:', parts);
      expect(ranges).toHaveLength(parts);
      expect(ranges[0]).toMatchObject({ from: 'sb:r:', fromExclusive: true });
      expect(ranges.at(-1)!.to).toBe('sb:r:\uffff');
      for (let i = 1; i < parts; i++) {
        expect(ranges[i]!.from).toBe(ranges[i - 1]!.to);
        expect(ranges[i]!.fromExclusive).toBe(false);
        expect(ranges[i]!.from > ranges[i - 1]!.from).toBe(true);
      }
    }
  });

  // A worker terminated while the SQLite driver had a query in flight once aborted the whole test process
  // ("FATAL ERROR: Error::ThrowAsJavaScriptException napi_throw" from node_sqlite3 in a worker thread).
  // Stopping is now asked and waited for; a reader that stops after any page, many times over, must leave
  // the process running and every worker ended.
  it('stops its workers without killing a query in flight when the reader stops early', async () => {
    const { file, key } = await seeded();
    const scan = (pageSize: number) =>
      parallelScan({
        file,
        table: 'keyv',
        key: Buffer.from(key, 'base64'),
        prefix: 'sb:reminders:',
        version: 1,
        projection: reminderDueProjection.url,
        workers: 2,
        pageSize,
      });
    const rowsIn = (page: { ids: unknown[]; others: unknown[]; unreadable: unknown[] }) => page.ids.length + page.others.length + page.unreadable.length;
    for (let round = 0; round < 12; round++) {
      let pages = 0;
      for await (const page of scan(50)) {
        expect(rowsIn(page)).toBeGreaterThan(0);
        if (++pages > round % 4) break;
      }
      expect(pages).toBe((round % 4) + 1);
    }
    // The process is still here, and a full scan afterwards still reads every row.
    let rows = 0;
    for await (const page of scan(500)) rows += rowsIn(page);
    expect(rows).toBe(COUNT + 2);
  }, 60_000);

  it('finds what the main-thread scan finds, decrypting in worker threads, and logs the same unreadable rows', async () => {
    const { file, key } = await seeded();
    const reference = await expected(file, key);
    expect(reference.size).toBe(COUNT); // COUNT - the damaged one + the older version
    expect(reference.has(userId(COUNT))).toBe(true);

    const logs = captureLogs();
    const store = await openStore({ url: `sqlite://${file}`, encryptionKey: key, logger: logs.logger });
    cleanups.push(() => store.close());
    let onMainThread = 0;
    const found = new Map<string, ReminderDue>();
    await store.reminders.scanProjected(
      {
        url: reminderDueProjection.url,
        project: (value) => {
          onMainThread++;
          return project(value);
        },
      },
      (id, due) => found.set(id, due),
    );
    expect(found).toEqual(reference);
    // Only the older version came back whole to be opened here: the workers projected the rest.
    expect(onMainThread).toBe(1);
    expect(logs.text()).toContain('unreadable record skipped');
    expect(logs.text()).toContain('skipping a record that does not match its schema');
    expect(logs.text()).not.toContain('the parallel scan failed');
  });

  it('when the workers fail, scans on the main thread instead and still finds everything', async () => {
    const { file, key } = await seeded();
    const reference = await expected(file, key);
    const logs = captureLogs();
    const store = await openStore({ url: `sqlite://${file}`, encryptionKey: key, logger: logs.logger });
    cleanups.push(() => store.close());
    const found = new Map<string, ReminderDue>();
    const missing = new URL('./no-such-projection.js', reminderDueProjection.url).href;
    await store.reminders.scanProjected({ url: missing, project }, (id, due) => found.set(id, due));
    expect(found).toEqual(reference);
    expect(logs.text()).toContain('the parallel scan failed');
  });

  it('gives workers the node flags without preloads', () => {
    expect(workerExecArgv(['--import', 'x.mjs', '--cpu-prof', '--require=y.cjs', '-r', 'z', '--max-old-space-size=512', '--import=w'])).toEqual([
      '--cpu-prof',
      '--max-old-space-size=512',
    ]);
  });
});

describe('the scan begun by the entry before the store opens (src/store/early-scan.ts)', () => {
  const env = (file: string, key: string): NodeJS.ProcessEnv => ({ DISCORD_TOKEN: 'x'.repeat(60), STORE_URL: `sqlite://${file}`, DATA_ENCRYPTION_KEY: key });
  afterEach(() => discardEarlyScan());

  async function scan(file: string, key: string, logs = captureLogs()): Promise<Map<string, ReminderDue>> {
    const store = await openStore({ url: `sqlite://${file}`, encryptionKey: key, logger: logs.logger });
    cleanups.push(() => store.close());
    const found = new Map<string, ReminderDue>();
    await store.reminders.scanProjected(reminderDueProjection, (id, due) => found.set(id, due));
    return found;
  }

  it('is taken by the store scan it stands for, which then finds what the main-thread scan finds and logs the same', async () => {
    const { file, key } = await seeded();
    expect(statSync(file).size).toBeGreaterThan(1024 * 1024);
    const reference = await expected(file, key);
    startEarlyScan(env(file, key), reminderDueProjection.url);
    expect(earlyScanPending()).toBe(true);
    const logs = captureLogs();
    expect(await scan(file, key, logs)).toEqual(reference);
    expect(earlyScanPending()).toBe(false);
    expect(logs.text()).toContain('unreadable record skipped');
    expect(logs.text()).not.toContain('the parallel scan failed');
  });

  it('is not taken with another key (the store refuses that key anyway) or for another file: stopped, and the scan reads afresh', async () => {
    const { file, key } = await seeded();
    const reference = await expected(file, key);
    startEarlyScan(env(file, randomBytes(32).toString('base64')), reminderDueProjection.url);
    expect(earlyScanPending()).toBe(true);
    const logs = captureLogs();
    const codec = new Codec(Buffer.from(key, 'base64'));
    const raw = await RawStore.open({ url: `sqlite://${file}`, codec, logger: logs.logger });
    cleanups.push(() => raw.close());
    const pages = await raw.parallelScan('reminders', 1, reminderDueProjection.url);
    expect(earlyScanPending()).toBe(false);
    let rows = 0;
    for await (const page of pages!) rows += page.ids.length + page.others.length;
    // Read with the store's key: every row but the damaged one (the row that is not a record comes back
    // whole too, for the repository to skip). With the early scan's key none would have decrypted.
    expect(rows).toBe(reference.size + 1);
  });

  it('is not begun where the rebuild would not scan: a stop snapshot, no token, memory, no key, a small store', async () => {
    const { file, key } = await seeded();
    const none = (e: NodeJS.ProcessEnv) => {
      startEarlyScan(e, reminderDueProjection.url);
      const pending = earlyScanPending();
      discardEarlyScan();
      return pending;
    };
    expect(none({ ...env(file, key), DISCORD_TOKEN: undefined })).toBe(false);
    expect(none({ ...env(file, key), STORE_URL: 'sqlite://:memory:' })).toBe(false);
    expect(none({ ...env(file, key), STORE_URL: 'postgres://x@localhost/db' })).toBe(false);
    // No key set and no key file beside the data: the store would create one, the early scan does not.
    expect(none({ ...env(file, key), DATA_ENCRYPTION_KEY: undefined })).toBe(false);
    expect(none({ ...env(file, key), DATA_ENCRYPTION_KEY: 'not a key' })).toBe(false);
    writeFileSync(`${file}.due-index.snapshot`, 'x');
    expect(none(env(file, key))).toBe(false);
    const small = tempDir();
    cleanups.push(small.remove);
    const smallFile = join(small.path, 'small.sqlite');
    const store = await openStore({ url: `sqlite://${smallFile}`, encryptionKey: key, logger: captureLogs().logger });
    await store.reminders.set(userId(1), reminder(1));
    await store.close();
    expect(none(env(smallFile, key))).toBe(false);
  });
});

describe('a rebuild started ahead', () => {
  function slowKind(): { kind: ScheduleKind; loads: () => number; finish: () => void } {
    let loads = 0;
    let finish: () => void = () => {};
    const kind: ScheduleKind = {
      prefix: 'k',
      async load(found) {
        loads++;
        await new Promise<void>((resolve) => (finish = resolve));
        // What the store said when the scan read it: older than a write made during the rebuild.
        found('a', 1000);
        found('b', 2000);
      },
      run: async () => {},
    };
    return { kind, loads: () => loads, finish: () => finish() };
  }

  it('is the one the next rebuild() returns; an entry filed meanwhile keeps its newer due time', async () => {
    const scheduler = new Scheduler({ clock: new ManualClock(0), logger: captureLogs().logger });
    const slow = slowKind();
    scheduler.register(slow.kind);
    scheduler.rebuildAhead();
    await Promise.resolve();
    scheduler.file('k', 'a', 5000);
    const rebuilt = scheduler.rebuild();
    slow.finish();
    expect((await rebuilt).entries).toBe(2);
    expect(slow.loads()).toBe(1);
    expect(scheduler.dueAt('k', 'a')).toBe(5000);
    expect(scheduler.dueAt('k', 'b')).toBe(2000);
    // Taken once: the rebuild after that reads the store again.
    const again = scheduler.rebuild();
    await Promise.resolve();
    slow.finish();
    await again;
    expect(slow.loads()).toBe(2);
  });
});
