import { describe, expect, it } from 'vitest';
import { loadLocale } from '../src/content/index.js';
import type { FakeUser } from '../src/fake-discord/index.js';
import { useHarness } from './helpers/harness.js';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
const en = loadLocale('en');
const communicate = en.strategies.find((s) => s.id === 'communicate-openly')!;

const h = useHarness();

function reminders(user: FakeUser, subcommand: string, options: Record<string, string | boolean> = {}) {
  h.clock.advance(2_000);
  return h.fake.slash({ user, guildId: h.guild.id, name: 'reminders', subcommand, options }).reply();
}

/** The practice text of every reminder DM (the embed ones, not the text confirmations). */
const practicesSentTo = (user: FakeUser): string[] =>
  h.fake
    .dmsTo(user.id)
    .filter((m) => m.embeds.length > 0)
    .map((m) => String(m.embeds[0]!.description));

describe('/reminders set skip-partner-practices', () => {
  it('content tags practices that need a partner, and leaves some for everyone in every strategy', () => {
    expect(communicate.partnerOnly.length).toBeGreaterThan(0);
    for (const text of communicate.partnerOnly) expect(text).toMatch(/\bpartner\b/);
    for (const strategy of en.strategies) {
      // Any practice that speaks to "your partner" as someone the member has must be tagged.
      for (const text of strategy.tryThisWeek.filter((p) => /\b(your|my) partner\b/i.test(p))) expect(strategy.partnerOnly, text).toContain(text);
      expect(strategy.tryThisWeek.filter((p) => !strategy.partnerOnly.includes(p)).length, strategy.id).toBeGreaterThanOrEqual(3);
    }
  });

  it('never sends a partner practice to a member who skips them, keeps the choice when the time changes, and says so', async () => {
    const user = h.fake.addUser({ username: 'sasha' });
    h.fake.addMember(h.guild.id, user.id);
    const set = await reminders(user, 'set', { time: '09:00', timezone: 'UTC', focus: 'communicate-openly', 'skip-partner-practices': true });
    expect(set.content).toContain('leaving out practices that need a partner');
    expect((await h.bot.store.reminders.get(user.id))?.skipPartner).toBe(true);

    // Two full passes through what is left of the pool, by scheduled sends.
    const midnight = Math.ceil(h.clock.now() / DAY) * DAY;
    const left = communicate.tryThisWeek.filter((p) => !communicate.partnerOnly.includes(p));
    for (let day = 0; day < 2 * left.length; day++) {
      h.clock.set(midnight + day * DAY + 9 * HOUR);
      await h.bot.scheduler.tick();
      await h.bot.scheduler.whenIdle();
    }
    const sent = practicesSentTo(user);
    expect(sent).toHaveLength(2 * left.length);
    expect(new Set(sent)).toEqual(new Set(left));
    for (const text of sent) expect(text).not.toMatch(/partner/i);

    // Changing only the time keeps the choice; status shows it.
    await reminders(user, 'set', { time: '10:00', timezone: 'UTC', focus: 'communicate-openly' });
    expect((await h.bot.store.reminders.get(user.id))?.skipPartner).toBe(true);
    expect((await reminders(user, 'status')).content).toContain('leaving out practices that need a partner');

    // Turning it off brings partner practices back into the rotation.
    const back = await reminders(user, 'set', { time: '10:00', timezone: 'UTC', focus: 'communicate-openly', 'skip-partner-practices': false });
    expect(back.content).not.toContain('leaving out');
    for (let i = 0; i < communicate.tryThisWeek.length; i++) await reminders(user, 'test');
    expect(new Set(practicesSentTo(user).slice(-communicate.tryThisWeek.length))).toEqual(new Set(communicate.tryThisWeek));
  });
});
