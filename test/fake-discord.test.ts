import { createInflate } from 'node:zlib';
import { WebSocket } from 'ws';
import {
  ActionRowBuilder,
  ModalBuilder,
  PermissionFlagsBits,
  SlashCommandBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  type Client,
  DiscordAPIError,
  Events,
  MessageFlags,
  Routes,
  type Interaction,
  type ModalActionRowComponentBuilder,
} from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectRawClient } from './helpers/raw-client.js';
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
  client = await connectRawClient(fake, (i) => onInteraction(i), handlerErrors);
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
    expect(
      fake
        .findRequests({ method: 'POST', path: '/channels/{channel_id}/messages' })
        .map((r) => r.status)
        .slice(-2),
    ).toEqual([429, 200]);
  });
});

describe('FakeDiscord beyond the basics', () => {
  const nextEvent = <T extends unknown[]>(event: string) => new Promise<T>((resolve) => client.once(event, (...args: unknown[]) => resolve(args as T)));

  it('stores registered commands and types options from them (user option resolved, subcommand)', async () => {
    const mood = new SlashCommandBuilder()
      .setName('mood')
      .setDescription('Log a mood')
      .addSubcommand((s) =>
        s
          .setName('log')
          .setDescription('Log it')
          .addIntegerOption((o) => o.setName('level').setDescription('1-5').setRequired(true))
          .addUserOption((o) => o.setName('buddy').setDescription('Tell a buddy')),
      );
    const mod = new SlashCommandBuilder().setName('mod').setDescription('Moderators only').setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages);
    await client.application!.commands.set([mood.toJSON(), mod.toJSON()]);
    expect(fake.commands().map((c) => c.name)).toEqual(['mood', 'mod']);
    await client.application!.commands.set([mood.toJSON()], guild.id);
    expect(fake.commands(guild.id).map((c) => c.name)).toEqual(['mood']);

    const buddy = fake.addUser({ username: 'buddy' });
    fake.addMember(guild.id, buddy.id);
    onInteraction = async (i) => {
      if (!i.isChatInputCommand()) return;
      const who = i.options.getUser('buddy');
      await i.reply(
        `${i.options.getSubcommand()} ${i.options.getInteger('level', true)} ${who?.username} ${i.options.getMember('buddy') ? 'member' : 'no member'}`,
      );
    };
    const handle = fake.slash({ user: alice.id, guildId: guild.id, name: 'mood', subcommand: 'log', options: { level: 3, buddy: buddy.id } });
    expect((await handle.reply()).content).toBe('log 3 buddy member');
    expect(() => fake.slash({ user: alice.id, guildId: guild.id, name: 'mood', subcommand: 'log', options: {} })).toThrow(/requires option "level"/);
    expect(() => fake.slash({ user: alice.id, guildId: guild.id, name: 'mod' })).toThrow(/default_member_permissions/);
  });

  it('answers autocomplete with choices', async () => {
    onInteraction = async (i) => {
      if (!i.isAutocomplete()) return;
      const typed = i.options.getFocused();
      await i.respond(['breathing', 'boundaries'].filter((t) => t.startsWith(typed)).map((t) => ({ name: t, value: t })));
    };
    const handle = fake.autocomplete({ user: alice.id, guildId: guild.id, name: 'topic', options: { name: 'bre' }, focused: 'name' });
    expect(await handle.choices()).toEqual([{ name: 'breathing', value: 'breathing' }]);
  });

  it('runs a select -> modal -> modal submit flow', async () => {
    onInteraction = async (i) => {
      if (i.isChatInputCommand()) {
        const menu = new StringSelectMenuBuilder().setCustomId('feeling').addOptions({ label: 'Anxious', value: 'anxious' }, { label: 'Calm', value: 'calm' });
        await i.reply({ content: 'Pick one', components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu)] });
      } else if (i.isStringSelectMenu()) {
        const input = new TextInputBuilder().setCustomId('note').setLabel('Anything to add?').setStyle(TextInputStyle.Paragraph);
        await i.showModal(
          new ModalBuilder()
            .setCustomId(`note:${i.values[0]}`)
            .setTitle('Note')
            .addComponents(new ActionRowBuilder<ModalActionRowComponentBuilder>().addComponents(input)),
        );
      } else if (i.isModalSubmit()) {
        await i.reply({ content: `${i.customId}: ${i.fields.getTextInputValue('note')}`, flags: MessageFlags.Ephemeral });
      }
    };
    const message = await fake.slash({ user: alice.id, guildId: guild.id, name: 'feel' }).reply();
    expect(() => fake.select({ user: alice.id, message, customId: 'feeling', values: ['angry'] })).toThrow(/no option/);
    const select = fake.select({ user: alice.id, message, customId: 'feeling', values: ['anxious'] });
    expect((await select.modal()).custom_id).toBe('note:anxious');
    const submit = fake.modalSubmit({ from: select, fields: { note: 'it helps' } });
    expect((await submit.reply()).content).toBe('note:anxious: it helps');
  });

  it('turns the first follow-up after deferReply into the reply, later ones into new messages', async () => {
    onInteraction = async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await i.followUp({ content: 'first', flags: MessageFlags.Ephemeral });
      await i.followUp({ content: 'second', flags: MessageFlags.Ephemeral });
    };
    const handle = fake.slash({ user: alice.id, guildId: guild.id, name: 'steps' });
    const reply = await handle.reply();
    await fake.waitFor(() => handle.followUps.length === 2);
    expect(reply.content).toBe('first');
    expect(handle.followUps.map((m) => [m.content, m.flags & 64])).toEqual([
      ['first', 64],
      ['second', 64],
    ]);
  });

  it('dispatches guild and channel lifecycle events after READY', async () => {
    const created = nextEvent<[{ id: string }]>(Events.GuildCreate);
    const other = fake.addGuild({ name: 'Later' });
    expect((await created)[0].id).toBe(other.id);

    const unavailable = nextEvent(Events.GuildUnavailable);
    fake.removeGuild(other.id, { unavailable: true });
    await unavailable;
    expect(client.guilds.cache.get(other.id)?.available).toBe(false);
    const available = nextEvent(Events.GuildAvailable);
    fake.restoreGuild(other.id);
    await available;

    const channelCreated = nextEvent<[{ name: string }]>(Events.ChannelCreate);
    const channel = fake.addChannel(other.id, { name: 'support' });
    expect((await channelCreated)[0].name).toBe('support');
    const channelDeleted = nextEvent(Events.ChannelDelete);
    fake.removeChannel(channel.id);
    await channelDeleted;

    const deleted = nextEvent(Events.GuildDelete);
    fake.removeGuild(other.id);
    await deleted;
    expect(client.guilds.cache.has(other.id)).toBe(false);
  });

  it('creates a thread from a message and enforces channel permissions', async () => {
    const channel = fake.addChannel(guild.id, { name: 'check-ins' });
    await fake.waitFor(() => client.channels.cache.get(channel.id));
    const textChannel = client.channels.cache.get(channel.id);
    if (!textChannel?.isSendable() || !textChannel.isTextBased() || textChannel.isDMBased()) throw new Error('not a text channel');
    const message = await textChannel.send('Daily check-in');
    const threadCreated = nextEvent(Events.ThreadCreate);
    const thread = await message.startThread({ name: 'Replies' });
    await threadCreated;
    expect(thread.id).toBe(message.id);
    expect(fake.channel(thread.id)).toMatchObject({ type: 11, parent_id: channel.id, name: 'Replies' });

    fake.setOverwrites(channel.id, [{ role: '@everyone', deny: PermissionFlagsBits.SendMessages }]);
    const error = await client.rest.post(Routes.channelMessages(channel.id), { body: { content: 'x' } }).catch((e: unknown) => e);
    expect((error as DiscordAPIError).code).toBe(50013);
  });

  it('replays events missed while disconnected after op 7 reconnect', async () => {
    const resumesBefore = fake.gateway.resumes;
    onInteraction = async (i) => {
      if (i.isChatInputCommand()) await i.reply('replayed');
    };
    fake.gateway.closeAll(4000);
    // Sent while the bot is away: must arrive on RESUME.
    await fake.waitFor(() => !fake.gateway.ready);
    const handle = fake.slash({ user: alice.id, guildId: guild.id, name: 'missed' });
    expect((await handle.reply()).content).toBe('replayed');
    fake.gateway.sendReconnect();
    await fake.waitFor(() => fake.gateway.resumes === resumesBefore + 2);
    fake.gateway.invalidateSession(true);
    await fake.waitFor(() => fake.gateway.resumes === resumesBefore + 3);
    expect(fake.gateway.identifies).toBe(1);
  });

  it('retries 5xx, enforces a global rate limit and flags double acknowledgements', async () => {
    const fault = fake.injectFault({ path: '/users/@me', status: 502 });
    const me = (await client.rest.get(Routes.user())) as { id: string };
    expect(me.id).toBe(fake.botUser.id);
    expect(fault.hits).toBe(1);

    fake.setGlobalRateLimit(2);
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let n = 0; n < 3; n++) {
      const res = await fetch(`${fake.apiUrl}/v10/users/@me`, { headers: { authorization: `Bot ${fake.token}` } });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    fake.setGlobalRateLimit(null);
    expect(statuses).toEqual([200, 200, 429]);
    expect(limited?.headers.get('x-ratelimit-global')).toBe('true');
    expect(limited?.headers.get('x-ratelimit-scope')).toBe('global');
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);

    onInteraction = async (i) => {
      if (i.isChatInputCommand()) await i.reply('once');
    };
    const handle = fake.slash({ user: alice.id, guildId: guild.id, name: 'twice' });
    await handle.reply();
    const again = await fetch(`${fake.apiUrl}/v10/interactions/${handle.id}/${handle.token}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'twice' } }),
    });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { code: number }).code).toBe(40060);
    expect(fake.takeViolations().map((v) => v.kind)).toEqual(['discord-rule']);
  });

  it('flags components Discord rejects although the spec allows them, and serves attachments', async () => {
    const channelId = guild.channels[0]!.id;
    await client.rest.post(Routes.channelMessages(channelId), {
      body: { components: [{ type: 1, components: [{ type: 2, style: 1, label: 'No id' }] }] },
    });
    const [violation] = fake.takeViolations();
    expect(violation?.errors[0]?.message).toMatch(/needs custom_id/);

    const sent = (await client.rest.post(Routes.channelMessages(channelId), {
      body: { content: 'file' },
      files: [{ name: 'a.png', data: PNG, contentType: 'image/png' }],
    })) as { attachments: { url: string }[] };
    const download = await fetch(sent.attachments[0]!.url);
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('speaks zlib-stream to clients that ask for it', async () => {
    const ws = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json&compress=zlib-stream`);
    const inflate = createInflate();
    const hello = new Promise<{ op: number }>((resolve) => inflate.on('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()))));
    ws.on('message', (data: Buffer) => inflate.write(data));
    expect((await hello).op).toBe(10);
    ws.close(1000);
  });
});
