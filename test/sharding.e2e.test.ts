import { definitionsOf } from './helpers/definitions.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REST, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import { FakeDiscord, type FakeGuild, type FakeUser } from '../src/fake-discord/index.js';
import { shardOfGuild } from '../src/fake-discord/gateway.js';
import { openStore } from '../src/store/index.js';
import { newReminder } from '../src/store/records.js';
import { captureLogs } from './helpers/logs.js';
import { postgresReachable, testSchema } from './helpers/postgres.js';

const pgUp = await postgresReachable();
const ROOT = join(import.meta.dirname, '..');
const MEMBERS = 300;
/** 08:59:40 UTC: the fan-out is due at 09:00, once both shards are up and the commands were tried. */
const CLOCK_START = Date.UTC(2026, 2, 2, 8, 59, 40);
const DUE = Date.UTC(2026, 2, 2, 9, 0, 0);

interface LogLine {
  msg?: string;
  shard?: number;
  pid?: number;
  role?: string;
  time?: number;
}

/**
 * The real thing: the ShardingManager process (SHARD_COUNT=auto, read from the fake's /gateway/bot),
 * one bot process per shard, one PostgreSQL schema. Then the scheduler is SIGKILLed mid-fan-out.
 */
describe.skipIf(!pgUp)('two shard processes on PostgreSQL', () => {
  const schema = testSchema('shards');
  const key = randomBytes(32).toString('base64');
  let fake: FakeDiscord;
  let manager: ChildProcess;
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const guilds: FakeGuild[] = [];
  const users: FakeUser[] = [];
  let sam: FakeUser;
  const timeline: string[] = [];
  const t0 = Date.now();
  const mark = (what: string) => timeline.push(`${((Date.now() - t0) / 1000).toFixed(2).padStart(6)} s  ${what}`);

  const waitForLine = async (match: (line: LogLine) => boolean, what: string, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = lines.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output:\n${raw.slice(-40).join('\n')}`);
      await new Promise((done) => setTimeout(done, 50));
    }
  };

  beforeAll(async () => {
    fake = await FakeDiscord.start({ shards: 2 });
    for (let i = 0; guilds.length < 2; i++) {
      const guild = fake.addGuild({ name: `Server ${i}` });
      if (shardOfGuild(guild.id, 2) === guilds.length) guilds.push(guild);
      await new Promise((done) => setTimeout(done, 2));
    }
    sam = fake.addUser({ username: 'sam' });
    fake.addMember(guilds[1]!.id, sam.id);
    // The members due in the fan-out, written through the store before the bot starts.
    const store = await openStore({ url: schema.url, encryptionKey: key, logger: captureLogs().logger });
    for (let i = 0; i < MEMBERS; i++) {
      const user = fake.addUser({ username: `fan${i}` });
      users.push(user);
      await store.reminders.set(
        user.id,
        newReminder({
          hour: 9,
          minute: 0,
          days: 0b1111111,
          timeZone: 'UTC',
          focus: 'mixed',
          locale: 'en-US',
          dmChannelId: fake.dmChannel(user.id).id,
          nextDueUtc: DUE,
          rotationSeed: i,
        }),
      );
    }
    await store.close();
    await new REST({ api: fake.apiUrl }).setToken(fake.token).put(Routes.applicationCommands(fake.application.id), { body: definitionsOf(commands) });

    mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
    mark('manager starting (SHARD_COUNT=auto)');
    manager = spawn(process.execPath, ['--import', 'tsx', join('test', 'helpers', 'shard-manager.ts')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DOTENV_CONFIG_PATH: '/nonexistent',
        DISCORD_TOKEN: fake.token,
        DISCORD_CLIENT_ID: fake.application.id,
        DISCORD_API_URL: fake.apiUrl,
        STORE_URL: schema.url,
        DATA_ENCRYPTION_KEY: key,
        SHARD_COUNT: 'auto',
        LEADER_RETRY_SECONDS: '0.5',
        LOG_LEVEL: 'info',
        SECURE_BASE_TEST_CLOCK_START: String(CLOCK_START),
        SECURE_BASE_TEST_CLOCK_ORIGIN: String(Date.now()),
        SECURE_BASE_TEST_TICK_MS: '1000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onData = (chunk: Buffer) => {
      for (const text of chunk.toString().split('\n').filter(Boolean)) {
        raw.push(text);
        try {
          const line = JSON.parse(text) as LogLine;
          lines.push(line);
          if (line.msg === 'this process is now the scheduler') mark(`shard ${line.shard} (pid ${line.pid}) took the scheduler lock`);
          if (line.msg === 'schedule index rebuilt') mark(`shard ${line.shard} rebuilt its due index`);
          if (line.msg === 'every shard is ready') mark('every shard is ready');
        } catch {
          // "ready"/"idle" markers and anything else a child prints.
        }
      }
    };
    manager.stdout!.on('data', onData);
    manager.stderr!.on('data', onData);
    await waitForLine((l) => l.msg === 'every shard is ready', 'both shards to be ready', 90_000);
  }, 120_000);

  afterAll(async () => {
    if (manager && manager.exitCode === null) {
      const exited = new Promise((done) => manager.once('exit', done));
      manager.kill('SIGTERM');
      await exited;
    }
    writeFileSync(join(ROOT, 'test-artifacts', 'failover-timeline.txt'), `${timeline.join('\n')}\n`);
    await fake?.close();
    await schema.drop();
    fake?.assertNoViolations();
  }, 30_000);

  it('each shard process identified as its own shard of 2, and exactly one holds the scheduler', () => {
    expect(fake.gateway.identifiedShards).toEqual(
      expect.arrayContaining([
        [0, 2],
        [1, 2],
      ]),
    );
    expect(lines.filter((l) => l.msg === 'this process is now the scheduler')).toHaveLength(1);
  });

  it('commands are answered on both shards and in DMs', async () => {
    const member0 = fake.addUser({ username: 'robin' });
    fake.addMember(guilds[0]!.id, member0.id);
    const replies = await Promise.all([
      fake.slash({ user: member0, guildId: guilds[0]!.id, name: 'about' }).reply(10_000),
      fake.slash({ user: sam, guildId: guilds[1]!.id, name: 'about' }).reply(10_000),
      fake.slash({ user: sam, name: 'about' }).reply(10_000),
    ]);
    for (const reply of replies) expect(reply.embeds.length + reply.content.length).toBeGreaterThan(0);
  });

  it('a reminder set through shard 1, and a fan-out whose scheduler is SIGKILLed halfway: the standby finishes, every member gets exactly one DM', {
    timeout: 300_000,
  }, async () => {
    const leader = lines.find((l) => l.msg === 'this process is now the scheduler')!;
    const standbyShard = leader.shard === 0 ? 1 : 0;
    // Set through the guild on shard 1, for 09:00 like the rest: the scheduler hears of it over NOTIFY.
    await fake
      .slash({ user: sam, guildId: guilds[1]!.id, name: 'reminders', subcommand: 'set', options: { time: '09:00', timezone: 'UTC', days: 'daily' } })
      .reply(10_000);
    mark('sam set a reminder through shard 1');
    const everyone = [...users, sam];
    const practices = (u: FakeUser) => fake.dmsTo(u.id).filter((m) => m.embeds.length > 0 && m.components.length > 0).length;
    const delivered = () => everyone.filter((u) => practices(u) > 0).length;

    await fake.waitFor(() => delivered() >= everyone.length / 3 || undefined, { timeoutMs: 120_000, what: 'a third of the fan-out' });
    mark(`fan-out under way: ${delivered()} of ${everyone.length} delivered; SIGKILL the scheduler (shard ${leader.shard}, pid ${leader.pid})`);
    process.kill(leader.pid!, 'SIGKILL');
    const atKill = delivered();
    expect(atKill).toBeLessThan(everyone.length);

    const takeover = await waitForLine((l) => l.msg === 'this process is now the scheduler' && l.pid !== leader.pid, 'the standby to take over', 30_000);
    expect(takeover.shard).toBe(standbyShard);
    await fake
      .waitFor(() => delivered() === everyone.length || undefined, { timeoutMs: 150_000, what: 'every member to get their reminder' })
      .catch((error: unknown) => {
        console.log(
          `delivered ${delivered()} of ${everyone.length}\n${raw
            .filter((l) => !l.includes('"level":30'))
            .slice(-30)
            .join('\n')}`,
        );
        throw error;
      });
    mark(`every member delivered (${delivered()} of ${everyone.length}); ${delivered() - atKill} after the takeover`);

    for (const user of everyone) expect(practices(user)).toBe(1);
    const posts = fake.findRequests({ method: 'POST', path: '/channels/{channel_id}/messages' });
    expect(posts.filter((r) => r.status === 429)).toHaveLength(0);
    expect(fake.requests.filter((r) => r.status === 429)).toHaveLength(0);

    // Every record says sent, by whichever process sent it.
    const store = await openStore({ url: schema.url, encryptionKey: key, logger: captureLogs().logger });
    try {
      for (const user of everyone) expect(await store.reminders.get(user.id)).toMatchObject({ lastSentOccurrence: DUE, sending: null });
    } finally {
      await store.close();
    }
    // The killed shard is started again by the manager and stands by.
    await waitForLine((l) => l.msg === 'ready' && l.pid !== leader.pid && l.shard === leader.shard, 'the killed shard to come back', 60_000).catch(
      () => undefined,
    );
    mark('done');
  });
});
