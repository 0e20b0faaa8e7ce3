import { definitionsOf } from './helpers/definitions.js';
import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import { ManualClock } from '../src/clock.js';
import { FakeDiscord, type FakeGuild, type FakeUser } from '../src/fake-discord/index.js';
import { START_TIME, startBot, type RunningBot } from './helpers/harness.js';
import { PG_BASE_URL, postgresReachable, testSchema } from './helpers/postgres.js';

const pgUp = await postgresReachable();

/** A TCP hop between the bot and PostgreSQL that the test can cut and restore: an outage without stopping the server. */
async function cuttableProxy(target: URL): Promise<{ port: number; cut(): void; restore(): Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        sockets.add(client).add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  const cut = () => {
    server?.close();
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  await listen();
  return { port, cut, restore: listen, close: async () => cut() };
}

describe.skipIf(!pgUp)('PostgreSQL lost and back', () => {
  const clock = new ManualClock(START_TIME);
  const schema = testSchema('outage');
  let proxy: Awaited<ReturnType<typeof cuttableProxy>>;
  let fake: FakeDiscord;
  let guild: FakeGuild;
  let member: FakeUser;
  let running: RunningBot;

  beforeAll(async () => {
    proxy = await cuttableProxy(new URL(PG_BASE_URL));
    const url = new URL(schema.url);
    url.host = `127.0.0.1:${proxy.port}`;
    fake = await FakeDiscord.start({ clock: () => clock.now() });
    guild = fake.addGuild({ name: 'Outage' });
    member = fake.addUser({ username: 'robin' });
    fake.addMember(guild.id, member.id);
    running = await startBot(fake, {
      clock,
      encryptionKey: randomBytes(32).toString('base64'),
      env: { STORE_URL: url.toString(), LEADER_RETRY_SECONDS: '0.2' },
    });
    await running.bot.client.rest.put(Routes.applicationCommands(fake.application.id), { body: definitionsOf(commands) });
  });

  afterAll(async () => {
    await running?.stop();
    await proxy?.close();
    await fake?.close();
    await schema.drop();
  });

  it('commands answer a calm private error, the scheduler stands down, and both come back by themselves', { timeout: 30_000 }, async () => {
    expect(running.bot.leadership.isLeader).toBe(true);
    proxy.cut();
    await expect.poll(() => running.bot.leadership.isLeader, { timeout: 5000 }).toBe(false);
    expect(running.bot.scheduler.active).toBe(false);

    const reply = await fake.slash({ user: member, guildId: guild.id, name: 'reminders', subcommand: 'status' }).reply(10_000);
    expect(reply.flags & 64).toBe(64);
    expect(reply.content).toMatch(/went wrong|try again/i);
    expect(running.logs.text()).toMatch(/lost the scheduler lock/);

    await proxy.restore();
    await expect.poll(() => running.bot.leadership.isLeader, { timeout: 10_000 }).toBe(true);
    // Sends resume once the new term's rebuild from the store is done.
    await expect.poll(() => running.bot.scheduler.active, { timeout: 10_000 }).toBe(true);
    const after = await fake.slash({ user: member, guildId: guild.id, name: 'reminders', subcommand: 'status' }).reply(10_000);
    expect(after.content).not.toMatch(/went wrong/i);
  });
});
