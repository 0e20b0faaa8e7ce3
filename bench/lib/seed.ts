/** Fills an encrypted store through the domain API, as the bot itself would have written it. */
import { createLogger } from '../../src/logger.js';
import type { MemberRecord, ReminderRecord, Store } from '../../src/store/index.js';
import { newReminder } from '../../src/store/records.js';

export const silentLogger = createLogger({ level: 'silent' });

/** Snowflake-shaped ids from a counter, so runs and processes agree on who is who. */
export const memberId = (i: number): string => String(100_000_000_000_000_000n + BigInt(i));
const dmChannelId = (i: number): string => String(200_000_000_000_000_000n + BigInt(i));

const ZONES = ['UTC', 'Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney'];
const LOCALES = ['en-US', 'en-GB', 'de', 'fr', 'es-ES'];

export function memberRecord(i: number): MemberRecord {
  return { lastTimeZone: ZONES[i % ZONES.length]! };
}

/** A daily reminder, spread over the day, due in the future so start-up files all of them. */
export function reminderRecord(i: number, now: number): ReminderRecord {
  return newReminder({
    hour: i % 24,
    minute: (i * 7) % 60,
    days: 0b1111111,
    timeZone: ZONES[i % ZONES.length]!,
    focus: 'mixed',
    locale: LOCALES[i % LOCALES.length]!,
    dmChannelId: dmChannelId(i),
    nextDueUtc: now + 60_000 * (1 + (i % 1440)),
    rotationSeed: i,
    practicesSent: i % 7,
  });
}

/** Writes in batches of concurrent sets: the driver queues them, so this is as fast as the API goes. */
export async function fill(count: number, write: (i: number) => Promise<unknown>): Promise<void> {
  const BATCH = 500;
  for (let from = 0; from < count; from += BATCH) {
    const writes: Promise<unknown>[] = [];
    for (let i = from; i < Math.min(count, from + BATCH); i++) writes.push(write(i));
    await Promise.all(writes);
  }
}

/**
 * `count` members and as many reminder schedules (the store of a community where everyone set one).
 * Start-up reads only the reminders; the members are there so the file has a realistic size.
 */
export async function seedStore(store: Store, count: number): Promise<{ membersMs: number; remindersMs: number }> {
  const now = Date.now();
  let t = performance.now();
  await fill(count, (i) => store.members.set(memberId(i), memberRecord(i)));
  const membersMs = performance.now() - t;
  t = performance.now();
  await fill(count, (i) => store.reminders.set(memberId(i), reminderRecord(i, now)));
  return { membersMs, remindersMs: performance.now() - t };
}
