import { describe, expect, it } from 'vitest';
import { START_TIME, useHarness } from './helpers/harness.js';

/**
 * PRIVACY.md: logs never hold members' data. A member's user id and their DM channel id (stored and
 * exported as theirs) must not reach a log line, even when a request to Discord fails and is logged.
 */
const h = useHarness();
const HOUR = 60 * 60_000;

describe('no member identifier in logs', () => {
  it('failed DMs (a reminder, a set-up confirmation, an export) log their route without the member or channel id', async () => {
    const user = h.fake.addUser({ username: 'quiet' });
    h.fake.addMember(h.guild.id, user.id);
    const dmChannel = h.fake.dmChannel(user.id).id;
    const from = h.logs.lines.length;

    h.clock.set(START_TIME + HOUR);
    await h.fake.slash({ user, guildId: h.guild.id, name: 'reminders', subcommand: 'set', options: { time: '09:00', timezone: 'UTC' } }).reply();

    // The reminder fails for a passing reason (logged, retried later).
    const failing = h.fake.injectFault({ method: 'POST', path: `/channels/${dmChannel}/messages`, status: 500, times: Infinity });
    h.clock.set(START_TIME + 24 * HOUR);
    await h.bot.scheduler.tick();
    // A new set-up whose confirmation DM fails, and an export whose DM fails: both go down the error path.
    h.clock.advance(10_000);
    const set = await h.fake.slash({ user, guildId: h.guild.id, name: 'reminders', subcommand: 'set', options: { time: '10:00', timezone: 'UTC' } }).reply();
    expect(set.content).toMatch(/went wrong/);
    const exported = await h.fake.slash({ user, guildId: h.guild.id, name: 'privacy', subcommand: 'export' }).reply();
    expect(exported.content).toMatch(/went wrong/);
    failing.cancel();

    const lines = h.logs.lines.slice(from);
    // The failures were logged, with where they went ...
    expect(lines.filter((l) => l.includes('"route"')).length).toBeGreaterThanOrEqual(3);
    // ... and nothing that identifies the member.
    const identifying = lines.filter((l) => l.includes(user.id) || l.includes(dmChannel));
    expect(identifying).toEqual([]);
    expect(lines.some((l) => l.includes('/channels/:id/messages'))).toBe(true);
  });
});
