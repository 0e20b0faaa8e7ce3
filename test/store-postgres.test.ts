import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, WrongKeyError, type Store } from '../src/store/index.js';
import { Codec } from '../src/store/codec.js';
import { newReminder, type ReminderRecord } from '../src/store/records.js';
import { CHANGES_CHANNEL } from '../src/store/postgres-store.js';
import pg from 'pg';
import { captureLogs } from './helpers/logs.js';
import { postgresReachable, testSchema, PG_BASE_URL } from './helpers/postgres.js';

const pgUp = await postgresReachable();

const MEMBER = '412345678901234567';
const OTHER = '412345678901234568';
const SENTINEL = 'Europe/Lighthouse_Sentinel';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function schema(label: string): ReturnType<typeof testSchema> {
  const s = testSchema(label);
  cleanups.push(() => s.drop());
  return s;
}

async function open(url: string, key: string): Promise<Store> {
  const store = await openStore({ url, encryptionKey: key, logger: captureLogs().logger });
  cleanups.push(() => store.close());
  return store;
}

const newKey = () => randomBytes(32).toString('base64');

describe.skipIf(!pgUp)('PostgreSQL store', () => {
  it('keeps values and member ids out of the table, and reads them back', async () => {
    const s = schema('plain');
    const key = newKey();
    const store = await open(s.url, key);
    expect(store.kind).toBe('postgres');
    await store.members.update(MEMBER, () => ({ lastTimeZone: SENTINEL }));
    expect(await store.members.get(MEMBER)).toEqual({ lastTimeZone: SENTINEL });
    const rows = await s.query<{ key: string; value: string }>(`SELECT key, value FROM ${s.schema}.keyv`);
    expect(rows.length).toBe(2); // the record and the key check
    const all = JSON.stringify(rows);
    expect(all).not.toContain(SENTINEL);
    expect(all).not.toContain(MEMBER);
    expect(rows.map((r) => r.key)).toContain(`sb:members:${new Codec(Buffer.from(key, 'base64')).hashId(MEMBER)}`);
  });

  it('creates the schema once when several processes start together on an empty database', async () => {
    const s = schema('race');
    const key = newKey();
    const stores = await Promise.all(Array.from({ length: 6 }, () => open(s.url, key)));
    expect(stores).toHaveLength(6);
    const rows = await s.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${s.schema}.keyv`);
    expect(rows[0]!.n).toBe('1');
  });

  it('refuses a different key for existing data', async () => {
    const s = schema('wrongkey');
    const store = await open(s.url, newKey());
    await store.members.set(MEMBER, { lastTimeZone: 'Europe/London' });
    await expect(openStore({ url: s.url, encryptionKey: newKey(), logger: captureLogs().logger })).rejects.toBeInstanceOf(WrongKeyError);
  });

  it('loses no write when two processes update one member at once', async () => {
    const s = schema('lock');
    const key = newKey();
    // Two stores with their own pools: two sets of database sessions, as two processes would have.
    const [a, b] = await Promise.all([open(s.url, key), open(s.url, key)]);
    const append = (store: Store, i: number) =>
      store.selfcheckHistory.update(MEMBER, (current) => ({ results: [...(current?.results ?? []), { at: i, mean: 3, band: 'some' as const }] }));
    await Promise.all(Array.from({ length: 40 }, (_, i) => append(i % 2 === 0 ? a : b, i)));
    const saved = await a.selfcheckHistory.get(MEMBER);
    expect(saved?.results).toHaveLength(40);
    expect(new Set(saved!.results.map((r) => r.at)).size).toBe(40);
  });

  it('scans every record of a namespace in pages, and only that namespace', async () => {
    const s = schema('scan');
    const store = await open(s.url, newKey());
    const ids = Array.from({ length: 2100 }, (_, i) => String(100000000000000000n + BigInt(i)));
    // Seeded in bulk through the domain API, several at a time.
    for (let i = 0; i < ids.length; i += 100) {
      await Promise.all(ids.slice(i, i + 100).map((id) => store.members.set(id, { lastTimeZone: 'UTC' })));
    }
    await store.guilds.set(OTHER, { publicChannels: [], changes: [] });
    const seen: string[] = [];
    for await (const [id] of store.members.entries()) seen.push(id);
    expect(seen.length).toBe(ids.length);
    expect(new Set(seen)).toEqual(new Set(ids));
  });

  it('/privacy delete leaves no row of the member in the table', async () => {
    const s = schema('privacy');
    const key = newKey();
    const store = await open(s.url, key);
    await store.members.set(MEMBER, { lastTimeZone: 'Europe/Berlin' });
    await store.selfcheckHistory.set(MEMBER, { results: [{ at: 1, mean: 2, band: 'few' }] });
    await store.members.set(OTHER, { lastTimeZone: 'Europe/Paris' });
    const removed = await store.personal.deleteAll(MEMBER);
    expect(removed.sort()).toEqual(['members', 'selfcheck-history']);
    const hash = new Codec(Buffer.from(key, 'base64')).hashId(MEMBER);
    const rows = await s.query<{ key: string }>(`SELECT key FROM ${s.schema}.keyv WHERE key LIKE $1`, [`%${hash}%`]);
    expect(rows).toEqual([]);
    // Everyone else's data is still there.
    expect(await store.members.get(OTHER)).toEqual({ lastTimeZone: 'Europe/Paris' });
  });

  it('announces a changed schedule record by its hashed key, which resolves back to the id', async () => {
    const s = schema('notify');
    const key = newKey();
    const writer = await open(s.url, key);
    const listener = new pg.Client({ connectionString: PG_BASE_URL });
    await listener.connect();
    cleanups.push(() => listener.end());
    const heard: string[] = [];
    // The channel is the database's: other tests' stores (other schemas) announce on it too, so only
    // this store's records count (their hashed keys are unique to this test's key).
    const ours = [writer.guilds.keyOf(OTHER), writer.members.keyOf(MEMBER)];
    listener.on('notification', (n) => {
      if (ours.some((k) => n.payload?.endsWith(`:${k}`))) heard.push(n.payload ?? '');
    });
    await listener.query(`LISTEN ${CHANGES_CHANNEL}`);
    await writer.guilds.set(OTHER, { publicChannels: [], changes: [] });
    await writer.members.set(MEMBER, { lastTimeZone: 'UTC' }); // not a schedule: not announced
    // A second schedule write, heard after the member's write would have been (notifications keep commit order).
    await writer.guilds.set(OTHER, { publicChannels: [], changes: [] });
    await expect.poll(() => heard.length).toBe(2);
    expect(heard.filter((p) => p.includes(writer.members.keyOf(MEMBER)))).toEqual([]);
    const recordKey = heard[0]!.split('|')[1]!;
    expect(recordKey).toBe(`guilds:${writer.guilds.keyOf(OTHER)}`);
    expect(heard[0]).not.toContain(OTHER);
    const found = await writer.guilds.getByKey(writer.guilds.keyOf(OTHER));
    expect(found?.[0]).toBe(OTHER);
  });

  it('a process that listens knows which schedules exist: one written elsewhere is found, and reads under the lock ask the database', async () => {
    const s = schema('presence');
    const key = newKey();
    const [a, b] = await Promise.all([open(s.url, key), open(s.url, key)]);
    const schedule = (channel: string): ReminderRecord =>
      newReminder({
        hour: 9,
        minute: 0,
        days: 127,
        timeZone: 'UTC',
        focus: 'mixed',
        locale: 'en-US',
        dmChannelId: `50000000000000000${channel}`,
        nextDueUtc: 1,
        rotationSeed: 1,
      });
    await b.reminders.set(OTHER, schedule('1'));
    const leadership = a.leadership({ logger: captureLogs().logger, retryMs: 60_000 });
    await leadership.start({ acquired: () => undefined, lost: () => undefined, changed: () => undefined });
    cleanups.push(() => leadership.stop());
    // Written before a listened, and after: both found.
    expect((await a.reminders.get(OTHER))?.dmChannelId).toBe('500000000000000001');
    await b.reminders.set(MEMBER, schedule('2'));
    await expect.poll(async () => (await a.reminders.get(MEMBER))?.dmChannelId).toBe('500000000000000002');
    // A row no process announced (as no running bot writes): a plain read may miss it for now, but a
    // read under the member's lock (a change, the consent check before a send) asks the database.
    const hidden = '412345678901234569';
    const codec = new Codec(Buffer.from(key, 'base64'));
    await s.query(`INSERT INTO ${s.schema}.keyv (key, value) VALUES ($1, $2)`, [
      `sb:reminders:${codec.hashId(hidden)}`,
      codec.encrypt(JSON.stringify({ value: { id: hidden, record: { v: 1, d: schedule('3') } } })),
    ]);
    expect(await a.reminders.whileLocked(hidden, async (current) => current?.dmChannelId)).toBe('500000000000000003');
    expect(
      (await a.reminders.update(hidden, (current) => current && { ...current, dmChannelId: '500000000000000004' }, { fromStore: true }))?.dmChannelId,
    ).toBe('500000000000000004');
    // Its own write made it known here too.
    expect((await a.reminders.get(hidden))?.dmChannelId).toBe('500000000000000004');
  });
});
