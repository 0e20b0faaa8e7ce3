import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findButton, type FakeMessage, type FakeUser, type InteractionHandle } from '../src/fake-discord/index.js';
import { startHarness, START_TIME, type Harness } from './helpers/harness.js';

const HOUR = 60 * 60_000;
const FAN_OUT = 300;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  h.fake.setGlobalRateLimit(null);
  await h?.close();
});

/** Where in the recorded request stream an interaction's answer arrived at Discord. */
function answerIndex(handle: InteractionHandle): number {
  return h.fake.requests.findIndex((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${handle.id}/`));
}

/** Indexes of every message the bot posted into this member's DM channel. */
function dmPostIndexes(user: FakeUser): number[] {
  const channel = h.fake.dmChannel(user.id).id;
  return h.fake.requests.flatMap((r, i) => (r.method === 'POST' && r.path === `/channels/${channel}/messages` ? [i] : []));
}

async function press(user: FakeUser, message: FakeMessage, label: string): Promise<InteractionHandle> {
  const current = h.fake.message(message.id)!;
  const handle = h.fake.button({ user, message: current, customId: findButton(current, label).custom_id });
  await handle.reply();
  return handle;
}

describe('a stop is final', () => {
  it('with 300 reminders due at once, nothing reaches a member after their delete, off, stop, pause or snooze is confirmed', { timeout: 90_000 }, async () => {
    const reminders = h.bot.context.reminders;
    h.clock.set(START_TIME + HOUR);
    const nine = START_TIME + 24 * HOUR; // 09:00 UTC the next day
    const members: FakeUser[] = [];
    for (let i = 0; i < FAN_OUT; i++) {
      const user = h.fake.addUser({ username: `fan${i}` });
      h.fake.addMember(h.guild.id, user.id);
      members.push(user);
      // Set-up only: the schedule a `/reminders set` would save (that path has its own tests).
      await reminders.save(
        user.id,
        { rule: { hour: 9, minute: 0, days: 0b1111111, timeZone: 'UTC' }, focus: 'mixed', locale: 'en-US', skipPartner: false },
        h.fake.dmChannel(user.id).id,
      );
    }
    // Everyone has an earlier reminder on screen, whose buttons some will press mid-way.
    const earlier = new Map<string, FakeMessage>();
    for (const user of members) {
      await reminders.sendTest(user.id, 'en-US');
      earlier.set(user.id, h.fake.dmsTo(user.id).at(-1)!);
    }
    const before = h.fake.requests.length;

    h.fake.setGlobalRateLimit(50);
    h.clock.set(nine);
    const fanOut = h.bot.scheduler.tick();
    await h.fake.waitFor(() => h.fake.findRequests({ method: 'POST', path: /^\/channels\/\d+\/messages$/ }).filter((r) => r.time >= nine).length >= 5, {
      timeoutMs: 10_000,
      what: 'the fan-out to start',
    });
    // Members whose reminder is claimed and waiting in the paced queue, not sent yet: the window.
    const waiting: FakeUser[] = [];
    for (const user of members) {
      const record = await h.bot.store.reminders.get(user.id);
      if (record?.sending && dmPostIndexes(user).every((index) => index < before)) waiting.push(user);
    }
    expect(waiting.length).toBeGreaterThanOrEqual(10);

    // Each waiting member says stop in one of five ways, all at once.
    const ACTIONS = ['delete', 'off', 'stop', 'pause', 'snooze'] as const;
    const flows = waiting.map(async (user, i) => {
      const action = ACTIONS[i % ACTIONS.length]!;
      let handle: InteractionHandle;
      if (action === 'delete') {
        const ask = await h.fake.slash({ user, guildId: h.guild.id, name: 'privacy', subcommand: 'delete' }).reply();
        handle = await press(user, ask, 'Yes, delete everything');
      } else if (action === 'off') {
        handle = h.fake.slash({ user, guildId: h.guild.id, name: 'reminders', subcommand: 'off' });
        expect((await handle.reply()).content).toMatch(/Reminders are off/);
      } else {
        const label = { stop: 'Stop reminders', pause: 'Pause a week', snooze: 'Snooze 1 hour' }[action];
        handle = await press(user, earlier.get(user.id)!, label);
      }
      return { user, action, handle };
    });
    const confirmed = await Promise.all(flows);
    await fanOut;
    await h.bot.scheduler.whenIdle();

    const late = confirmed.flatMap(({ user, action, handle }) => {
      const confirmedAt = answerIndex(handle);
      expect(confirmedAt).toBeGreaterThan(-1);
      const after = dmPostIndexes(user).filter((index) => index > confirmedAt);
      return after.length ? [`${action}: ${after.length} DM(s) after the confirmation`] : [];
    });
    expect(late).toEqual([]);
    for (const { user, action } of confirmed) {
      if (action === 'delete' || action === 'off' || action === 'stop') expect(await h.bot.store.reminders.get(user.id)).toBeUndefined();
    }
    // Everyone else got theirs, once.
    const others = members.filter((m) => !waiting.includes(m));
    // A request the fake refused with 429 (its global limit, when a loaded machine bunches sends) delivered
    // nothing and discord.js retried it; what must hold is one delivered message each.
    const statuses = (m: FakeUser) => dmPostIndexes(m).flatMap((index) => (index >= before ? [h.fake.requests[index]!.status] : []));
    const wrong = others.flatMap((m) => {
      const got = statuses(m);
      return got.filter((status) => status < 300).length === 1 ? [] : [`${m.username}: ${got.join(', ') || 'no request'}`];
    });
    expect(wrong).toEqual([]);
  });
});
