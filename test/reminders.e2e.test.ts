import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RESTJSONErrorCodes } from 'discord.js';
import { commands } from '../commands/index.js';
import { loadLocale } from '../src/content/index.js';
import { findButton, type FakeMessage, type FakeUser } from '../src/fake-discord/index.js';
import { startHarness, type Harness } from './helpers/harness.js';

const EPHEMERAL = 1 << 6;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const english = loadLocale('en');

let h: Harness;
const created: FakeUser[] = [];

beforeAll(async () => {
  h = await startHarness({ commands: commands });
});
afterEach(async () => {
  // Each test's schedules end with it, so later ticks only send what the next test set up.
  for (const user of created.splice(0)) await h.bot.context.reminders.remove(user.id);
  h.fake.clearFaults();
});
afterAll(async () => {
  await h?.close();
});

function newMember(): FakeUser {
  const user = h.fake.addUser({ username: `member${created.length}-${Date.now() % 100000}` });
  h.fake.addMember(h.guild.id, user.id);
  created.push(user);
  return user;
}

/** Moves the clock to 08:00 UTC on a day after anything earlier tests used; returns that day's midnight. */
function nextDay(): number {
  const midnight = Math.floor(h.clock.now() / DAY) * DAY + DAY;
  h.clock.set(midnight + 8 * HOUR);
  return midnight;
}

async function tickAt(ms: number): Promise<void> {
  h.clock.set(ms);
  await h.bot.scheduler.tick();
}

function command(user: FakeUser, subcommand: string, options: Record<string, string> = {}) {
  return h.fake.slash({ user, guildId: h.guild.id, name: 'reminders', subcommand, options });
}

/** Reminder DMs (a practice in an embed), not the text confirmation. */
const reminderDms = (user: FakeUser): FakeMessage[] => h.fake.dmsTo(user.id).filter((m) => m.embeds.length > 0);
const seconds = (ms: number): number => Math.floor(ms / 1000);
const record = (user: FakeUser) => h.bot.store.reminders.get(user.id);

/** A member with reminders at 09:00 UTC daily, set at 08:00 on a fresh day; returns that day's 09:00. */
async function withDailyReminder(focus = 'mixed'): Promise<{ user: FakeUser; nine: number }> {
  const user = newMember();
  const midnight = nextDay();
  await command(user, 'set', { time: '09:00', timezone: 'UTC', days: 'daily', focus }).reply();
  return { user, nine: midnight + 9 * HOUR };
}

async function press(user: FakeUser, message: FakeMessage, label: string): Promise<FakeMessage> {
  const current = h.fake.message(message.id)!;
  return h.fake.button({ user, message: current, customId: findButton(current, label).custom_id }).reply();
}

describe('/reminders set and status', () => {
  it('set confirms by DM at once, saves the DM channel, and sends the first practice on time', async () => {
    const user = newMember();
    const midnight = nextDay();
    const reply = await command(user, 'set', { time: '09:00', timezone: 'UTC', days: 'daily', focus: 'self-soothe' }).reply();
    const nine = midnight + 9 * HOUR;
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.content).toContain(`<t:${seconds(nine)}:F>`);
    expect(reply.content).toContain(`<t:${seconds(nine)}:R>`);

    const [confirmation] = h.fake.dmsTo(user.id);
    expect(confirmation?.content).toMatch(/set up/);
    expect(h.fake.findRequests({ method: 'POST', path: '/users/@me/channels' }).at(-1)?.body).toEqual({ recipient_id: user.id });
    const saved = await record(user);
    expect(saved).toMatchObject({ dmChannelId: h.fake.dmChannel(user.id).id, hour: 9, minute: 0, timeZone: 'UTC', focus: 'self-soothe', locale: 'en-US' });

    await tickAt(nine - MINUTE);
    expect(reminderDms(user)).toHaveLength(0);
    await tickAt(nine);
    const [dm] = reminderDms(user);
    expect(dm).toBeDefined();
    const soothe = english.strategies.find((s) => s.id === 'self-soothe')!;
    expect(soothe.tryThisWeek).toContain(dm!.embeds[0]!.description);
    const labels = dm!.components[0]!.components!.map((c) => c.label);
    expect(labels).toEqual(['Done', 'Snooze 1 hour', 'Snooze until tomorrow', 'Pause a week', 'Stop reminders']);

    // One request to the stored channel, pinging nobody, with a nonce Discord can de-duplicate on.
    const sent = h.fake.findRequests({ method: 'POST', path: `/channels/${saved!.dmChannelId}/messages` }).at(-1)!;
    const body = sent.body as { allowed_mentions: unknown; nonce: string; enforce_nonce: boolean };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.enforce_nonce).toBe(true);
    expect(body.nonce.length).toBeLessThanOrEqual(25);
    expect((await record(user))?.lastSentOccurrence).toBe(nine);

    await tickAt(nine + MINUTE);
    await tickAt(nine + 10 * MINUTE);
    expect(reminderDms(user)).toHaveLength(1);
  });

  it('uses the local time of the chosen zone, and status shows the schedule, the next send and the count', async () => {
    const user = newMember();
    const midnight = nextDay();
    await command(user, 'set', { time: '07:30', timezone: 'America/New_York', days: 'mon,wed,fri' }).reply();
    const status = await command(user, 'status').reply();
    expect(status.flags & EPHEMERAL).toBe(EPHEMERAL);
    const saved = (await record(user))!;
    expect(saved.days).toBe(0b0101010);
    // 07:30 in New York is 12:30 UTC in winter time (before 8 March 2026).
    const next = saved.nextDueUtc;
    expect(new Date(next).getUTCHours() * 60 + new Date(next).getUTCMinutes()).toBe(12 * 60 + 30);
    expect([1, 3, 5]).toContain(new Date(next - 5 * HOUR).getUTCDay());
    expect(next).toBeGreaterThan(midnight);
    expect(status.content).toContain(`<t:${seconds(next)}:F>`);
    expect(status.content).toContain(`<t:${seconds(next)}:R>`);
    expect(status.content).toContain('07:30');
    expect(status.content).toContain('America/New_York');
    expect(status.content).toMatch(/done this week:\*\* 0/);
  });

  it('timezone autocomplete offers the last zone first, and searches as typed', async () => {
    const user = newMember();
    nextDay();
    await command(user, 'set', { time: '10:00', timezone: 'Asia/Tokyo' }).reply();
    const empty = await h.fake
      .autocomplete({ user, guildId: h.guild.id, name: 'reminders', subcommand: 'set', options: { timezone: '' }, focused: 'timezone' })
      .choices();
    expect(empty[0]?.value).toBe('Asia/Tokyo');
    const typed = await h.fake
      .autocomplete({ user, guildId: h.guild.id, name: 'reminders', subcommand: 'set', options: { timezone: 'lond' }, focused: 'timezone' })
      .choices();
    expect(typed.map((c) => c.value)).toContain('Europe/London');
    // Without a timezone option, set uses the last one.
    await command(user, 'set', { time: '11:00' }).reply();
    expect((await record(user))?.timeZone).toBe('Asia/Tokyo');
  });

  it('status without reminders says how to start', async () => {
    const reply = await command(newMember(), 'status').reply();
    expect(reply.content).toContain('/reminders set');
  });
});

describe('bad input: a clear private message, nothing saved, no DM', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['time 25:00', { time: '25:00', timezone: 'UTC' }, /00:00 to 23:59/],
    ['time 7.30', { time: '7.30', timezone: 'UTC' }, /24-hour time/],
    ['an unknown zone', { time: '09:00', timezone: 'Mars/Olympus_Mons' }, /Europe\/London/],
    ['no zone and none before', { time: '09:00' }, /time zone/],
    ['an empty day list', { time: '09:00', timezone: 'UTC', days: ' , ' }, /daily, weekdays, weekends/],
    ['an unknown day', { time: '09:00', timezone: 'UTC', days: 'mon,funday' }, /"funday"/],
  ];
  for (const [name, options, expected] of cases) {
    it(name, async () => {
      const user = newMember();
      const reply = await command(user, 'set', options).reply();
      expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
      expect(reply.content).toMatch(expected);
      expect(reply.content).toContain('Nothing was saved');
      expect(await record(user)).toBeUndefined();
      expect(h.fake.dmsTo(user.id)).toHaveLength(0);
    });
  }
});

describe('pause, resume, off, test', () => {
  it('pause holds reminders back; resume brings them back', async () => {
    const { user, nine } = await withDailyReminder();
    const paused = await command(user, 'pause', { for: '3d' }).reply();
    expect(paused.content).toMatch(/paused until/i);
    expect((await command(user, 'status').reply()).content).toMatch(/Paused\*\* until/);
    await tickAt(nine);
    await tickAt(nine + DAY);
    expect(reminderDms(user)).toHaveLength(0);

    h.clock.set(nine + DAY + HOUR);
    const resumed = await command(user, 'resume').reply();
    expect(resumed.content).toMatch(/back on/);
    expect(resumed.content).toContain(`<t:${seconds(nine + 2 * DAY)}:F>`);
    await tickAt(nine + 2 * DAY);
    expect(reminderDms(user)).toHaveLength(1);
  });

  it('off deletes the schedule: nothing is sent even when it was due', async () => {
    const { user, nine } = await withDailyReminder();
    expect((await command(user, 'off').reply()).content).toMatch(/off and your schedule is deleted/);
    expect(await record(user)).toBeUndefined();
    await tickAt(nine);
    await tickAt(nine + DAY);
    expect(reminderDms(user)).toHaveLength(0);
    expect((await command(user, 'off').reply()).content).toMatch(/nothing to turn off/);
  });

  it('test sends one reminder now, with working buttons', async () => {
    const { user } = await withDailyReminder('challenge-thoughts');
    const reply = await command(user, 'test').reply();
    expect(reply.content).toMatch(/sent you a reminder/);
    const [dm] = reminderDms(user);
    expect(english.strategies.find((s) => s.id === 'challenge-thoughts')!.tryThisWeek).toContain(dm!.embeds[0]!.description);
    const after = await press(user, dm!, 'Done');
    expect(after.content).toMatch(/Marked as done/);
  });
});

describe('buttons on the DM', () => {
  it('Done counts privately, shown in status; the buttons are then disabled', async () => {
    const { user, nine } = await withDailyReminder();
    await tickAt(nine);
    const [dm] = reminderDms(user);
    h.clock.set(nine + 5 * MINUTE);
    const updated = await press(user, dm!, 'Done');
    expect(updated.id).toBe(dm!.id);
    expect(updated.content).toMatch(/Marked as done\. That's 1 this week/);
    expect(updated.components[0]!.components!.every((c) => c.disabled)).toBe(true);
    expect((await command(user, 'status').reply()).content).toMatch(/done this week:\*\* 1/);

    await tickAt(nine + DAY);
    h.clock.set(nine + DAY + MINUTE);
    expect((await press(user, reminderDms(user)[1]!, 'Done')).content).toMatch(/That's 2 this week/);
  });

  it('Snooze 1 hour: one more DM an hour later, not before, not twice; the schedule then goes on', async () => {
    const { user, nine } = await withDailyReminder();
    await tickAt(nine);
    h.clock.set(nine + 5 * MINUTE);
    const acked = await press(user, reminderDms(user)[0]!, 'Snooze 1 hour');
    expect(acked.content).toContain(`<t:${seconds(nine + 65 * MINUTE)}:t>`);
    await tickAt(nine + 64 * MINUTE);
    expect(reminderDms(user)).toHaveLength(1);
    await tickAt(nine + 65 * MINUTE);
    expect(reminderDms(user)).toHaveLength(2);
    await tickAt(nine + 66 * MINUTE);
    await tickAt(nine + 2 * HOUR);
    expect(reminderDms(user)).toHaveLength(2);
    await tickAt(nine + DAY);
    expect(reminderDms(user)).toHaveLength(3);
  });

  it('Snooze until tomorrow: nothing more today, the next one tomorrow, once', async () => {
    const { user, nine } = await withDailyReminder();
    // A snooze of an hour first, so "until tomorrow" has something of today's to cancel.
    await tickAt(nine);
    h.clock.set(nine + MINUTE);
    await press(user, reminderDms(user)[0]!, 'Snooze 1 hour');
    await command(user, 'test').reply();
    h.clock.set(nine + 2 * MINUTE);
    const acked = await press(user, reminderDms(user).at(-1)!, 'Snooze until tomorrow');
    expect(acked.content).toContain(`<t:${seconds(nine + DAY)}:F>`);
    const before = reminderDms(user).length;
    await tickAt(nine + 61 * MINUTE);
    await tickAt(nine + 14 * HOUR);
    expect(reminderDms(user)).toHaveLength(before);
    await tickAt(nine + DAY);
    expect(reminderDms(user)).toHaveLength(before + 1);
    await tickAt(nine + DAY + MINUTE);
    expect(reminderDms(user)).toHaveLength(before + 1);
  });

  it('Pause a week: nothing for seven days, then the schedule resumes', async () => {
    const { user, nine } = await withDailyReminder();
    await tickAt(nine);
    h.clock.set(nine + 5 * MINUTE);
    const acked = await press(user, reminderDms(user)[0]!, 'Pause a week');
    expect(acked.content).toContain(`<t:${seconds(nine + 8 * DAY)}:F>`);
    for (let day = 1; day <= 7; day++) await tickAt(nine + day * DAY);
    expect(reminderDms(user)).toHaveLength(1);
    await tickAt(nine + 8 * DAY);
    expect(reminderDms(user)).toHaveLength(2);
  });

  it('Stop deletes the schedule and says so in the DM', async () => {
    const { user, nine } = await withDailyReminder();
    await tickAt(nine);
    const acked = await press(user, reminderDms(user)[0]!, 'Stop reminders');
    expect(acked.content).toMatch(/Reminders are off/);
    expect(acked.components[0]!.components!.every((c) => c.disabled)).toBe(true);
    expect(await record(user)).toBeUndefined();
    await tickAt(nine + DAY);
    expect(reminderDms(user)).toHaveLength(1);
  });

  it('a button on an old reminder after reminders were turned off says so', async () => {
    const { user, nine } = await withDailyReminder();
    await tickAt(nine);
    await command(user, 'off').reply();
    const acked = await press(user, reminderDms(user)[0]!, 'Snooze 1 hour');
    expect(acked.content).toMatch(/reminders are off/i);
  });
});

describe('when Discord refuses the DM', () => {
  it('at set time: explains how to allow DMs, and nothing is saved', async () => {
    const user = newMember();
    nextDay();
    h.fake.refuseDMs(user.id);
    const reply = await command(user, 'set', { time: '09:00', timezone: 'UTC' }).reply();
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.content).toMatch(/Privacy Settings/);
    expect(reply.content).toMatch(/nothing was saved/);
    expect(await record(user)).toBeUndefined();
    expect((await h.bot.store.members.get(user.id))?.lastTimeZone).toBeUndefined();
  });

  it('changing a schedule whose confirmation cannot be delivered keeps the schedule as it was', async () => {
    const { user } = await withDailyReminder();
    const before = await record(user);
    h.fake.refuseDMs(user.id);
    const reply = await command(user, 'set', { time: '18:30', timezone: 'UTC' }).reply();
    h.fake.refuseDMs(user.id, false);
    expect(reply.content).toMatch(/Privacy Settings/);
    expect(await record(user)).toEqual(before);
    expect(h.bot.scheduler.dueAt('r', user.id)).toBe(before!.nextDueUtc);
  });

  it('at send time: the schedule pauses with the reason, and the member is told on their next command, once', async () => {
    const { user, nine } = await withDailyReminder();
    h.fake.refuseDMs(user.id);
    await tickAt(nine);
    expect(reminderDms(user)).toHaveLength(0);
    expect(await record(user)).toMatchObject({ pausedReason: 'dm-refused', noticePending: true });
    await tickAt(nine + DAY);
    expect(h.fake.findRequests({ method: 'POST', path: `/channels/${h.fake.dmChannel(user.id).id}/messages`, status: 403 })).toHaveLength(1);

    const about = h.fake.slash({ user, guildId: h.guild.id, name: 'about' });
    await about.reply();
    const notice = await h.fake.waitFor(() => about.followUps[0]);
    expect(notice.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(notice.content).toMatch(/didn't let me DM you/);
    expect(notice.content).toContain('/reminders resume');
    const again = h.fake.slash({ user, guildId: h.guild.id, name: 'about' });
    await again.reply();
    expect(again.followUps).toHaveLength(0);
    expect((await command(user, 'status').reply()).content).toMatch(/didn't let me DM you/);

    h.fake.refuseDMs(user.id, false);
    h.clock.set(nine + DAY + HOUR);
    await command(user, 'resume').reply();
    await tickAt(nine + 2 * DAY);
    expect(reminderDms(user)).toHaveLength(1);
  });

  it.each([
    ['an unknown user (account gone)', { message: 'Unknown User', code: RESTJSONErrorCodes.UnknownUser }, 'unknown-user'],
    ['an unknown channel', { message: 'Unknown Channel', code: RESTJSONErrorCodes.UnknownChannel }, 'unknown-channel'],
  ])('%s pauses with that reason', async (_name, body, reason) => {
    const { user, nine } = await withDailyReminder();
    const channelId = (await record(user))!.dmChannelId;
    h.fake.injectFault({ method: 'POST', path: `/channels/${channelId}/messages`, status: 404, body });
    await tickAt(nine);
    expect(await record(user)).toMatchObject({ pausedReason: reason });
    expect(reminderDms(user)).toHaveLength(0);
  });

  it('a 5xx is retried on a later tick within the grace window, and sent once', async () => {
    const { user, nine } = await withDailyReminder();
    const channelId = (await record(user))!.dmChannelId;
    const fault = h.fake.injectFault({ method: 'POST', path: `/channels/${channelId}/messages`, status: 502, times: Infinity });
    await tickAt(nine);
    expect(fault.hits).toBeGreaterThan(0);
    expect(reminderDms(user)).toHaveLength(0);
    fault.cancel();
    await tickAt(nine + MINUTE);
    expect(reminderDms(user)).toHaveLength(1);
    await tickAt(nine + 2 * MINUTE);
    expect(reminderDms(user)).toHaveLength(1);
    expect((await record(user))?.lastSentOccurrence).toBe(nine);
  });
});

describe('rate limits on DMs', () => {
  it('a 429 with retry-after on a reminder DM: the bot waits and sends it, once, nothing lost', async () => {
    const { user, nine } = await withDailyReminder();
    const channelId = (await record(user))!.dmChannelId;
    const fault = h.fake.injectFault({ method: 'POST', path: `/channels/${channelId}/messages`, status: 429, retryAfter: 1 });
    await tickAt(nine);
    await h.bot.scheduler.whenIdle();
    expect(fault.hits).toBe(1);
    expect(reminderDms(user)).toHaveLength(1);
    const accepted = h.fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/channels/${channelId}/messages`) && r.status === 200);
    expect(accepted.filter((r) => (r.body as { embeds?: unknown[] }).embeds?.length)).toHaveLength(1);
    await tickAt(nine + MINUTE);
    expect(reminderDms(user)).toHaveLength(1);
  });
});

describe('rotation', () => {
  it('goes through every practice of the focus before any repeats, and never twice in a row', async () => {
    const { user, nine } = await withDailyReminder('notice-triggers');
    const practices = english.strategies.find((s) => s.id === 'notice-triggers')!.tryThisWeek;
    for (let day = 0; day < practices.length * 2; day++) await tickAt(nine + day * DAY);
    const sent = reminderDms(user).map((m) => m.embeds[0]!.description!);
    expect(sent).toHaveLength(practices.length * 2);
    expect(new Set(sent.slice(0, practices.length))).toEqual(new Set(practices));
    expect(new Set(sent.slice(practices.length))).toEqual(new Set(practices));
    for (let i = 1; i < sent.length; i++) expect(sent[i]).not.toBe(sent[i - 1]);
  });

  it('mixed draws from all five strategies without repeats', async () => {
    const { user, nine } = await withDailyReminder('mixed');
    const all = english.strategies.flatMap((s) => s.tryThisWeek);
    for (let day = 0; day < all.length; day++) await tickAt(nine + day * DAY);
    const sent = reminderDms(user).map((m) => m.embeds[0]!.description!);
    expect(sent).toHaveLength(all.length);
    expect(new Set(sent)).toEqual(new Set(all));
  });
});
