import { describe, expect, it } from 'vitest';
import { findButton } from '../src/fake-discord/index.js';
import { useHarness } from './helpers/harness.js';

const h = useHarness();

const metricsText = () => h.bot.context.metrics.text();

describe('metrics labels', () => {
  it('count commands and buttons by name, with no member id, server id or typed text in any label', async () => {
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'learn', options: { topic: 'what-it-is' } }).reply();
    await h.fake.button({ user: h.member, message: reply, customId: findButton(reply, 'Next').custom_id }).reply();
    // Counted once handling has finished, which is just after the member sees the answer.
    await expect.poll(metricsText).toMatch(/securebase_interaction_duration_seconds_count\{type="button"\} 1/);
    const text = await metricsText();
    expect(text).toMatch(/securebase_interactions_total\{type="command",name="learn",outcome="ok"\} 1/);
    expect(text).toMatch(/securebase_interactions_total\{type="button",name="learn:[a-z-]+",outcome="ok"\} 1/);
    for (const secret of [h.member.id, h.guild.id, 'what-it-is']) expect(text).not.toContain(secret);
  });

  it('count an unexpected failure as an error of kind interaction', async () => {
    const before = await metricsText();
    const count = (text: string) => Number(/securebase_errors_total\{kind="interaction"\} (\d+)/.exec(text)?.[1]);
    h.fake.injectFault({ method: 'POST', path: /\/interactions\/\d+\/[^/]+\/callback/, status: 400, times: 1 });
    await h.fake
      .slash({ user: h.member, guildId: h.guild.id, name: 'about' })
      .reply()
      .catch(() => undefined);
    await expect.poll(metricsText).toMatch(/securebase_interactions_total\{type="command",name="about",outcome="error"\} 1/);
    expect(count(await metricsText())).toBe(count(before) + 1);
    h.fake.takeViolations();
  });
});
