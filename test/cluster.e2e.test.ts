import { definitionsOf } from './helpers/definitions.js';
import { randomBytes } from 'node:crypto';
import { Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import { ManualClock } from '../src/clock.js';
import { FakeDiscord, type FakeGuild, type FakeUser } from '../src/fake-discord/index.js';
import { shardOfGuild } from '../src/fake-discord/gateway.js';
import { START_TIME, assertNobodyPinged, startBot, type RunningBot } from './helpers/harness.js';
import { postgresReachable, testSchema } from './helpers/postgres.js';

const pgUp = await postgresReachable();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Two shard processes' worth of bot (one per shard, in this process) on one PostgreSQL schema and one
 * fake Discord that routes each guild to its shard: what a sharded install looks like to Discord.
 */
describe.skipIf(!pgUp)('two shards on PostgreSQL', () => {
  const clock = new ManualClock(START_TIME);
  const schema = testSchema('cluster');
  const key = randomBytes(32).toString('base64');
  let fake: FakeDiscord;
  const guilds: FakeGuild[] = [];
  let robin: FakeUser;
  let sam: FakeUser;
  let shard0: RunningBot;
  let shard1: RunningBot | undefined;

  const start = (shard: number) =>
    startBot(fake, {
      clock,
      encryptionKey: key,
      shards: { ids: [shard], count: 2 },
      env: { STORE_URL: schema.url, LEADER_RETRY_SECONDS: '0.2' },
    });

  beforeAll(async () => {
    fake = await FakeDiscord.start({ clock: () => clock.now(), shards: 2 });
    // One guild on each shard: a guild's shard follows from the timestamp in its id.
    while (guilds.length < 2) {
      const guild = fake.addGuild({ name: `Server ${guilds.length}` });
      if (shardOfGuild(guild.id, 2) === guilds.length) guilds.push(guild);
      clock.advance(1);
    }
    robin = fake.addUser({ username: 'robin' });
    sam = fake.addUser({ username: 'sam' });
    fake.addMember(guilds[0]!.id, robin.id);
    fake.addMember(guilds[1]!.id, sam.id);
    shard0 = await start(0);
    shard1 = await start(1);
    await shard0.bot.client.rest.put(Routes.applicationCommands(fake.application.id), { body: definitionsOf(commands) });
  });

  afterAll(async () => {
    await shard1?.stop();
    await shard0?.stop();
    await fake?.close();
    await schema.drop();
    fake?.assertNoViolations();
    if (fake) assertNobodyPinged(fake);
  });

  it('each shard identifies with its own [shard_id, num_shards] and holds only its guilds', () => {
    expect(fake.gateway.identifiedShards).toEqual(
      expect.arrayContaining([
        [0, 2],
        [1, 2],
      ]),
    );
    expect([...shard0.bot.client.guilds.cache.keys()]).toContain(guilds[0]!.id);
    expect([...shard0.bot.client.guilds.cache.keys()]).not.toContain(guilds[1]!.id);
    expect([...shard1!.bot.client.guilds.cache.keys()]).toEqual([guilds[1]!.id]);
  });

  it('exactly one process is the scheduler', () => {
    expect(shard0.bot.leadership.isLeader).toBe(true);
    expect(shard1!.bot.leadership.isLeader).toBe(false);
  });

  it('answers commands on both shards, and in DMs', async () => {
    const first = await fake.slash({ user: robin, guildId: guilds[0]!.id, name: 'about' }).reply();
    const second = await fake.slash({ user: sam, guildId: guilds[1]!.id, name: 'about' }).reply();
    const dm = await fake.slash({ user: sam, name: 'about' }).reply();
    for (const reply of [first, second, dm]) expect(reply.embeds.length + reply.content.length).toBeGreaterThan(0);
  });

  it('a reminder set through shard 1 reaches the scheduler on shard 0 at once, and is sent once, by it', async () => {
    const practicesTo = (user: FakeUser) => fake.dmsTo(user.id).filter((m) => m.embeds.length > 0 && m.components.length > 0);
    const midnight = Math.floor(clock.now() / DAY) * DAY + DAY;
    clock.set(midnight + 8 * HOUR);
    await fake
      .slash({
        user: sam,
        guildId: guilds[1]!.id,
        name: 'reminders',
        subcommand: 'set',
        options: { time: '09:00', timezone: 'UTC', days: 'daily', focus: 'mixed' },
      })
      .reply();
    // Heard over LISTEN/NOTIFY: no rebuild in between.
    await expect.poll(() => shard0.bot.scheduler.dueAt('r', sam.id), { timeout: 5000 }).toBe(midnight + 9 * HOUR);

    clock.set(midnight + 9 * HOUR);
    await Promise.all([shard1!.bot.scheduler.tick(), shard0.bot.scheduler.tick()]);
    await shard0.bot.scheduler.whenIdle();
    expect(practicesTo(sam)).toHaveLength(1);
    expect(shard1!.bot.scheduler.pending).toBe(0);
  });

  it('posts a weekly prompt for a guild on the other shard through REST, with the stored channel id', async () => {
    const guild = guilds[1]!;
    const channel = fake.addChannel(guild.id, { name: 'reflections' });
    const owner = fake.user(guild.owner_id);
    clock.set(START_TIME + 7 * DAY);
    await fake
      .slash({
        user: owner,
        guildId: guild.id,
        name: 'config',
        subcommandGroup: 'weekly-prompt',
        subcommand: 'set',
        options: { channel: channel.id, day: 1, time: '10:00', timezone: 'Europe/London' },
      })
      .reply();
    expect(shard0.bot.client.guilds.cache.has(guild.id)).toBe(false);
    await expect.poll(() => shard0.bot.scheduler.dueAt('p', guild.id), { timeout: 5000 }).toBeDefined();
    clock.set(shard0.bot.scheduler.dueAt('p', guild.id)!);
    await shard0.bot.scheduler.tick();
    await shard0.bot.scheduler.whenIdle();
    const posted = fake.messages(channel.id).filter((m) => m.author.id === fake.botUser.id && m.embeds.length > 0);
    expect(posted).toHaveLength(1);
    expect((await shard0.bot.store.guilds.get(guild.id))?.weeklyPrompt?.lastSkip).toBeUndefined();
  });

  it('a member on a standby shard hears that Discord refused their reminders, after their next command, once', async () => {
    // What the scheduler writes when Discord refuses a DM; it does not announce its own writes.
    await shard0.bot.store.reminders.update(sam.id, (r) => r && { ...r, pausedReason: 'dm-refused', pausedAt: clock.now(), noticePending: true });
    const about = fake.slash({ user: sam, guildId: guilds[1]!.id, name: 'about' });
    await about.reply();
    const notice = await fake.waitFor(() => about.followUps[0]);
    expect(notice.content).toMatch(/didn't let me DM you/);
    const again = fake.slash({ user: sam, guildId: guilds[1]!.id, name: 'about' });
    await again.reply();
    await new Promise((done) => setTimeout(done, 300));
    expect(again.followUps).toHaveLength(0);
    await shard0.bot.store.reminders.update(sam.id, (r) => r && { ...r, pausedReason: null, pausedAt: null });
  });

  it('when the scheduler stops, the standby takes over within its retry interval and rebuilds from the store', async () => {
    await shard0.stop();
    await expect.poll(() => shard1!.bot.leadership.isLeader, { timeout: 5000 }).toBe(true);
    await expect.poll(() => shard1!.bot.scheduler.active, { timeout: 5000 }).toBe(true);
    // Rebuilt from the store, which holds what shard 0 last wrote for this member (sent at 09:00: next day's).
    const stored = await shard1!.bot.store.reminders.get(sam.id);
    expect(shard1!.bot.scheduler.dueAt('r', sam.id)).toBe(stored!.nextDueUtc);
  });
});
