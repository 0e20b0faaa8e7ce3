import { describe, expect, it } from 'vitest';
import { PHASES } from '../src/hard-moment/breathing.js';
import { useHarness } from './helpers/harness.js';

const MEMBERS = 100;
const h = useHarness();

/**
 * 100 members breathing at once, under the fake's per-route limit (50 per second per webhook token)
 * and a 50 per second global limit. Timings and rates are in bench/breathe.bench.ts; this asserts only
 * that nothing was refused and every phase of every member landed on that member's own message.
 */
describe('/breathe for 100 members at once', () => {
  it('lands every phase edit with no 429', async () => {
    h.fake.setGlobalRateLimit(50);
    const users = Array.from({ length: MEMBERS }, (_, i) => {
      const user = h.fake.addUser({ username: `breather${i}` });
      h.fake.addMember(h.guild.id, user.id);
      return user;
    });
    // Started 20 at a time so the 3 s acknowledgement deadline measures the bot, not this shared
    // machine; the clock does not move meanwhile, so all 100 breathe in step (the worst case).
    const replies = [];
    for (let i = 0; i < MEMBERS; i += 20) {
      const batch = users.slice(i, i + 20).map((user) => h.fake.slash({ user: user.id, guildId: h.guild.id, name: 'breathe' }));
      replies.push(...(await Promise.all(batch.map((handle) => handle.reply()))));
    }
    const ids = new Set(replies.map((m) => m.id));
    const edits = () =>
      h.fake.requests.filter(
        (r) => r.method === 'PATCH' && r.path.startsWith('/webhooks/') && r.status === 200 && ids.has((r.response as { id?: string }).id ?? ''),
      );

    for (let phase = 1; phase <= PHASES; phase++) {
      h.clock.advance(phase % 2 === 1 ? 4000 : 6000);
      await h.fake.waitFor(() => edits().length >= MEMBERS * phase || undefined, { timeoutMs: 15_000, what: `phase ${phase} for everyone` });
    }
    expect(edits()).toHaveLength(MEMBERS * PHASES);
    expect(h.fake.requests.filter((r) => r.status === 429)).toHaveLength(0);
    for (const reply of replies) expect(h.fake.message(reply.id)!.content).toMatch(/about a minute of slower breathing/);
    expect(h.bot.context.moments.breathing.size).toBe(0);
    h.fake.setGlobalRateLimit(null);
  }, 120_000);
});
