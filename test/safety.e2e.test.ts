import { describe, expect, it } from 'vitest';
import { couldPing, sentMessageBodies, useHarness } from './helpers/harness.js';

const h = useHarness();

describe('abuse limits', () => {
  it('the 11th command within 10 seconds gets a friendly wait message; others are unaffected; the window slides', async () => {
    const replies = [];
    for (let i = 0; i < 11; i++) replies.push(await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'about' }).reply());
    expect(replies.slice(0, 10).every((r) => r.embeds.length === 1)).toBe(true);
    expect(replies[10]!.content).toMatch(/try again in \d+ seconds/);
    expect(replies[10]!.embeds).toHaveLength(0);

    const someoneElse = await h.fake.slash({ user: h.other, guildId: h.guild.id, name: 'about' }).reply();
    expect(someoneElse.embeds).toHaveLength(1);

    h.clock.advance(10_000);
    const later = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'about' }).reply();
    expect(later.embeds).toHaveLength(1);
  });
});

describe('logs', () => {
  it('never contain the bot token, even when an error message carries it', async () => {
    // Drive a full session: start-up, commands, an error path.
    await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'crisis', options: { country: 'FR' } }).reply();
    h.bot.context.logger.error({ err: new Error(`request failed with Authorization: Bot ${h.fake.token}`) }, 'simulated failure');
    h.bot.context.logger.info({ token: h.fake.token }, 'simulated careless log');
    const text = h.logs.text();
    expect(text).toContain('"msg":"ready"');
    expect(text).toContain('simulated failure');
    expect(text).not.toContain(h.fake.token);
    // Parts of the token are as sensitive as the whole: the first segment is the bot id, but the secret part must not leak.
    expect(text).not.toContain(h.fake.token.split('.').at(-1)!);
  });
});

describe('discord.js debug output at trace level', () => {
  it('is captured and holds no token', () => {
    const fromDiscordJs = h.logs.lines.filter((line) => line.includes('"source":"discord.js"'));
    expect(fromDiscordJs.length).toBeGreaterThan(5);
    expect(fromDiscordJs.join('\n')).not.toContain(h.fake.token);
  });
});

describe('mentions', () => {
  it('every message body carries allowed_mentions that ping nobody (checked after every e2e file too)', async () => {
    await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'learn', options: { topic: 'what-it-is', share: true } }).reply();
    const bodies = sentMessageBodies(h.fake);
    expect(bodies.length).toBeGreaterThan(3);
    expect(couldPing(bodies)).toEqual([]);
    // The check itself can fail: a careless body is caught.
    expect(couldPing([{ content: 'hello @everyone' }, { content: 'hi', allowed_mentions: { parse: ['users'] } }])).toHaveLength(2);
  });
});

describe('errors in logs', () => {
  it('a failed Discord request is logged without its body or the interaction token', async () => {
    const channelId = h.guild.channels[0]!.id;
    h.fake.injectFault({ method: 'POST', path: `/channels/${channelId}/messages`, status: 400, body: { message: 'Invalid Form Body', code: 50035 } });
    const secretWords = 'my private words about my partner';
    const failure = await h.bot.client.rest
      .post(`/channels/${channelId}/messages`, { body: { content: secretWords, allowed_mentions: { parse: [] } } })
      .catch((error: unknown) => error);
    h.bot.context.logger.error({ err: failure }, 'simulated send failure');
    const line = h.logs.lines.find((l) => l.includes('simulated send failure'))!;
    expect(line).toContain('"code":50035');
    expect(line).toContain('"route":"/api/v10/channels/');
    expect(line).not.toContain(secretWords);

    const tokenUrl = new Error('boom') as Error & { url: string };
    tokenUrl.url = `${h.fake.apiUrl}/v10/interactions/123456789012345678/aW50ZXJhY3Rpb246c2VjcmV0LXRva2Vu/callback`;
    h.bot.context.logger.error({ err: tokenUrl }, 'simulated callback failure');
    const second = h.logs.lines.find((l) => l.includes('simulated callback failure'))!;
    expect(second).toContain('/interactions/:id/:token/callback');
    expect(second).not.toContain('aW50ZXJhY3Rpb246c2VjcmV0LXRva2Vu');
  });
});
