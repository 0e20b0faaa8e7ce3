import { readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import sqlite3 from 'sqlite3';
import { openStore, WrongKeyError, type Store } from '../src/store/index.js';
import { Codec } from '../src/store/codec.js';
import { RawStore } from '../src/store/raw-store.js';
import { captureLogs } from './helpers/logs.js';
import { tempDir } from './helpers/temp-dir.js';

const MEMBER = '412345678901234567';
const SENTINEL = 'Europe/Lighthouse_Sentinel';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function open(options: { key?: string; dir?: string } = {}): Promise<{ store: Store; dir: string; logs: ReturnType<typeof captureLogs> }> {
  const dir = options.dir ?? tempDir().path;
  const logs = captureLogs();
  const store = await openStore({ url: `sqlite://${join(dir, 'test.sqlite')}`, encryptionKey: options.key, logger: logs.logger });
  return { store, dir, logs };
}

function rawFiles(dir: string): Buffer {
  const parts = ['test.sqlite', 'test.sqlite-wal']
    .map((f) => join(dir, f))
    .filter(existsSync)
    .map((f) => readFileSync(f));
  return Buffer.concat(parts);
}

function runSql(file: string, sql: string, ...params: unknown[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (error) => {
      if (error) return reject(error);
      db.run(sql, params, (runError) => db.close(() => (runError ? reject(runError) : resolve())));
    });
  });
}

describe('codec', () => {
  it('round-trips and rejects a value sealed with another key', () => {
    const a = new Codec(randomBytes(32));
    const b = new Codec(randomBytes(32));
    const sealed = a.encrypt('hello');
    expect(sealed).not.toContain('hello');
    expect(a.decrypt(sealed)).toBe('hello');
    expect(() => b.decrypt(sealed)).toThrow(/could not be decrypted/);
    expect(a.encrypt('hello')).not.toBe(sealed);
  });

  it('hashes ids stably per key', () => {
    const key = randomBytes(32);
    expect(new Codec(key).hashId(MEMBER)).toBe(new Codec(key).hashId(MEMBER));
    expect(new Codec(randomBytes(32)).hashId(MEMBER)).not.toBe(new Codec(key).hashId(MEMBER));
  });
});

describe('store', () => {
  it('keeps neither values nor member ids in plaintext on disk', async () => {
    const { store, dir } = await open();
    await store.members.update(MEMBER, () => ({ lastTimeZone: SENTINEL }));
    expect(await store.members.get(MEMBER)).toEqual({ lastTimeZone: SENTINEL });
    const beforeClose = rawFiles(dir);
    await store.close();
    const bytes = Buffer.concat([beforeClose, rawFiles(dir)]);
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(SENTINEL)).toBe(false);
    expect(bytes.includes(MEMBER)).toBe(false);
  });

  it('creates a key file with mode 0600 and reopens with it', async () => {
    const { store, dir, logs } = await open();
    await store.members.set(MEMBER, { lastTimeZone: 'Europe/London' });
    await store.close();
    const keyFile = join(dir, 'encryption.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(logs.text()).toContain('back it up');
    const again = await open({ dir });
    cleanups.push(() => again.store.close());
    expect(await again.store.members.get(MEMBER)).toEqual({ lastTimeZone: 'Europe/London' });
  });

  it('refuses to open with the wrong key and leaves the data untouched', async () => {
    const key = randomBytes(32).toString('base64');
    const { store, dir } = await open({ key });
    await store.members.set(MEMBER, { lastTimeZone: 'Europe/Paris' });
    await store.close();
    const before = readFileSync(join(dir, 'test.sqlite'));
    await expect(open({ dir, key: randomBytes(32).toString('base64') })).rejects.toBeInstanceOf(WrongKeyError);
    expect(readFileSync(join(dir, 'test.sqlite')).equals(before)).toBe(true);
    const again = await open({ dir, key });
    cleanups.push(() => again.store.close());
    expect(await again.store.members.get(MEMBER)).toEqual({ lastTimeZone: 'Europe/Paris' });
  });

  it('treats a corrupt record as absent and logs it, without crashing', async () => {
    const key = randomBytes(32).toString('base64');
    const { store, dir } = await open({ key });
    await store.members.set(MEMBER, { lastTimeZone: 'Europe/Paris' });
    await store.members.set('512345678901234567', { lastTimeZone: 'Europe/Berlin' });
    await store.close();
    await runSql(
      join(dir, 'test.sqlite'),
      "UPDATE keyv SET value = 'v1:AAAAgarbage' WHERE key = ?",
      `sb:members:${new Codec(Buffer.from(key, 'base64')).hashId(MEMBER)}`,
    );
    const again = await open({ dir, key });
    cleanups.push(() => again.store.close());
    expect(await again.store.members.get(MEMBER)).toBeUndefined();
    expect(again.logs.text()).toContain('unreadable record skipped');
    expect(await again.store.members.get('512345678901234567')).toEqual({ lastTimeZone: 'Europe/Berlin' });
  });

  it('serialises concurrent updates to one record so none is lost', async () => {
    const { store } = await open();
    cleanups.push(() => store.close());
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.members.update(MEMBER, (current) => ({ ...current, lastTimeZone: `${current?.lastTimeZone ?? ''}${i % 10}` })),
      ),
    );
    expect((await store.members.get(MEMBER))?.lastTimeZone).toHaveLength(20);
  });

  it('lists every record of a namespace with its id, across page boundaries', async () => {
    const { store } = await open();
    cleanups.push(() => store.close());
    const ids = Array.from({ length: 2500 }, (_, i) => String(100000000000000000n + BigInt(i)));
    for (const id of ids) await store.guilds.set(id, { publicChannels: [], changes: [], resourcesNote: id });
    const seen = new Map<string, string | undefined>();
    for await (const [id, value] of store.guilds.entries()) seen.set(id, value.resourcesNote);
    expect(seen.size).toBe(ids.length);
    expect(seen.get(ids[1234]!)).toBe(ids[1234]);
  });

  it('deleting by returning undefined removes the record', async () => {
    const { store } = await open();
    cleanups.push(() => store.close());
    await store.members.set(MEMBER, { lastTimeZone: 'Europe/Paris' });
    await store.members.update(MEMBER, () => undefined);
    expect(await store.members.get(MEMBER)).toBeUndefined();
  });

  it('a lock held longer than the busy timeout is retried with back-off, and the write lands', async () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const logs = captureLogs();
    const file = join(dir.path, 'busy.sqlite');
    const raw = await RawStore.open({ url: `sqlite://${file}`, codec: new Codec(randomBytes(32)), logger: logs.logger, busyTimeoutMs: 20 });
    cleanups.push(() => raw.close());
    const db = new sqlite3.Database(file);
    await new Promise<void>((done, fail) => db.exec('BEGIN EXCLUSIVE', (e) => (e ? fail(e) : done())));
    const write = raw.set('members', MEMBER, { v: 1, d: { lastTimeZone: SENTINEL } });
    await new Promise((done) => setTimeout(done, 400));
    await new Promise<void>((done, fail) => db.exec('COMMIT', (e) => (e ? fail(e) : done())));
    await new Promise<void>((done) => db.close(() => done()));
    await write;
    expect(logs.text()).toContain('store busy, retrying');
    expect(await raw.get('members', MEMBER)).toEqual({ v: 1, d: { lastTimeZone: SENTINEL } });
  });
});
