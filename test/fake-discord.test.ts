import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Routes,
  type Interaction,
} from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, findButton, type FakeGuild, type FakeUser } from '../src/fake-discord/index.js';

/**
 * Drives the REAL discord.js client against the fake. The handler below stands in for a bot:
 * each test sets `onInteraction` to what the bot should do.
 */
let fake: FakeDiscord;
let client: Client;
let guild: FakeGuild;
let alice: FakeUser;
let onInteraction: (i: Interaction) => Promise<unknown> = async () => undefined;
const handlerErrors: unknown[] = [];

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

beforeAll(async () => {
  fake = await FakeDiscord.start();
  alice = fake.addUser({ username: 'alice' });
  guild = fake.addGuild({ name: 'Secure Base Test', roles: [{ name: 'Member' }] });
  fake.addMember(guild.id, alice.id, { roles: ['Member'] });
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
  client.on(Events.InteractionCreate, (i) => {
    onInteraction(i).catch((e: unknown) => handlerErrors.push(e));
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(fake.token);
  await ready;
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

afterEach(() => {
  onInteraction = async () => undefined;
  expect(handlerErrors.splice(0)).toEqual([]);
  fake.assertNoViolations();
});

describe('FakeDiscord with a real discord.js client', () => {
  it('gets the client ready with the fake guilds cached', () => {
    expect(client.isReady()).toBe(true);
    expect(client.user?.id).toBe(fake.botUser.id);
    expect([...client.guilds.cache.keys()]).toEqual([guild.id]);
    const cached = client.guilds.cache.get(guild.id)!;
    expect(cached.name).toBe('Secure Base Test');
    expect(cached.channels.cache.find((c) => c.name === 'general')).toBeDefined();
    expect(cached.roles.cache.find((r) => r.name === 'Member')).toBeDefined();
    expect(fake.gateway.identifies).toBe(1);
  });

  it('delivers a slash command and records an ephemeral reply as flag 64', async () => {
    onInteraction = async (i) => {
      if (!i.isChatInputCommand()) return;
      const topic = i.options.getString('topic', true);
      await i.reply({ content: `You asked about ${topic} in ${i.guild?.name}`, flags: MessageFlags.Ephemeral });
    };
    const handle = fake.slash({ user: alice.id, guildId: guild.id, name: 'ask', options: { topic: 'boundaries' } });
    const response = await handle.response();
    expect(response.type).toBe(4);
    expect(response.data?.flags).toBe(64);
    const reply = await handle.reply();
    expect(reply.content).toBe('You asked about boundaries in Secure Base Test');
    expect(reply.flags & 64).toBe(64);
    expect(fake.messages(guild.channels[0]!.id)).toContain(reply);
  });

  it('follows a deferred reply to its edit, with an attachment', async () => {
    onInteraction = async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.editReply({ content: 'Here is your card', files: [new AttachmentBuilder(PNG, { name: 'card.png' })] });
    };
    const handle = fake.slash({ user: alice.id, name: 'card' }); // a DM: no guildId
    expect(handle.payload.context).toBe(1);
    expect(handle.payload.member).toBeUndefined();
    expect((handle.payload.user as FakeUser).id).toBe(alice.id);
    expect((await handle.response()).type).toBe(5);
    const reply = await handle.reply();
    expect(reply.content).toBe('Here is your card');
    expect(reply.flags & 128).toBe(0);
    expect(reply.files).toHaveLength(1);
    expect(reply.files[0]!.filename).toBe('card.png');
    expect(reply.files[0]!.data.equals(PNG)).toBe(true);
    expect(reply.attachments[0]!.content_type).toBe('image/png');
  });

  it('delivers a button press on a stored message and applies update()', async () => {
    onInteraction = async (i) => {
      if (i.isChatInputCommand()) {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('checkin:ok').setLabel("I'm okay").setStyle(ButtonStyle.Success),
        );
        await i.reply({ content: 'How are you?', components: [row] });
      } else if (i.isButton()) {
        await i.update({ content: `Thanks, noted: ${i.customId}`, components: [] });
      }
    };
    const slash = fake.slash({ user: alice.id, guildId: guild.id, name: 'checkin' });
    const message = await slash.reply();
    const press = fake.button({ user: alice.id, message, customId: findButton(message, "I'm okay").custom_id });
    expect((await press.response()).type).toBe(7);
    const updated = await press.reply();
    expect(updated.id).toBe(message.id);
    expect(updated.content).toBe('Thanks, noted: checkin:ok');
    expect(updated.components).toEqual([]);
    expect(slash.message()?.content).toBe('Thanks, noted: checkin:ok');
  });

  it('rejects a DM to a user who refuses DMs with DiscordAPIError 50007', async () => {
    const bob = fake.addUser({ username: 'bob' });
    fake.refuseDMs(bob.id);
    const dm = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: bob.id } })) as { id: string };
    expect(dm.id).toBe(fake.dmChannel(bob.id).id);
    const error = await client.rest.post(Routes.channelMessages(dm.id), { body: { content: 'hello' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50007);
    expect(fake.dmsTo(bob.id)).toEqual([]);
    fake.refuseDMs(bob.id, false);
    const user = await client.users.fetch(bob.id);
    await user.send('now it works');
    expect(fake.dmsTo(bob.id).map((m) => m.content)).toEqual(['now it works']);
  });

  it('records a body that violates Discord’s schema', async () => {
    const channelId = guild.channels[0]!.id;
    const res = await fetch(`${fake.apiUrl}/v10/channels/${channelId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'x', embeds: [{ title: 'x'.repeat(300) }] }),
    });
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-ratelimit-bucket')).toBeTruthy();
    const violations = fake.takeViolations();
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ kind: 'schema', method: 'POST', route: '/channels/{channel_id}/messages' });
    expect(violations[0]!.errors[0]).toMatchObject({ path: '/embeds/0/title' });

    const unknown = await fetch(`${fake.apiUrl}/v10/nonsense`, { headers: { authorization: `Bot ${fake.token}` } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: '404: Not Found', code: 0 });
    expect(fake.takeViolations().map((v) => v.kind)).toEqual(['unknown-route']);

    const unauthorized = await fetch(`${fake.apiUrl}/v10/users/@me`, { headers: { authorization: 'Bot wrong' } });
    expect(unauthorized.status).toBe(401);
  });

  it('resumes after the gateway closes and still delivers interactions', async () => {
    const resumed = new Promise<void>((resolve) => client.once(Events.ShardResume, () => resolve()));
    fake.gateway.closeAll(4000);
    await resumed;
    expect(fake.gateway.resumes).toBe(1);
    expect(fake.gateway.identifies).toBe(1);
    onInteraction = async (i) => {
      if (i.isChatInputCommand()) await i.reply('still here');
    };
    const handle = fake.slash({ user: alice.id, guildId: guild.id, name: 'ping' });
    expect((await handle.reply()).content).toBe('still here');
  });

  it('lets discord.js retry after an injected 429 with retry-after 1', async () => {
    const channelId = guild.channels[0]!.id;
    const fault = fake.injectFault({ method: 'POST', path: '/channels/{channel_id}/messages', status: 429, retryAfter: 1 });
    const started = Date.now();
    const sent = await client.rest.post(Routes.channelMessages(channelId), { body: { content: 'after the limit' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect((sent as { content: string }).content).toBe('after the limit');
    expect(fault.hits).toBe(1);
    expect(fake.findRequests({ method: 'POST', path: '/channels/{channel_id}/messages' }).map((r) => r.status).slice(-2)).toEqual([429, 200]);
  });
});
