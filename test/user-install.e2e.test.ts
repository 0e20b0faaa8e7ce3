import { describe, expect, it } from 'vitest';
import type { FakeMessage, FakeUser, SlashOptions } from '../src/fake-discord/index.js';
import { findButton } from '../src/fake-discord/index.js';
import { useHarness } from './helpers/harness.js';

const EPHEMERAL = 1 << 6;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const h = useHarness();

/** Someone who added Secure Base to their own account and shares no server with the bot. */
function soloMember(name: string): FakeUser {
  return h.fake.addUser({ username: `${name}-${Date.now() % 100000}` });
}

/** Every personal command, with the least a member would type. */
const PERSONAL: [string, Partial<SlashOptions>][] = [
  ['learn', { options: { topic: 'what-it-is' } }],
  ['strategy', { options: { name: 'self-soothe' } }],
  ['strategy', {}],
  ['partner', {}],
  ['resources', { options: { country: 'GB' } }],
  ['crisis', {}],
  ['about', {}],
  ['selfcheck', { subcommand: 'start' }],
  ['selfcheck', { subcommand: 'history' }],
  ['reminders', { subcommand: 'status' }],
  ['privacy', { subcommand: 'show' }],
];

function expectAnswered(reply: FakeMessage, what: string): void {
  expect(reply.embeds.length + reply.content.length + reply.components.length, what).toBeGreaterThan(0);
  expect(reply.content, what).not.toMatch(/Something went wrong|older message/);
}

describe("in the DM with the bot, through the member's own install (no server at all)", () => {
  it.each(PERSONAL)('/%s answers privately', async (name, extra) => {
    const user = soloMember('solo');
    const reply = await h.fake.slash({ user, name, install: 'user', ...extra }).reply();
    expectAnswered(reply, `/${name}`);
    expect(reply.flags & EPHEMERAL, `/${name}`).toBe(EPHEMERAL);
    expect(reply.channel_id).toBe(h.fake.dmChannel(user.id).id);
  });

  it('the interaction is what Discord sends for a user install in the bot DM: context 1, owned by the user, no guild', async () => {
    const user = soloMember('shape');
    const asked = h.fake.slash({ user, name: 'about', install: 'user' });
    await asked.reply();
    const sent = asked.record.payload;
    expect(sent.context).toBe(1);
    expect(sent.authorizing_integration_owners).toEqual({ 1: user.id });
    expect(sent.guild_id).toBeUndefined();
  });

  it('buttons keep working there: Next on /learn, and the self-check walks on', async () => {
    const user = soloMember('buttons');
    const topic = await h.fake.slash({ user, name: 'learn', install: 'user', options: { topic: 'what-it-is' } }).reply();
    const firstTitle = topic.embeds[0]!.title;
    const next = await h.fake.button({ user, message: topic, customId: findButton(topic, 'Next').custom_id }).reply();
    expect(next.embeds[0]!.title).toBeTruthy();
    expect(next.embeds[0]!.title).not.toBe(firstTitle);
    const intro = await h.fake.slash({ user, name: 'selfcheck', subcommand: 'start', install: 'user' }).reply();
    // Choosing whom the reflection is about is what begins it.
    const begin = findButton(intro, 'My partner');
    const first = await h.fake.button({ user, message: intro, customId: begin.custom_id }).reply();
    expect(first.content + JSON.stringify(first.embeds)).toMatch(/1 of/);
  });

  it('/config is not offered there (Discord hides a guild-only command)', () => {
    const user = soloMember('config');
    expect(() => h.fake.slash({ user, name: 'config', subcommand: 'show', install: 'user' })).toThrow(/not offered to user installs|not available in DMs/);
  });

  it('share:true stays private there and says why', async () => {
    const user = soloMember('share');
    const reply = await h.fake.slash({ user, name: 'partner', install: 'user', options: { share: true } }).reply();
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.content).toMatch(/only works in a server that added Secure Base/);
    expect(reply.embeds).toHaveLength(1);
  });

  it('reminders reach a member who shares no server with the bot, in their DM with it', async () => {
    const user = soloMember('remind');
    const midnight = Math.floor(h.clock.now() / DAY) * DAY + DAY;
    h.clock.set(midnight + 8 * HOUR);
    const reply = await h.fake
      .slash({ user, name: 'reminders', subcommand: 'set', install: 'user', options: { time: '09:00', timezone: 'UTC', days: 'daily' } })
      .reply();
    expect(reply.content).not.toMatch(/Something went wrong|couldn't/);
    expect(h.fake.dmsTo(user.id).at(-1)?.content).toMatch(/set up/);
    h.clock.set(midnight + 9 * HOUR);
    await h.bot.scheduler.tick();
    const practices = h.fake.dmsTo(user.id).filter((m) => m.embeds.length > 0);
    expect(practices).toHaveLength(1);
    await h.fake.slash({ user, name: 'reminders', subcommand: 'off', install: 'user' }).reply();
  });
});

describe("in a server that never added the bot, through the member's own install", () => {
  it.each(PERSONAL)('/%s answers privately', async (name, extra) => {
    const guild = h.fake.addGuild({ name: `Elsewhere ${name}`, withoutBot: true });
    const user = soloMember('visitor');
    h.fake.addMember(guild.id, user.id);
    const asked = h.fake.slash({ user, name, guildId: guild.id, ...extra });
    const reply = await asked.reply();
    expectAnswered(reply, `/${name}`);
    expect(reply.flags & EPHEMERAL, `/${name}`).toBe(EPHEMERAL);
    expect(asked.record.payload.authorizing_integration_owners).toEqual({ 1: user.id });
    expect(asked.record.payload.context).toBe(0);
    expect(h.bot.client.guilds.cache.has(guild.id)).toBe(false);
  });

  it('share:true is refused politely: the reply stays private', async () => {
    const guild = h.fake.addGuild({ name: 'Elsewhere share', withoutBot: true });
    const user = soloMember('sharer');
    h.fake.addMember(guild.id, user.id);
    const reply = await h.fake.slash({ user, name: 'learn', guildId: guild.id, options: { topic: 'what-it-is', share: true } }).reply();
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.content).toMatch(/only works in a server that added Secure Base/);
  });
});

describe('in a group DM with a friend (the bot is never a member)', () => {
  it('/strategy answers privately, and share:true is refused there too', async () => {
    const user = soloMember('group');
    const reply = await h.fake.slash({ user, name: 'strategy', groupDm: true, options: { name: 'notice-triggers' } }).reply();
    expectAnswered(reply, '/strategy');
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    const shared = await h.fake.slash({ user, name: 'partner', groupDm: true, options: { share: true } }).reply();
    expect(shared.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(shared.content).toMatch(/only works in a server/);
  });
});

describe('in a server that added the bot', () => {
  it('share:true still posts publicly there', async () => {
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'partner', options: { share: true } }).reply();
    expect(reply.flags & EPHEMERAL).toBe(0);
  });
});
