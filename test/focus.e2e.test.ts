import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLocale } from '../src/content/index.js';
import { findButton, findComponent, type FakeMessage, type FakeUser } from '../src/fake-discord/index.js';
import { Codec } from '../src/store/codec.js';
import { useHarness } from './helpers/harness.js';

const EPHEMERAL = 1 << 6;
const MINUTE = 60_000;
const english = loadLocale('en');
const selfSoothe = english.strategies.find((s) => s.id === 'self-soothe')!;
const h = useHarness();

function newMember(name: string): FakeUser {
  const user = h.fake.addUser({ username: `${name}${Date.now() % 100000}` });
  h.fake.addMember(h.guild.id, user.id);
  return user;
}

const focus = (user: FakeUser, subcommand: string, options: Record<string, string | number> = {}) =>
  h.fake.slash({ user, guildId: h.guild.id, name: 'focus', subcommand, options });

async function tickAt(ms: number): Promise<void> {
  h.clock.set(ms);
  await h.bot.scheduler.tick();
  await h.bot.scheduler.whenIdle();
}

/** End-of-week question DMs (embeds titled with the question), oldest first. */
const questions = (user: FakeUser): FakeMessage[] => h.fake.dmsTo(user.id).filter((m) => m.embeds[0]?.title === "How did this week's change go?");

/** `/focus set` through both selects: self-soothe, its second idea. Returns the final reply. */
async function setFocus(user: FakeUser, options: Record<string, string | number>): Promise<FakeMessage> {
  const picker = await focus(user, 'set', options).reply();
  const strategySelect = findComponent(picker, (c) => c.type === 3)!;
  await h.fake.select({ user, message: picker, customId: strategySelect.custom_id as string, values: ['self-soothe'] }).reply();
  const ideas = h.fake.message(picker.id)!;
  expect(ideas.embeds[0]!.description).toContain(selfSoothe.tryThisWeek[1]!);
  const ideaSelect = findComponent(ideas, (c) => c.type === 3)!;
  await h.fake.select({ user, message: ideas, customId: ideaSelect.custom_id as string, values: ['self-soothe.1'] }).reply();
  return h.fake.waitFor(() => {
    const done = h.fake.message(picker.id)!;
    return done.content.startsWith("This week's small change") ? done : undefined;
  });
}

async function press(user: FakeUser, message: FakeMessage, label: string | RegExp) {
  const current = h.fake.message(message.id) ?? message;
  return h.fake.button({ user, message: current, customId: findButton(current, label).custom_id }).reply();
}

describe('/focus: one small change a week', () => {
  it('set → reminder DM carries it → end-of-week question at 18:00 London across the DST change → answer → history', async () => {
    // Monday 16 March 2026, 09:00 UTC. London changes to summer time on Sunday 29 March.
    h.clock.set(Date.UTC(2026, 2, 16, 9, 0));
    const user = newMember('dst');
    const saved = await setFocus(user, { day: 0, time: '18:00', timezone: 'Europe/London' });
    expect(saved.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(saved.content).toContain(selfSoothe.tryThisWeek[1]!);
    const firstWeek = Date.UTC(2026, 2, 22, 18, 0); // 18:00 GMT
    expect(saved.content).toContain(`<t:${firstWeek / 1000}:F>`);
    expect(await h.bot.store.focus.get(user.id)).toMatchObject({
      change: { strategyId: 'self-soothe', idea: 1, ownWords: null },
      question: { day: 0, hour: 18, timeZone: 'Europe/London' },
    });

    // Reminders with "my weekly focus" carry this change rather than rotating practices.
    await h.fake
      .slash({ user, guildId: h.guild.id, name: 'reminders', subcommand: 'set', options: { time: '10:00', timezone: 'Europe/London', focus: 'weekly-focus' } })
      .reply();
    await tickAt(Date.UTC(2026, 2, 17, 10, 0));
    const reminder = h.fake
      .dmsTo(user.id)
      .filter((m) => m.embeds[0]?.title && m.embeds[0].title !== "How did this week's change go?")
      .at(-1)!;
    expect(reminder.embeds[0]!.description).toBe(selfSoothe.tryThisWeek[1]);
    expect(reminder.embeds[0]!.footer!.text).toContain(selfSoothe.name);
    await tickAt(Date.UTC(2026, 2, 18, 10, 0));
    expect(h.fake.dmsTo(user.id).filter((m) => m.embeds[0]?.description === selfSoothe.tryThisWeek[1]).length).toBeGreaterThanOrEqual(2);

    await tickAt(firstWeek - MINUTE);
    expect(questions(user)).toHaveLength(0);
    await tickAt(firstWeek);
    expect(questions(user)).toHaveLength(1);
    const [dm] = questions(user);
    expect(dm!.embeds[0]!.description).toContain(selfSoothe.tryThisWeek[1]!);
    expect(dm!.components.flatMap((row) => row.components!.map((c) => c.label))).toEqual([
      'Helped',
      'Mixed',
      "Didn't get to it",
      'Skip',
      'Stop weekly questions',
    ]);
    const body = h.fake.findRequests({ method: 'POST', path: `/channels/${h.fake.dmChannel(user.id).id}/messages` }).at(-1)!.body as {
      nonce: string;
      enforce_nonce: boolean;
      allowed_mentions: unknown;
    };
    expect(body.enforce_nonce).toBe(true);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    // Exactly once: later ticks in the same week send nothing more.
    await tickAt(firstWeek + MINUTE);
    await tickAt(firstWeek + 20 * MINUTE);
    expect(questions(user)).toHaveLength(1);

    const answered = await press(user, dm!, 'Helped');
    expect(answered.content).toMatch(/Saved: it helped/);
    expect(answered.components[0]!.components!.map((c) => c.label)).toEqual(['Keep this change', 'Pick the next one', 'Stop weekly questions']);
    const kept = await press(user, answered, 'Keep this change');
    expect(kept.content).toMatch(/Keeping/);
    expect((await h.bot.store.focus.get(user.id))!.weeks).toEqual([expect.objectContaining({ at: firstWeek, answer: 'helped' })]);

    // After the change to summer time, 18:00 in London is 17:00 UTC.
    const secondWeek = Date.UTC(2026, 2, 29, 17, 0);
    await tickAt(secondWeek - MINUTE);
    expect(questions(user)).toHaveLength(1);
    await tickAt(secondWeek);
    expect(questions(user)).toHaveLength(2);
    await tickAt(Date.UTC(2026, 2, 29, 18, 0));
    expect(questions(user)).toHaveLength(2);
    await press(user, questions(user)[1]!, "Didn't get to it");

    const history = await focus(user, 'history').reply();
    expect(history.flags & EPHEMERAL).toBe(EPHEMERAL);
    const text = history.embeds[0]!.description!;
    expect(text).toMatch(/You showed up for \*\*2\*\* of 2 weeks/);
    expect(text).toContain(`<t:${secondWeek / 1000}:D>`);
    expect(text).toMatch(/didn't get to it/);
    expect(text).toMatch(/helped/);
    expect(text).not.toMatch(/streak/i);
    await h.fake.slash({ user, guildId: h.guild.id, name: 'reminders', subcommand: 'off' }).reply();
  });

  it('own words; the default day is today in their zone; "Pick the next one" replaces the change', async () => {
    h.clock.set(Date.UTC(2026, 3, 1, 9, 0)); // Wednesday 1 April
    const user = newMember('own');
    const reply = await focus(user, 'set', { 'own-words': 'Wait ten minutes before replying', timezone: 'UTC' }).reply();
    expect(reply.content).toMatch(/Wait ten minutes before replying/);
    expect(reply.content).toMatch(/Wednesday at 18:00/);
    expect(reply.content).toContain(`<t:${Date.UTC(2026, 3, 1, 18, 0) / 1000}:F>`);
    await tickAt(Date.UTC(2026, 3, 1, 18, 0));
    const [dm] = questions(user);
    expect(dm!.embeds[0]!.description).toMatch(/Wait ten minutes before replying/);
    await press(user, dm!, 'Mixed');
    const pick = h.fake.button({ user, message: h.fake.message(dm!.id)!, customId: findButton(h.fake.message(dm!.id)!, 'Pick the next one').custom_id });
    const picker = await pick.reply();
    await h.fake.select({ user, message: picker, customId: findComponent(picker, (c) => c.type === 3)!.custom_id as string, values: ['self-soothe'] }).reply();
    const ideas = h.fake.message(picker.id)!;
    await h.fake.select({ user, message: ideas, customId: findComponent(ideas, (c) => c.type === 3)!.custom_id as string, values: ['self-soothe.0'] }).reply();
    const record = await h.bot.store.focus.get(user.id);
    expect(record!.change).toMatchObject({ strategyId: 'self-soothe', idea: 0, ownWords: null });
    expect(record!.question).toMatchObject({ day: 3, hour: 18 });
    expect(record!.weeks[0]).toMatchObject({ change: { ownWords: 'Wait ten minutes before replying' }, answer: 'mixed' });
    await focus(user, 'off').reply();
  });

  it('with DMs closed, the question pauses and is asked once after their next command', async () => {
    h.clock.set(Date.UTC(2026, 3, 6, 9, 0)); // Monday 6 April
    const user = newMember('closed');
    await focus(user, 'set', { 'own-words': 'Breathe out slowly before checking my phone', timezone: 'UTC', day: 1, time: '20:00' }).reply();
    h.fake.refuseDMs(user.id);
    await tickAt(Date.UTC(2026, 3, 13, 20, 0));
    expect(questions(user)).toHaveLength(0);
    expect((await h.bot.store.focus.get(user.id))!.question).toMatchObject({ pausedReason: 'dm-refused', noticePending: true });
    expect(h.bot.scheduler.dueAt('f', user.id)).toBeUndefined();

    const about = h.fake.slash({ user, guildId: h.guild.id, name: 'about' });
    await about.reply();
    const notice = await h.fake.waitFor(() => about.followUps[0]);
    expect(notice.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(notice.content).toMatch(/direct messages were closed/);
    expect(notice.embeds[0]!.title).toBe("How did this week's change go?");
    const again = h.fake.slash({ user, guildId: h.guild.id, name: 'about' });
    await again.reply();
    expect(again.followUps).toHaveLength(0);
    await press(user, notice, 'Skip');
    expect((await h.bot.store.focus.get(user.id))!.weeks.at(-1)!.answer).toBe('skip');

    // DMs open again and /focus set once more: the questions come by DM again, the weeks so far kept.
    h.fake.refuseDMs(user.id, false);
    await focus(user, 'set', { 'own-words': 'Breathe out slowly before checking my phone', timezone: 'UTC', day: 1, time: '20:00' }).reply();
    await tickAt(Date.UTC(2026, 3, 20, 20, 0));
    expect(questions(user)).toHaveLength(1);
    expect((await h.bot.store.focus.get(user.id))!.weeks).toHaveLength(2);
    await focus(user, 'off').reply();
  });

  it('/focus off, /reminders off, the Stop button and /privacy delete each stop the end-of-week DM', async () => {
    h.clock.set(Date.UTC(2026, 3, 20, 9, 0)); // Monday 20 April
    const friday = Date.UTC(2026, 3, 24, 19, 0);
    const users: FakeUser[] = [];
    for (const name of ['off', 'remoff', 'stop', 'del']) {
      const user = newMember(name);
      users.push(user);
      await focus(user, 'set', { 'own-words': `Small change for ${name}`, timezone: 'UTC', day: 5, time: '19:00' }).reply();
      expect(h.bot.scheduler.dueAt('f', user.id)).toBe(friday);
    }
    const [off, remOff, stop, del] = users as [FakeUser, FakeUser, FakeUser, FakeUser];
    expect((await focus(off, 'off').reply()).content).toMatch(/focus is off/);
    await h.fake.slash({ user: remOff, guildId: h.guild.id, name: 'reminders', subcommand: 'off' }).reply();

    // Stop from a question DM (last week's, sent early with a one-off: set it for today first).
    await focus(stop, 'set', { 'own-words': 'Small change for stop', timezone: 'UTC', day: 1, time: '10:00' }).reply();
    await tickAt(Date.UTC(2026, 3, 20, 10, 0));
    const [stopDm] = questions(stop);
    const stopped = await press(stop, stopDm!, 'Stop weekly questions');
    expect(stopped.content).toMatch(/no more end-of-week questions/);

    const ask = await h.fake.slash({ user: del, guildId: h.guild.id, name: 'privacy', subcommand: 'delete' }).reply();
    await press(del, ask, 'Yes, delete everything');

    await tickAt(friday);
    await tickAt(Date.UTC(2026, 3, 27, 10, 0));
    for (const user of users) {
      expect(questions(user).length).toBe(user === stop ? 1 : 0);
      expect(h.bot.scheduler.dueAt('f', user.id)).toBeUndefined();
    }
    expect(await h.bot.store.focus.get(del.id)).toBeUndefined();
    // Stop and /reminders off keep the change itself; only the questions end.
    expect((await h.bot.store.focus.get(stop.id))!.change).toMatchObject({ ownWords: 'Small change for stop' });
  });

  it('the Stop button on a reminder DM stops the end-of-week question too', async () => {
    h.clock.set(Date.UTC(2026, 4, 4, 8, 0)); // Monday 4 May
    const user = newMember('remstop');
    await focus(user, 'set', { 'own-words': 'Say one feeling out loud', timezone: 'UTC', day: 5, time: '19:00' }).reply();
    await h.fake
      .slash({ user, guildId: h.guild.id, name: 'reminders', subcommand: 'set', options: { time: '09:00', timezone: 'UTC', focus: 'weekly-focus' } })
      .reply();
    await tickAt(Date.UTC(2026, 4, 4, 9, 0));
    const reminder = h.fake.dmsTo(user.id).find((m) => m.embeds[0]?.description === 'Say one feeling out loud')!;
    await press(user, reminder, 'Stop reminders');
    expect(h.bot.scheduler.dueAt('f', user.id)).toBeUndefined();
    await tickAt(Date.UTC(2026, 4, 8, 19, 0));
    expect(questions(user)).toHaveLength(0);
  });

  it('own words that sound like a crisis get the crisis lines first; the focus is still saved', async () => {
    const user = newMember('words');
    const set = focus(user, 'set', { 'own-words': 'Stop wanting to kill myself', timezone: 'UTC' });
    const first = await set.reply();
    expect(first.embeds[0]!.title).toMatch(/help/i);
    const saved = await h.fake.waitFor(() => set.followUps[0]);
    expect(saved.content).toMatch(/This week's small change/);
    expect(h.logs.text()).not.toMatch(/kill myself/);
    await focus(user, 'off').reply();
  });

  it('bad input gets a clear private message and saves nothing', async () => {
    const user = newMember('bad');
    const noZone = await focus(user, 'set', { 'own-words': 'Something' }).reply();
    expect(noZone.content).toMatch(/choose your time zone/);
    const badTime = await focus(user, 'set', { 'own-words': 'Something', timezone: 'UTC', time: '25:99' }).reply();
    expect(badTime.content).toMatch(/isn't a time I can use/);
    const blank = await focus(user, 'set', { 'own-words': '   ', timezone: 'UTC' }).reply();
    expect(blank.content).toMatch(/in a few words/);
    expect(await h.bot.store.focus.get(user.id)).toBeUndefined();
    expect(await h.bot.store.members.get(user.id)).toBeUndefined();
  });

  it('reminders with "My weekly focus" before any focus is chosen say so, and rotate practices meanwhile', async () => {
    const user = newMember('nofocus');
    const reply = await h.fake
      .slash({ user, guildId: h.guild.id, name: 'reminders', subcommand: 'set', options: { time: '09:00', timezone: 'UTC', focus: 'weekly-focus' } })
      .reply();
    expect(reply.content).toMatch(/haven't chosen a weekly focus yet/);
    expect(reply.content).toContain('/focus set');
    await h.fake.slash({ user, guildId: h.guild.id, name: 'reminders', subcommand: 'off' }).reply();
  });
});

describe('/privacy with a log and a focus', () => {
  function rawBytes(): Buffer {
    const file = h.bot.store.file;
    return Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
  }

  it('show and export include both; delete removes both and the raw file keeps no trace', async () => {
    const user = newMember('priv');
    const ask = await h.fake.slash({ user, guildId: h.guild.id, name: 'log', subcommand: 'add' }).reply();
    const yes = h.fake.button({ user, message: ask, customId: findButton(ask, 'Yes, keep my log').custom_id });
    await yes.modal();
    await h.fake.modalSubmit({ from: yes, fields: { happened: 'Felt shut out at the party', feelings: ['lonely'], strength: ['5'] } }).reply();
    await focus(user, 'set', { 'own-words': 'Name the feeling before reacting', timezone: 'UTC' }).reply();

    const show = await h.fake.slash({ user, guildId: h.guild.id, name: 'privacy', subcommand: 'show' }).reply();
    const shown = (show.embeds[0]!.fields ?? []).map((f) => `${f.name}: ${f.value}`).join('\n');
    expect(shown).toMatch(/Your private log: You said yes to keeping a log on .+ It holds 1 entry, from /);
    expect(shown).toMatch(
      /Your weekly focus: This week's small change: "Name the feeling before reacting"\. The end-of-week question comes on \w+day at 18:00, UTC time/,
    );

    await h.fake.slash({ user, guildId: h.guild.id, name: 'privacy', subcommand: 'export' }).reply();
    const file = (await h.fake.waitFor(() => h.fake.dmsTo(user.id).find((m) => m.files.length > 0))).files[0]!;
    const exported = JSON.parse(file.data.toString('utf8'));
    expect(exported.data.log.entries[0]).toMatchObject({ happened: 'Felt shut out at the party', feelings: ['lonely'], strength: 5 });
    expect(exported.data.focus.change.ownWords).toBe('Name the feeling before reacting');

    const hashed = new Codec(Buffer.from(h.encryptionKey, 'base64')).hashId(user.id);
    expect(rawBytes().includes(hashed)).toBe(true);
    const confirm = await h.fake.slash({ user, guildId: h.guild.id, name: 'privacy', subcommand: 'delete' }).reply();
    await press(user, confirm, 'Yes, delete everything');
    expect(await h.bot.store.log.get(user.id)).toBeUndefined();
    expect(await h.bot.store.focus.get(user.id)).toBeUndefined();
    expect(rawBytes().includes(hashed)).toBe(false);
    expect(h.bot.scheduler.dueAt('f', user.id)).toBeUndefined();
  });
});
