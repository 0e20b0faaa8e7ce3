import { definitionsOf } from './helpers/definitions.js';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Events, PermissionFlagsBits, Routes, type TextChannel } from 'discord.js';
import { commands as all } from '../commands/index.js';
import { config } from '../commands/config.js';
import { postWeeklyPrompt } from '../src/guild-settings/weekly-prompt.js';
import { WEEKLY_PROMPT_PREFIX } from '../src/guild-settings/weekly-prompt-kind.js';
import { ChannelType, findButton, type FakeGuild, type FakeMessage, type FakeUser, type SlashOptions } from '../src/fake-discord/index.js';
import { startHarness, type Harness } from './helpers/harness.js';

const EPHEMERAL = 1 << 6;
let h: Harness;
let owner: FakeUser;

beforeAll(async () => {
  h = await startHarness();
  owner = h.fake.user(h.guild.owner_id);
});
afterAll(async () => {
  await h?.close();
});

type Options = SlashOptions['options'];

/** Runs /config [group] sub as `user` and returns the (always private) reply. */
async function configure(user: FakeUser, path: string, options?: Options, guild: FakeGuild = h.guild): Promise<FakeMessage> {
  const [first, second] = path.split(' ') as [string, string | undefined];
  const where = second ? { subcommandGroup: first, subcommand: second } : { subcommand: first };
  // A moderator's human pace, so the router's per-member rate limit never trips in these tests.
  h.clock.advance(1_100);
  const reply = await h.fake.slash({ user, guildId: guild.id, name: 'config', ...where, ...(options ? { options } : {}) }).reply();
  expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
  return reply;
}

const settings = (guildId = h.guild.id) => h.bot.store.guilds.get(guildId);
const field = (reply: FakeMessage, name: RegExp) => reply.embeds[0]!.fields!.find((f) => name.test(f.name))!.value;
const addChannel = (name: string, guild: FakeGuild = h.guild) => h.fake.addChannel(guild.id, { name });
const botRole = (guild: FakeGuild) => guild.roles.find((role) => role.managed)!;
/** The overwrites the bot has cached for a channel: what its permission checks see. */
const cachedOverwrites = (channelId: string) => [...(h.bot.client.channels.cache.get(channelId) as TextChannel).permissionOverwrites.cache.keys()];

/** A second server whose admin opened /config to everyone in Server Settings → Integrations. */
async function openServer(name: string): Promise<FakeGuild> {
  const guild = h.fake.addGuild({ name });
  await vi.waitFor(() => expect(h.bot.client.guilds.cache.get(guild.id)?.available).toBe(true));
  // The fake has no Integrations screen; a guild registration without the default permission has the same effect.
  await h.bot.client.rest.put(Routes.applicationGuildCommands(h.fake.application.id, guild.id), {
    body: [{ ...definitionsOf([config])[0]!, default_member_permissions: null }],
  });
  return guild;
}

describe('who may use /config', () => {
  it('is registered for servers only, hidden from members without Manage Server by default', () => {
    const registered = h.fake.commands().find((c) => c.name === 'config')!;
    expect(registered.contexts).toEqual([0]);
    expect(registered.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    expect(() => h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'config', subcommand: 'show' })).toThrow(/lacks default_member_permissions/);
  });

  it('refuses a member without Manage Server even when the server made the command visible to them', async () => {
    const guild = await openServer('Open server');
    const member = h.fake.addUser({ username: 'casey' });
    h.fake.addMember(guild.id, member.id);
    const reply = await configure(member, 'resources set', { note: 'Hello' }, guild);
    expect(reply.content).toMatch(/Only members with the \*\*Manage Server\*\* permission/);
    expect(await settings(guild.id)).toBeUndefined();
  });

  it('allows a member with the moderator role, but keeps the role choice and reset for Manage Server', async () => {
    const guild = await openServer('Delegating server');
    const role = h.fake.addRole(guild.id, { name: 'Listeners' });
    const mod = h.fake.addUser({ username: 'morgan' });
    h.fake.addMember(guild.id, mod.id, { roles: ['Listeners'] });
    const guildOwner = h.fake.user(guild.owner_id);

    expect((await configure(mod, 'show', undefined, guild)).content).toMatch(/Manage Server/);
    expect((await configure(guildOwner, 'moderator-role set', { role: role.id }, guild)).content).toContain(`<@&${role.id}>`);

    const shown = await configure(mod, 'show', undefined, guild);
    expect(field(shown, /Moderator role/)).toBe(`<@&${role.id}>`);
    expect((await configure(mod, 'resources set', { note: 'Ask in #support' }, guild)).content).toMatch(/Saved/);
    expect((await settings(guild.id))?.resourcesNote).toBe('Ask in #support');

    expect((await configure(mod, 'moderator-role clear', undefined, guild)).content).toMatch(/needs the \*\*Manage Server\*\* permission/);
    expect((await configure(mod, 'reset', undefined, guild)).content).toMatch(/needs the \*\*Manage Server\*\* permission/);
    // @everyone as the moderator role would open /config to every member.
    expect((await configure(guildOwner, 'moderator-role set', { role: guild.id }, guild)).content).toMatch(/can't be the moderator role/);
    expect((await settings(guild.id))?.moderatorRoleId).toBe(role.id);
  });

  it('is refused in a DM (a registration from before it was limited to servers)', async () => {
    const outdated = { ...definitionsOf([config])[0]!, contexts: [0, 1, 2] };
    const current = definitionsOf(all);
    await h.bot.client.rest.put(Routes.applicationCommands(h.fake.application.id), { body: [...current.filter((c) => c.name !== 'config'), outdated] });
    try {
      const reply = await h.fake.slash({ user: owner, name: 'config', subcommand: 'show' }).reply();
      expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
      expect(reply.content).toMatch(/only works inside a server/);
    } finally {
      await h.bot.client.rest.put(Routes.applicationCommands(h.fake.application.id), { body: current });
    }
  });
});

describe('settings', () => {
  it('each setting round-trips through show, with who changed what and when', async () => {
    const sharing = addChannel('sharing');
    const reflections = addChannel('reflections');
    const mods = h.fake.addRole(h.guild.id, { name: 'Mods' });

    expect((await configure(owner, 'show')).embeds[0]!.description).toContain('No changes yet');
    expect((await configure(owner, 'public-channels add', { channel: sharing.id })).content).toContain(`<#${sharing.id}>`);
    const weekly = await configure(owner, 'weekly-prompt set', { channel: reflections.id, day: 3, time: '19:30', timezone: 'Europe/London' });
    expect(weekly.content).toMatch(/Every Wednesday at 19:30 \(Europe\/London\)/);
    expect(weekly.content).toMatch(/<t:\d+:F>/);
    await configure(owner, 'resources set', { note: 'Our #support channel is staffed daily. @everyone is welcome.' });
    await configure(owner, 'moderator-role set', { role: mods.id });

    const shown = await configure(owner, 'show');
    expect(field(shown, /Public channels/)).toBe(`<#${sharing.id}>`);
    expect(field(shown, /Weekly prompt/)).toContain(`Every Wednesday at 19:30 (Europe/London) in <#${reflections.id}>`);
    expect(field(shown, /Weekly prompt/)).toMatch(/Next: <t:\d+:F>/);
    // @everyone is broken up so the note can never ping, wherever it is shown.
    expect(field(shown, /Resources note/)).toBe('Our #support channel is staffed daily. @\u200beveryone is welcome.');
    expect(field(shown, /Moderator role/)).toBe(`<@&${mods.id}>`);
    const changes = shown.embeds[0]!.description!.split('\n').slice(1);
    expect(changes).toHaveLength(4);
    expect(changes[0]).toMatch(new RegExp(`^• <@${owner.id}> set the moderator role to <@&${mods.id}> <t:\\d+:R>$`));
    expect(changes[3]).toContain(`allowed sharing in <#${sharing.id}>`);

    const resources = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'resources' }).reply();
    expect(resources.embeds.at(-1)!.fields!.at(-1)!.value).toContain('Our #support channel');
    const crisis = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'crisis' }).reply();
    expect(crisis.embeds[0]!.fields!.at(-1)!.value).toContain('Our #support channel');

    await configure(owner, 'public-channels remove', { channel: sharing.id });
    await configure(owner, 'weekly-prompt off');
    await configure(owner, 'resources clear');
    await configure(owner, 'moderator-role clear');
    const cleared = await configure(owner, 'show');
    expect(field(cleared, /Public channels/)).toMatch(/None listed/);
    expect(field(cleared, /Weekly prompt/)).toBe('Off');
    expect(field(cleared, /Resources note/)).toBe('None');
    expect(field(cleared, /Moderator role/)).toMatch(/^None/);
    expect(cleared.embeds[0]!.description).toContain('cleared the moderator role');
  });

  it('keeps only the last 10 changes', async () => {
    const channel = addChannel('churn');
    for (let i = 0; i < 6; i++) {
      await configure(owner, 'public-channels add', { channel: channel.id });
      await configure(owner, 'public-channels remove', { channel: channel.id });
    }
    const record = await settings();
    expect(record?.changes).toHaveLength(10);
    expect((await configure(owner, 'show')).embeds[0]!.description!.split('\n').slice(1)).toHaveLength(10);
  });

  it('validates the time and the time zone, and offers zones as you type', async () => {
    const channel = addChannel('prompts-validation');
    const base = { channel: channel.id, day: 1, timezone: 'UTC' };
    expect((await configure(owner, 'weekly-prompt set', { ...base, time: '24:00' })).content).toMatch(/"24:00" isn't a time/);
    expect((await configure(owner, 'weekly-prompt set', { ...base, time: '7pm' })).content).toMatch(/HH:MM/);
    expect((await configure(owner, 'weekly-prompt set', { ...base, time: '07:00', timezone: 'Mars/Olympus' })).content).toMatch(/isn't a time zone/);
    expect((await settings())?.weeklyPrompt).toBeUndefined();

    const choices = await h.fake
      .autocomplete({
        user: owner,
        guildId: h.guild.id,
        name: 'config',
        subcommandGroup: 'weekly-prompt',
        subcommand: 'set',
        options: { timezone: 'lond' },
        focused: 'timezone',
      })
      .choices();
    expect(choices.map((c) => c.value)).toContain('Europe/London');
  });

  it('refuses a channel where the bot lacks Send Messages, naming the permission, and saves nothing', async () => {
    const quiet = h.fake.addChannel(h.guild.id, { name: 'quiet', overwrites: [{ role: '@everyone', deny: ['SendMessages'] }] });
    const reply = await configure(owner, 'public-channels add', { channel: quiet.id });
    expect(reply.content).toMatch(/I'm missing \*\*Send Messages\*\* there/);
    expect((await settings())?.publicChannels ?? []).not.toContain(quiet.id);

    // The weekly prompt also needs threads; a deny on the bot's own role counts too.
    const noThreads = h.fake.addChannel(h.guild.id, { name: 'no-threads', overwrites: [{ role: botRole(h.guild).id, deny: ['CreatePublicThreads'] }] });
    const weekly = await configure(owner, 'weekly-prompt set', { channel: noThreads.id, day: 1, time: '09:00', timezone: 'UTC' });
    expect(weekly.content).toMatch(/missing \*\*Create Public Threads\*\*/);
    expect(weekly.content).not.toMatch(/Send Messages/);
    expect((await settings())?.weeklyPrompt).toBeUndefined();
  });
});

describe('the weekly prompt', () => {
  it('posts the next prompt with a discussion thread, rotating through the prompts', async () => {
    const channel = addChannel('weekly');
    await configure(owner, 'weekly-prompt set', { channel: channel.id, day: 1, time: '09:00', timezone: 'UTC' });
    const prompts = h.bot.context.content.for('en').prompts;

    expect(await postWeeklyPrompt(h.bot.context, h.guild.id, h.clock.now())).toEqual({ ok: true });
    const first = h.fake.messages(channel.id).at(-1)!;
    expect(first.embeds[0]!.title).toBe(prompts[0]!.title);
    expect(first.embeds[0]!.description).toBe(prompts[0]!.text);
    const thread = h.fake.channel(first.id);
    expect(thread.parent_id).toBe(channel.id);
    expect(thread.name).toBe(prompts[0]!.title);

    h.clock.advance(7 * 24 * 3_600_000);
    expect(await postWeeklyPrompt(h.bot.context, h.guild.id, h.clock.now())).toEqual({ ok: true });
    expect(h.fake.messages(channel.id).at(-1)!.embeds[0]!.title).toBe(prompts[1]!.title);
    expect(field(await configure(owner, 'show'), /Weekly prompt/)).toMatch(/Last posted <t:\d+:R>/);

    const post = h.fake.findRequests({ method: 'POST', path: new RegExp(`/channels/${channel.id}/messages$`) }).at(-1)!;
    expect((post.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({ parse: [] });
  });

  it('a failed post records a skip reason shown in show, and the same prompt goes out once fixed', async () => {
    const channel = addChannel('weekly-skip');
    await configure(owner, 'weekly-prompt set', { channel: channel.id, day: 1, time: '09:00', timezone: 'UTC' });
    const index = (await settings())!.weeklyPrompt!.promptIndex;
    h.fake.setOverwrites(channel.id, [{ role: botRole(h.guild).id, deny: ['SendMessages'] }]);
    await vi.waitFor(() => expect(cachedOverwrites(channel.id)).toContain(botRole(h.guild).id));

    expect(await postWeeklyPrompt(h.bot.context, h.guild.id, h.clock.now())).toEqual({ ok: false, reason: 'missingPermissions' });
    expect(h.fake.messages(channel.id)).toHaveLength(0);
    expect(field(await configure(owner, 'show'), /Weekly prompt/)).toMatch(
      new RegExp(`Last skipped <t:\\d+:R>: I was missing Send Messages in <#${channel.id}>`),
    );

    h.fake.setOverwrites(channel.id, []);
    await vi.waitFor(() => expect(cachedOverwrites(channel.id)).toEqual([]));
    expect(await postWeeklyPrompt(h.bot.context, h.guild.id, h.clock.now())).toEqual({ ok: true });
    const prompts = h.bot.context.content.for('en').prompts;
    expect(h.fake.messages(channel.id).at(-1)!.embeds[0]!.title).toBe(prompts[index % prompts.length]!.title);
    expect(field(await configure(owner, 'show'), /Weekly prompt/)).not.toMatch(/Last skipped/);
  });

  it('still posts, without a thread, once Create Public Threads is taken away', async () => {
    const channel = addChannel('weekly-no-threads');
    await configure(owner, 'weekly-prompt set', { channel: channel.id, day: 1, time: '09:00', timezone: 'UTC' });
    h.fake.setOverwrites(channel.id, [{ role: botRole(h.guild).id, deny: ['CreatePublicThreads'] }]);
    await vi.waitFor(() => expect(cachedOverwrites(channel.id)).toContain(botRole(h.guild).id));
    expect(await postWeeklyPrompt(h.bot.context, h.guild.id, h.clock.now())).toEqual({ ok: true });
    const posted = h.fake.messages(channel.id).at(-1)!;
    expect(posted.embeds).toHaveLength(1);
    expect(h.fake.state.channels.has(posted.id)).toBe(false);
    expect(h.fake.findRequests({ path: new RegExp(`/channels/${channel.id}/messages/${posted.id}/threads$`) })).toHaveLength(0);
  });

  it('without a setting there is nothing to post', async () => {
    await configure(owner, 'weekly-prompt off');
    expect(await postWeeklyPrompt(h.bot.context, h.guild.id, h.clock.now())).toEqual({ ok: false, reason: 'notConfigured' });
  });
});

describe('clean-up', () => {
  it('a deleted channel leaves the public list and turns off a weekly prompt that used it', async () => {
    const doomed = addChannel('doomed');
    const kept = addChannel('kept');
    await configure(owner, 'public-channels add', { channel: doomed.id });
    await configure(owner, 'public-channels add', { channel: kept.id });
    await configure(owner, 'weekly-prompt set', { channel: doomed.id, day: 5, time: '18:00', timezone: 'UTC' });

    expect(h.bot.scheduler.dueAt(WEEKLY_PROMPT_PREFIX, h.guild.id)).toBeTypeOf('number');
    h.fake.removeChannel(doomed.id);
    await vi.waitFor(async () => expect((await settings())?.weeklyPrompt).toBeUndefined());
    // Its entry in the due index went with it.
    expect(h.bot.scheduler.dueAt(WEEKLY_PROMPT_PREFIX, h.guild.id)).toBeUndefined();
    expect((await settings())?.publicChannels).toEqual([kept.id]);
    const shown = await configure(owner, 'show');
    expect(shown.embeds[0]!.description).toContain(`<@${h.fake.botUser.id}> stopped using <#${doomed.id}> because the channel was deleted`);
  });

  it('leaving a server deletes its settings; an outage does not', async () => {
    const guild = h.fake.addGuild({ name: 'Short stay' });
    await vi.waitFor(() => expect(h.bot.client.guilds.cache.get(guild.id)?.available).toBe(true));
    const guildOwner = h.fake.user(guild.owner_id);
    await configure(guildOwner, 'resources set', { note: 'Be kind' }, guild);
    const channel = guild.channels.find((c) => c.type === ChannelType.GuildText)!;
    await configure(guildOwner, 'weekly-prompt set', { channel: channel.id, day: 5, time: '18:00', timezone: 'UTC' }, guild);

    const unavailable = once(h.bot.client, Events.GuildUnavailable);
    h.fake.removeGuild(guild.id, { unavailable: true });
    await unavailable;
    await configure(owner, 'show'); // a round trip after the outage event
    expect((await settings(guild.id))?.resourcesNote).toBe('Be kind');

    const available = once(h.bot.client, Events.GuildAvailable);
    h.fake.restoreGuild(guild.id);
    await available;
    expect(h.bot.scheduler.dueAt(WEEKLY_PROMPT_PREFIX, guild.id)).toBeTypeOf('number');
    h.fake.removeGuild(guild.id);
    await vi.waitFor(async () => expect(await settings(guild.id)).toBeUndefined());
    expect(h.bot.scheduler.dueAt(WEEKLY_PROMPT_PREFIX, guild.id)).toBeUndefined();
  });
});

describe('reset', () => {
  it('asks to confirm, can be cancelled, then clears everything', async () => {
    await configure(owner, 'resources set', { note: 'Keep me for now' });
    const ask = await configure(owner, 'reset');
    expect(ask.content).toMatch(/Are you sure/);
    expect(findButton(ask, 'Delete all settings').custom_id).toContain(owner.id);

    const kept = await h.fake.button({ user: owner, message: ask, customId: findButton(ask, 'Keep them').custom_id }).reply();
    expect(kept.content).toBe('Nothing was deleted.');
    expect(kept.components).toHaveLength(0);
    expect((await settings())?.resourcesNote).toBe('Keep me for now');

    const again = await configure(owner, 'reset');
    const done = await h.fake.button({ user: owner, message: again, customId: findButton(again, 'Delete all settings').custom_id }).reply();
    expect(done.content).toMatch(/deleted/);
    expect(await settings()).toBeUndefined();
    const shown = await configure(owner, 'show');
    expect(field(shown, /Resources note/)).toBe('None');
    expect(shown.embeds[0]!.description).toContain('No changes yet');
  });
});
