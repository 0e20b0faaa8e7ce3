import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import type { FakeUser } from '../src/fake-discord/index.js';
import { openStore } from '../src/store/index.js';
import { startBot, startHarness, type Harness, type RunningBot } from './helpers/harness.js';
import { captureLogs } from './helpers/logs.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The end-of-week question across restarts: late within grace once, and never twice after a crash mid-send. */
describe('the end-of-week question across restarts', () => {
  let h: Harness;
  let current: RunningBot;

  beforeAll(async () => {
    h = await startHarness({ commands });
    current = h;
  });
  afterAll(async () => {
    await current?.stop();
    await h?.close();
  });

  async function restartAt(ms: number, whileDown?: () => Promise<void>): Promise<void> {
    await current.stop();
    await whileDown?.();
    h.clock.set(ms);
    current = await startBot(h.fake, { commands, dataDir: h.dataDir, encryptionKey: h.encryptionKey, clock: h.clock });
    await current.bot.scheduler.tick();
    await current.bot.scheduler.whenIdle();
  }

  const questions = (user: FakeUser) => h.fake.dmsTo(user.id).filter((m) => m.embeds[0]?.title === "How did this week's change go?");

  /** A focus set on Monday 09:00 UTC with its question that Monday at 10:00 UTC; returns that time. */
  async function focusAtTen(user: FakeUser, day: number): Promise<number> {
    const monday = Date.UTC(2026, 2, day);
    h.clock.set(monday + 9 * HOUR);
    await h.fake
      .slash({
        user,
        guildId: h.guild.id,
        name: 'focus',
        subcommand: 'set',
        options: { 'own-words': 'Pause before replying', timezone: 'UTC', day: 1, time: '10:00' },
      })
      .reply();
    return monday + 10 * HOUR;
  }

  it('a question missed while the bot was down (within the grace window) is sent once, late', async () => {
    const ten = await focusAtTen(h.member, 9);
    await restartAt(ten + 20 * MINUTE);
    expect(questions(h.member)).toHaveLength(1);
    await restartAt(ten + 25 * MINUTE);
    expect(questions(h.member)).toHaveLength(1);
    expect((await current.bot.store.focus.get(h.member.id))!.weeks).toHaveLength(1);
  });

  it('a send interrupted after Discord took it is resent with the same nonce, so the member still gets one', async () => {
    const ten = await focusAtTen(h.other, 16);
    h.clock.set(ten);
    await current.bot.scheduler.tick();
    await current.bot.scheduler.whenIdle();
    expect(questions(h.other)).toHaveLength(1);
    // What a crash between Discord accepting the DM and the bot recording it leaves behind.
    await restartAt(ten + MINUTE, async () => {
      const store = await openStore({ url: `sqlite://${join(h.dataDir, 'securebase.sqlite')}`, encryptionKey: h.encryptionKey, logger: captureLogs().logger });
      await store.focus.update(h.other.id, (r) => (r?.question ? { ...r, question: { ...r.question, sending: { occurrence: ten, at: ten } } } : r));
      await store.close();
    });
    const sends = h.fake.findRequests({ method: 'POST', path: `/channels/${h.fake.dmChannel(h.other.id).id}/messages` });
    expect(sends.length).toBeGreaterThanOrEqual(2);
    expect(questions(h.other)).toHaveLength(1);
    expect((await current.bot.store.focus.get(h.other.id))!.question).toMatchObject({ sending: null, lastSentOccurrence: ten });
    expect((await current.bot.store.focus.get(h.other.id))!.weeks).toHaveLength(1);
  });
});
