import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/index.js';
import { RecordCache } from '../src/store/record-cache.js';
import { captureLogs } from './helpers/logs.js';
import { tempDir } from './helpers/temp-dir.js';

const MEMBER = '412345678901234567';
const OTHER = '512345678901234567';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Two stores on one file and key: `other` stands for another process writing behind `store`'s back. */
async function openPair(cacheEntries: number): Promise<{ store: Store; other: Store }> {
  const dir = tempDir();
  const url = `sqlite://${join(dir.path, 'test.sqlite')}`;
  const key = randomBytes(32).toString('base64');
  const store = await openStore({ url, encryptionKey: key, logger: captureLogs().logger, cacheEntries });
  const other = await openStore({ url, encryptionKey: key, logger: captureLogs().logger });
  cleanups.push(
    dir.remove,
    () => other.close(),
    () => store.close(),
  );
  return { store, other };
}

const reminder = (hour: number) => ({
  hour,
  minute: 0,
  days: 127,
  timeZone: 'Europe/Paris',
  focus: 'mixed',
  locale: 'en-US',
  dmChannelId: '612345678901234567',
  nextDueUtc: 1_800_000_000_000,
  rotationSeed: 7,
});

describe('the in-memory record cache', () => {
  it('serves a repeated read from memory: a change made behind its back is not seen until invalidated', async () => {
    const { store, other } = await openPair(100);
    await store.members.set(MEMBER, { lastTimeZone: 'Europe/Paris' });
    await other.members.set(MEMBER, { lastTimeZone: 'Asia/Tokyo' });
    // The cached copy: proof that the read did not go to the store.
    expect(await store.members.get(MEMBER)).toEqual({ lastTimeZone: 'Europe/Paris' });
    // The explicit store read always sees what is stored.
    expect(await store.members.readFromStore(MEMBER)).toEqual({ lastTimeZone: 'Asia/Tokyo' });
    store.members.invalidate(MEMBER);
    expect(await store.members.get(MEMBER)).toEqual({ lastTimeZone: 'Asia/Tokyo' });
  });

  it('a write is seen by the next read, with the schema defaults a stored read would give', async () => {
    const { store, other } = await openPair(100);
    await store.reminders.set(MEMBER, reminder(8) as never);
    const cached = await store.reminders.get(MEMBER);
    expect(cached).toEqual(await other.reminders.get(MEMBER));
    expect(cached).toMatchObject({ hour: 8, pausedReason: null, noticePending: false, practicesSent: 0 });
    await store.reminders.update(MEMBER, (r) => r && { ...r, hour: 9 });
    expect((await store.reminders.get(MEMBER))?.hour).toBe(9);
    expect((await other.reminders.get(MEMBER))?.hour).toBe(9);
  });

  it('remembers that a member has no record, and forgets it when one is written', async () => {
    const { store } = await openPair(100);
    expect(await store.members.get(MEMBER)).toBeUndefined();
    expect(await store.members.get(MEMBER)).toBeUndefined();
    await store.members.update(MEMBER, (m) => ({ ...m, lastTimeZone: 'Europe/Oslo' }));
    expect(await store.members.get(MEMBER)).toEqual({ lastTimeZone: 'Europe/Oslo' });
  });

  it('a delete, and a delete by update, are seen by the next read', async () => {
    const { store, other } = await openPair(100);
    await store.members.set(MEMBER, { lastTimeZone: 'Europe/Paris' });
    await store.members.set(OTHER, { lastTimeZone: 'Europe/Rome' });
    await store.members.delete(MEMBER);
    await store.members.update(OTHER, () => undefined);
    expect(await store.members.get(MEMBER)).toBeUndefined();
    expect(await store.members.get(OTHER)).toBeUndefined();
    expect(await other.members.get(MEMBER)).toBeUndefined();
  });

  it('/privacy delete (every namespace of the member) is seen by the next read of each', async () => {
    const { store } = await openPair(100);
    await store.members.set(MEMBER, { lastTimeZone: 'Europe/Paris' });
    await store.reminders.set(MEMBER, reminder(8) as never);
    await store.selfcheckHistory.set(MEMBER, { results: [{ at: 1, mean: 2, band: 'some' }] });
    await store.members.set(OTHER, { lastTimeZone: 'Europe/Rome' });
    expect(Object.keys(await store.personal.collect(MEMBER)).sort()).toEqual(['members', 'reminders', 'selfcheck-history']);
    await store.personal.deleteAll(MEMBER);
    expect(await store.members.get(MEMBER)).toBeUndefined();
    expect(await store.reminders.get(MEMBER)).toBeUndefined();
    expect(await store.selfcheckHistory.get(MEMBER)).toBeUndefined();
    expect(await store.personal.collect(MEMBER)).toEqual({});
    expect(await store.members.get(OTHER)).toEqual({ lastTimeZone: 'Europe/Rome' });
  });

  it('an update made to read from the store (the consent check before a send) sees a stop made elsewhere', async () => {
    const { store, other } = await openPair(100);
    await store.reminders.set(MEMBER, reminder(8) as never);
    await other.reminders.delete(MEMBER);
    expect(await store.reminders.get(MEMBER)).toBeDefined();
    let seen: unknown = 'not called';
    await store.reminders.update(
      MEMBER,
      (r) => {
        seen = r;
        return r;
      },
      { fromStore: true },
    );
    expect(seen).toBeUndefined();
    // ...and what it read replaced the stale copy.
    expect(await store.reminders.get(MEMBER)).toBeUndefined();
  });

  it('a read that overlaps a write never puts back the older value', async () => {
    const { store } = await openPair(100);
    await store.members.set(MEMBER, { lastTimeZone: 'Zone/0' });
    store.members.invalidate(MEMBER);
    const work: Promise<unknown>[] = [];
    for (let i = 1; i <= 20; i++) {
      work.push(store.members.get(MEMBER));
      work.push(store.members.set(MEMBER, { lastTimeZone: `Zone/${i}` }));
      if (i % 5 === 0) store.members.invalidate(MEMBER);
    }
    await Promise.all(work);
    expect(await store.members.get(MEMBER)).toEqual({ lastTimeZone: 'Zone/20' });
    expect(await store.members.readFromStore(MEMBER)).toEqual({ lastTimeZone: 'Zone/20' });
  });

  it('with 0 entries it is off: every read goes to the store', async () => {
    const { store, other } = await openPair(0);
    await store.members.set(MEMBER, { lastTimeZone: 'Europe/Paris' });
    await other.members.set(MEMBER, { lastTimeZone: 'Asia/Tokyo' });
    expect(await store.members.get(MEMBER)).toEqual({ lastTimeZone: 'Asia/Tokyo' });
    expect(store.members.cachedEntries).toBe(0);
  });

  it('stays within its bound in a repository: reading more members than it holds', async () => {
    const { store } = await openPair(50);
    const ids = Array.from({ length: 300 }, (_, i) => String(100000000000000000n + BigInt(i)));
    for (const id of ids) await store.members.set(id, { lastTimeZone: 'Europe/Paris' });
    for (const id of ids) expect(await store.members.get(id)).toEqual({ lastTimeZone: 'Europe/Paris' });
    expect(store.members.cachedEntries).toBeLessThanOrEqual(50);
    expect(store.members.cachedEntries).toBeGreaterThanOrEqual(25);
  });

  it('stays within its bound at 100,000 members, keeping what is in use', () => {
    const cache = new RecordCache<{ lastTimeZone: string }>(10_000);
    let largest = 0;
    for (let i = 0; i < 100_000; i++) {
      const id = String(100000000000000000n + BigInt(i));
      cache.put(id, { lastTimeZone: 'Europe/Paris' });
      // Keep one member in use all along: a hit moves them to the back of the line.
      cache.lookup('100000000000000000');
      largest = Math.max(largest, cache.size);
    }
    expect(largest).toBeLessThanOrEqual(10_000);
    expect(cache.size).toBeGreaterThanOrEqual(5_000);
    expect(cache.lookup('100000000000000000')).toBeDefined();
    expect(cache.lookup('100000000000000001')).toBeUndefined();
    expect(cache.lookup('100000000000099999')).toBeDefined();
  });
});
