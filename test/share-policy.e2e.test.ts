import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeChannel, FakeMessage, FakeUser, SlashOptions } from '../src/fake-discord/index.js';
import { startHarness, type Harness } from './helpers/harness.js';

const EPHEMERAL = 1 << 6;
let h: Harness;
let owner: FakeUser;
let general: FakeChannel;
let sharing: FakeChannel;

beforeAll(async () => {
  h = await startHarness();
  owner = h.fake.user(h.guild.owner_id);
  general = h.guild.channels[0]!;
  sharing = h.fake.addChannel(h.guild.id, { name: 'sharing' });
});
afterAll(async () => {
  await h?.close();
});
// Members act at a human pace: a fresh rate-limit window for every test.
beforeEach(() => h.clock.advance(10_000));

async function setPublic(action: 'add' | 'remove', channel: FakeChannel): Promise<void> {
  const options = { channel: channel.id };
  await h.fake.slash({ user: owner, guildId: h.guild.id, name: 'config', subcommandGroup: 'public-channels', subcommand: action, options }).reply();
}

function ask(name: string, channel: FakeChannel, options: SlashOptions['options'] = {}): Promise<FakeMessage> {
  return h.fake.slash({ user: h.member, guildId: h.guild.id, channelId: channel.id, name, options }).reply();
}

describe('share:true with no public channels set', () => {
  it('posts publicly wherever it is used', async () => {
    const reply = await ask('partner', general, { share: true });
    expect(reply.flags & EPHEMERAL).toBe(0);
    expect(reply.content).toBe('');
  });
});

describe('share:true once a server lists public channels', () => {
  beforeAll(async () => {
    await setPublic('add', sharing);
  });

  it.each([
    ['learn', { topic: 'what-it-is', share: true }],
    ['strategy', { name: 'self-soothe', share: true }],
    ['partner', { share: true }],
  ] as const)('/%s outside them answers privately and says where sharing is allowed', async (name, options) => {
    const reply = await ask(name, general, options);
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.content).toMatch(/just for you/);
    expect(reply.content).toContain(`<#${sharing.id}>`);
    expect(reply.embeds).toHaveLength(1);
  });

  it('inside one of them posts publicly, without the note', async () => {
    const reply = await ask('learn', sharing, { topic: 'its-upside', share: true });
    expect(reply.flags & EPHEMERAL).toBe(0);
    expect(reply.content).toBe('');
    expect(reply.embeds[0]!.footer?.text).toContain('8 of 9');
  });

  it('in a thread of a public channel posts publicly', async () => {
    const thread = h.fake.state.createThread(sharing, { name: 'check-in', ownerId: owner.id });
    const reply = await ask('strategy', thread, { name: 'seek-support', share: true });
    expect(reply.flags & EPHEMERAL).toBe(0);
  });

  it('without share:true stays private, with no note', async () => {
    const reply = await ask('learn', general, { topic: 'what-it-is' });
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.content).toBe('');
  });

  it('the strategy menu keeps its prompt under the note', async () => {
    const reply = await ask('strategy', general, { share: true });
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.content).toMatch(/just for you[\s\S]*\n\nWhich of the five strategies/);
  });

  it('in a DM with the bot, sharing is just the DM', async () => {
    const reply = await h.fake.slash({ user: h.member, name: 'partner', options: { share: true } }).reply();
    expect(reply.flags & EPHEMERAL).toBe(0);
  });

  it('removing the last public channel allows sharing everywhere again', async () => {
    await setPublic('remove', sharing);
    const reply = await ask('learn', general, { topic: 'what-it-is', share: true });
    expect(reply.flags & EPHEMERAL).toBe(0);
  });
});
