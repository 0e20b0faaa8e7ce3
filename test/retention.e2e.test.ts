import { describe, expect, it } from 'vitest';
import { REMINDER_PREFIX } from '../src/reminders/service.js';
import { RETENTION_PREFIX } from '../src/retention.js';
import { newReminder } from '../src/store/records.js';
import { START_TIME, useHarness } from './helpers/harness.js';

const DAY = 24 * 60 * 60 * 1000;
const h = useHarness({ env: { LOG_RETENTION_DAYS: '30' } });

describe('retention', () => {
  it('the daily sweep removes self-check results past the limit and schedules refused for 90 days, and nothing else', async () => {
    const now = START_TIME;
    const { store } = h.bot;
    await store.selfcheckHistory.set(h.member.id, {
      results: [
        { at: now - 400 * DAY, mean: 3.9, band: 'many' },
        { at: now - 30 * DAY, mean: 2.4, band: 'few' },
      ],
    });
    await store.selfcheckHistory.set(h.other.id, { results: [{ at: now - 366 * DAY, mean: 3, band: 'some' }] });

    const reminder = newReminder({
      hour: 9,
      minute: 0,
      days: 127,
      timeZone: 'UTC',
      focus: 'mixed',
      locale: 'en-US',
      dmChannelId: '123456789012345678',
      nextDueUtc: now + DAY,
      rotationSeed: 1,
    });
    await store.reminders.set(h.member.id, { ...reminder, pausedReason: 'dm-refused', pausedAt: now - 91 * DAY });
    // As if a stale entry were still filed for it: the sweep's delete must clear it through the service.
    h.bot.scheduler.file(REMINDER_PREFIX, h.member.id, now + DAY);
    await store.reminders.set(h.other.id, { ...reminder, pausedReason: 'dm-refused', pausedAt: now - 10 * DAY });
    await store.reminders.set('312345678901234567', { ...reminder, pausedReason: null, pausedAt: null });

    // The sweep is one of the scheduler's kinds, due daily at 03:00 UTC.
    const due = h.bot.scheduler.dueAt(RETENTION_PREFIX, 'daily')!;
    expect(new Date(due).getUTCHours()).toBe(3);
    h.clock.set(due);
    await h.bot.scheduler.tick();
    await h.bot.scheduler.whenIdle();

    expect((await store.selfcheckHistory.get(h.member.id))?.results.map((r) => r.mean)).toEqual([2.4]);
    expect(await store.selfcheckHistory.get(h.other.id)).toBeUndefined();
    expect(await store.reminders.get(h.member.id)).toBeUndefined();
    expect(h.bot.scheduler.dueAt(REMINDER_PREFIX, h.member.id)).toBeUndefined();
    expect(await store.reminders.get(h.other.id)).toBeDefined();
    expect(await store.reminders.get('312345678901234567')).toBeDefined();
    expect(h.bot.scheduler.dueAt(RETENTION_PREFIX, 'daily')).toBe(due + DAY);
  });

  it('LOG_RETENTION_DAYS: the sweep removes log entries older than the limit and keeps the rest', async () => {
    const { store } = h.bot;
    const now = h.clock.now();
    const entry = (id: string, daysAgo: number) => ({ id, at: now - daysAgo * DAY, happened: id, feelings: [], strength: null, mind: '', next: '' });
    await store.log.set(h.member.id, { consentedAt: now - 100 * DAY, entries: [entry('old1', 45), entry('old2', 31), entry('new1', 29), entry('new2', 1)] });
    await store.log.set(h.other.id, { consentedAt: now - 100 * DAY, entries: [entry('gone', 60)] });
    const due = h.bot.scheduler.dueAt('m', 'daily')!;
    h.clock.set(due);
    await h.bot.scheduler.tick();
    await h.bot.scheduler.whenIdle();
    expect((await store.log.get(h.member.id))?.entries.map((e) => e.id)).toEqual(['new1', 'new2']);
    // The opt-in stays; only the old entries go.
    expect(await store.log.get(h.other.id)).toMatchObject({ entries: [] });
  });
});
