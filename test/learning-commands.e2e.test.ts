import { definitionsOf } from './helpers/definitions.js';
import { describe, expect, it } from 'vitest';
import { Routes } from 'discord.js';
import { learn } from '../commands/learn.js';
import { findButton, customIds } from '../src/fake-discord/index.js';
import { useHarness } from './helpers/harness.js';

const EPHEMERAL = 1 << 6;
const h = useHarness();

describe('/learn', () => {
  it('shows a topic privately, and Next and Previous move through topics', async () => {
    const handle = h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'learn', options: { topic: 'what-it-is' } });
    const reply = await handle.reply();
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    const embed = reply.embeds[0]!;
    expect(embed.title).toMatch(/anxious attachment/i);
    expect(embed.footer?.text).toContain('1 of 9');
    expect(findButton(reply, 'Previous').disabled).toBe(true);

    const next = await h.fake.button({ user: h.member, message: reply, customId: findButton(reply, 'Next').custom_id }).reply();
    expect(next.id).toBe(reply.id);
    expect(next.embeds[0]!.footer?.text).toContain('2 of 9');
    expect(next.embeds[0]!.title).not.toBe(embed.title);

    const back = await h.fake.button({ user: h.member, message: next, customId: findButton(next, 'Previous').custom_id }).reply();
    expect(back.embeds[0]!.title).toBe(embed.title);
  });

  it('posts publicly with share:true', async () => {
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'learn', options: { topic: 'its-upside', share: true } }).reply();
    expect(reply.flags & EPHEMERAL).toBe(0);
    expect(reply.embeds[0]!.footer?.text).toContain('8 of 9');
  });

  it('the last topic has Next disabled', async () => {
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'learn', options: { topic: 'next-steps' } }).reply();
    expect(findButton(reply, 'Next').disabled).toBe(true);
  });

  it('an unknown topic (from an outdated registration) gets a clear private message listing the topics', async () => {
    // Simulate commands registered by an older version that offered a topic this one does not have.
    const outdated = definitionsOf([learn])[0]!;
    const topic = outdated.options!.find((o) => o.name === 'topic') as { choices: { name: string; value: string }[] };
    topic.choices.push({ name: 'Astrology', value: 'astrology' });
    await h.bot.client.rest.put(Routes.applicationCommands(h.fake.application.id), { body: [outdated] });
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'learn', options: { topic: 'astrology' } }).reply();
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.content).toMatch(/isn't one we have/);
    expect(reply.content).toMatch(/Why it happens/i);
  });

  it('someone else pressing the buttons is refused, and the message is unchanged', async () => {
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'learn', options: { topic: 'what-it-is', share: true } }).reply();
    const press = h.fake.button({ user: h.other, message: reply, customId: findButton(reply, 'Next').custom_id });
    const refusal = await press.reply();
    expect(refusal.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(refusal.content).toMatch(/someone else's/);
    expect(refusal.content).toContain('/learn');
    expect(h.fake.message(reply.id)!.embeds[0]!.footer?.text).toContain('1 of 9');
  });

  it('works in a DM with the bot', async () => {
    const reply = await h.fake.slash({ user: h.member, name: 'learn', options: { topic: 'who-it-affects' } }).reply();
    expect(reply.embeds[0]!.footer?.text).toContain('6 of 9');
  });
});

describe('/strategy', () => {
  it('without a name offers a menu; picking one shows it with why, how, an example and an idea', async () => {
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'strategy' }).reply();
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    const [menuId] = customIds(reply);
    const picked = await h.fake.select({ user: h.member, message: reply, customId: menuId!, values: ['self-soothe'] }).reply();
    const embed = picked.embeds[0]!;
    expect(embed.fields!.map((f) => f.name)).toEqual(['Why it helps', 'How to do it', 'What it can look like', 'Something small to try this week']);
    expect(embed.footer?.text).toContain('Idea 1 of');
  });

  it('"Another idea to try" cycles through every idea and wraps around', async () => {
    let message = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'strategy', options: { name: 'notice-triggers' } }).reply();
    const total = Number(/of (\d+)/.exec(message.embeds[0]!.footer!.text)![1]);
    expect(total).toBeGreaterThanOrEqual(4);
    const ideas = new Set<string>();
    for (let i = 0; i < total; i++) {
      ideas.add(message.embeds[0]!.fields!.at(-1)!.value);
      message = await h.fake.button({ user: h.member, message, customId: findButton(message, 'Another idea to try').custom_id }).reply();
    }
    expect(ideas.size).toBe(total);
    expect(message.embeds[0]!.footer?.text).toContain(`Idea 1 of ${total}`);
  });

  it('someone else pressing "Another idea to try" on a shared strategy is refused', async () => {
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'strategy', options: { name: 'self-soothe', share: true } }).reply();
    const refusal = await h.fake.button({ user: h.other, message: reply, customId: findButton(reply, 'Another idea to try').custom_id }).reply();
    expect(refusal.content).toMatch(/someone else's/);
    expect(h.fake.message(reply.id)!.embeds[0]!.footer?.text).toContain('Idea 1 of');
  });

  it('an expired or malformed button says so and names the command to run again', async () => {
    // A message left by an older version of the bot, with buttons in formats this one no longer reads.
    const old = (await h.bot.client.rest.post(Routes.channelMessages(h.guild.channels[0]!.id), {
      body: {
        content: 'An old message',
        allowed_mentions: { parse: [] },
        components: [
          {
            type: 1,
            components: [
              { type: 2, style: 1, label: 'Old format', custom_id: 'sb0:strategy:idea:x:seek-support:1' },
              { type: 2, style: 1, label: 'Garbage', custom_id: 'not-ours' },
            ],
          },
        ],
      },
    })) as { id: string };
    const message = h.fake.message(old.id)!;
    const stale = await h.fake.button({ user: h.member, message, customId: 'sb0:strategy:idea:x:seek-support:1' }).reply();
    expect(stale.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(stale.content).toMatch(/no longer works/);
    expect(stale.content).toContain('/strategy');
    const garbage = await h.fake.button({ user: h.member, message, customId: 'not-ours' }).reply();
    expect(garbage.content).toMatch(/no longer works/);
  });
});

describe('/partner, /about', () => {
  it('/partner shows the guidance privately', async () => {
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'partner' }).reply();
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.embeds[0]!.fields!.length).toBeGreaterThanOrEqual(4);
  });

  it('/about says it is not therapy and shows the version', async () => {
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'about' }).reply();
    const embed = reply.embeds[0]!;
    expect(JSON.stringify(embed)).toMatch(/not (a )?therap/i);
    expect(embed.footer?.text).toMatch(/Secure Base \d+\.\d+\.\d+/);
    // Without PRIVACY_URL there is no link to show (test/privacy-link.e2e.test.ts covers it being set).
    expect(embed.fields!.some((f) => f.name.includes('PRIVACY.md'))).toBe(false);
  });
});
