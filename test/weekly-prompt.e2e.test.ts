import { describe, expect, it } from 'vitest';
import { startBot, useHarness, START_TIME } from './helpers/harness.js';
import { WEEKLY_PROMPT_PREFIX } from '../src/guild-settings/weekly-prompt-kind.js';

const HOUR = 60 * 60 * 1000;
const WEEK = 7 * 24 * HOUR;
const h = useHarness();

/** Monday 10:00 Europe/London (UTC+0 in early March): an hour after the harness's start time. */
async function setPrompt(channelId: string): Promise<void> {
  const owner = h.fake.user(h.guild.owner_id);
  const reply = await h.fake
    .slash({
      user: owner,
      guildId: h.guild.id,
      name: 'config',
      subcommandGroup: 'weekly-prompt',
      subcommand: 'set',
      options: { channel: channelId, day: 1, time: '10:00', timezone: 'Europe/London' },
    })
    .reply();
  expect(reply.content).toMatch(/10:00/);
}

function prompts(channelId: string) {
  return h.fake.messages(channelId).filter((m) => m.author.id === h.fake.botUser.id && m.embeds.length > 0);
}

/** What the bot asked Discord to post, not only what Discord kept: a repeat the nonce absorbed still counts. */
function postsTo(channelId: string) {
  return h.fake.findRequests({ method: 'POST', path: `/channels/${channelId}/messages` }).filter((r) => r.status < 300);
}

describe('the weekly prompt on the scheduler', () => {
  it('a Discord error at posting time is retried within the grace window, and posted once', async () => {
    const channel = h.fake.addChannel(h.guild.id, { name: 'reflections-retry' });
    const start = START_TIME - 2 * WEEK;
    h.clock.set(start);
    await setPrompt(channel.id);
    const fault = h.fake.injectFault({ method: 'POST', path: `/channels/${channel.id}/messages`, status: 500, times: Infinity });
    h.clock.set(start + HOUR);
    await h.bot.scheduler.tick();
    await h.bot.scheduler.whenIdle();
    expect(fault.hits).toBeGreaterThan(0);
    expect(prompts(channel.id)).toHaveLength(0);
    fault.cancel();

    h.clock.set(start + HOUR + 60_000);
    await h.bot.scheduler.tick();
    await h.bot.scheduler.whenIdle();
    expect(prompts(channel.id)).toHaveLength(1);
    h.clock.set(start + HOUR + 120_000);
    await h.bot.scheduler.tick();
    await h.bot.scheduler.whenIdle();
    expect(postsTo(channel.id)).toHaveLength(1);
  });

  it('posts at its time in its zone, opens a thread, and never twice for one occurrence, even across a restart', async () => {
    const channel = h.fake.addChannel(h.guild.id, { name: 'reflections' });
    h.clock.set(START_TIME);
    await setPrompt(channel.id);

    h.clock.set(START_TIME + HOUR - 60_000);
    await h.bot.scheduler.tick();
    expect(prompts(channel.id)).toHaveLength(0);

    h.clock.set(START_TIME + HOUR);
    await h.bot.scheduler.tick();
    await h.bot.scheduler.whenIdle();
    expect(prompts(channel.id)).toHaveLength(1);
    expect(h.fake.state.channels.get(prompts(channel.id)[0]!.id)?.type).toBe(11);

    await h.bot.scheduler.tick();
    await h.bot.scheduler.whenIdle();
    expect(prompts(channel.id)).toHaveLength(1);
    expect(postsTo(channel.id)).toHaveLength(1);

    // A restart a few minutes later, still inside the grace window: the occurrence was handled.
    await h.stop();
    h.clock.set(START_TIME + HOUR + 5 * 60_000);
    const again = await startBot(h.fake, { dataDir: h.dataDir, encryptionKey: h.encryptionKey, clock: h.clock });
    try {
      await again.bot.scheduler.tick();
      await again.bot.scheduler.whenIdle();
      expect(prompts(channel.id)).toHaveLength(1);
      expect(postsTo(channel.id)).toHaveLength(1);

      // The next week posts the next prompt in the rotation.
      h.clock.set(START_TIME + HOUR + WEEK);
      await again.bot.scheduler.tick();
      await again.bot.scheduler.whenIdle();
      const posted = prompts(channel.id);
      expect(posted).toHaveLength(2);
      expect(posted[1]!.embeds[0]!.title).not.toBe(posted[0]!.embeds[0]!.title);

      // Offline through the whole of the third week's grace window: skipped, not posted late.
      h.clock.set(START_TIME + HOUR + 2 * WEEK + 2 * HOUR);
      await again.bot.scheduler.tick();
      await again.bot.scheduler.whenIdle();
      expect(prompts(channel.id)).toHaveLength(2);
      expect(again.bot.scheduler.dueAt(WEEKLY_PROMPT_PREFIX, h.guild.id)).toBe(START_TIME + HOUR + 3 * WEEK);
    } finally {
      await again.stop();
    }
  });
});
