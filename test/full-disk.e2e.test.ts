import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLocale } from '../src/content/index.js';
import { findButton, type FakeMessage, type FakeUser } from '../src/fake-discord/index.js';
import { startHarness, START_TIME, type Harness } from './helpers/harness.js';

const en = loadLocale('en');
const HOUR = 60 * 60_000;
const MEMBERS = 20;
/** SQLite's own ceiling: lifts the cap again. */
const NO_CAP = 1_073_741_823;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.clock.set(START_TIME + HOUR);
  // A full disk from here on: the database may not grow past the pages it has.
  await h.bot.store.setMaxPageCount(1);
});
afterAll(async () => {
  await h?.bot.store.setMaxPageCount(NO_CAP);
  await h?.close();
});

function newMember(name: string): FakeUser {
  const user = h.fake.addUser({ username: name });
  h.fake.addMember(h.guild.id, user.id);
  return user;
}

async function press(user: FakeUser, message: FakeMessage, label: string): Promise<FakeMessage> {
  h.clock.advance(500);
  return h.fake.button({ user, message, customId: findButton(message, label).custom_id }).reply();
}

describe('with the disk full, nothing says "saved" unless it was', () => {
  it('/reminders set: a "set up" DM only ever stands beside a saved schedule', async () => {
    const outcomes: { saved: boolean; replySaysSaved: boolean; confirmationStands: boolean }[] = [];
    for (let i = 0; i < MEMBERS; i++) {
      const user = newMember(`full${i}`);
      const reply = await h.fake
        .slash({ user, guildId: h.guild.id, name: 'reminders', subcommand: 'set', options: { time: '09:00', timezone: 'UTC' } })
        .reply();
      const dms = h.fake.dmsTo(user.id).map((m) => m.content);
      const confirmed = dms.findLastIndex((text) => /set up/.test(text));
      const corrected = dms.findLastIndex((text) => /not set up/.test(text));
      outcomes.push({
        saved: (await h.bot.store.reminders.get(user.id)) !== undefined,
        replySaysSaved: !/went wrong/.test(reply.content),
        confirmationStands: confirmed !== -1 && corrected < confirmed,
      });
    }
    // The cap really was hit (else this test proves nothing) ...
    expect(outcomes.filter((o) => !o.saved).length).toBeGreaterThan(0);
    // ... and every member was told the truth, in the reply and in their DMs.
    const untrue = outcomes.filter((o) => o.replySaysSaved !== o.saved || o.confirmationStands !== o.saved);
    expect(untrue).toEqual([]);
  });

  it('the self-check "Save this privately" says saved only once it is', async () => {
    const user = newMember('fullcheck');
    h.clock.advance(10_000);
    let message = await h.fake.slash({ user, guildId: h.guild.id, name: 'selfcheck', subcommand: 'start' }).reply();
    message = await press(user, message, 'My partner');
    for (let n = 0; n < en.selfcheck.statements.length; n++) message = await press(user, message, en.selfcheck.scale[3]!.label);
    message = await press(user, message, 'Okay');
    const after = await press(user, message, 'Save this privately');
    const saved = (await h.bot.store.selfcheckHistory.get(user.id)) !== undefined;
    const text = [after.content, ...after.embeds.map((e) => JSON.stringify(e))].join('\n');
    // A small record may still fit in a page's free space; either way, what the member reads must match.
    expect({ saysSaved: /Saved privately/.test(text), saved }).toEqual({ saysSaved: saved, saved });
  });

  it('/config resources set says saved only once it is', async () => {
    const owner = h.fake.user(h.guild.owner_id);
    h.clock.advance(10_000);
    const reply = await h.fake
      .slash({
        user: owner,
        guildId: h.guild.id,
        name: 'config',
        subcommandGroup: 'resources',
        subcommand: 'set',
        options: { note: 'Ask in #support any time, someone reads it daily.'.repeat(5) },
      })
      .reply();
    const saved = (await h.bot.store.guilds.get(h.guild.id))?.resourcesNote !== undefined;
    expect(saved).toBe(false);
    expect(reply.content).not.toMatch(/Saved/);
    expect(reply.content).toMatch(/went wrong/);
  });
});
