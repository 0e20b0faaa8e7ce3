import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import { FakeDiscord, type FakeUser } from '../src/fake-discord/index.js';
import { openStore } from '../src/store/index.js';
import { newReminder } from '../src/store/records.js';
import { START_TIME, startBot, startHarness, type Harness, type RunningBot } from './helpers/harness.js';
import { captureLogs } from './helpers/logs.js';
import { tempDir } from './helpers/temp-dir.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('downtime catch-up (same process, bot stopped and started again)', () => {
  let h: Harness;
  let current: RunningBot;
  const withCommands = commands;

  beforeAll(async () => {
    h = await startHarness({ commands: withCommands });
    current = h;
  });
  afterAll(async () => {
    await current?.stop();
    await h?.close();
  });

  async function restartAt(ms: number, whileDown?: () => Promise<void>): Promise<void> {
    await current.stop();
    await whileDown?.();
    h.clock.set(ms);
    current = await startBot(h.fake, { commands: withCommands, dataDir: h.dataDir, encryptionKey: h.encryptionKey, clock: h.clock });
    await current.bot.scheduler.tick();
  }

  async function dailyAtNine(user: FakeUser): Promise<number> {
    const midnight = Math.floor(h.clock.now() / DAY) * DAY + DAY;
    h.clock.set(midnight + 8 * HOUR);
    await h.fake.slash({ user, guildId: h.guild.id, name: 'reminders', subcommand: 'set', options: { time: '09:00', timezone: 'UTC' } }).reply();
    return midnight + 9 * HOUR;
  }
  const reminderDms = (user: FakeUser) => h.fake.dmsTo(user.id).filter((m) => m.embeds.length > 0);

  it('an occurrence missed by less than the grace window is sent once, late', async () => {
    const nine = await dailyAtNine(h.member);
    await restartAt(nine + 20 * MINUTE);
    expect(reminderDms(h.member)).toHaveLength(1);
    expect((await current.bot.store.reminders.get(h.member.id))?.lastSentOccurrence).toBe(nine);
    h.clock.set(nine + 21 * MINUTE);
    await current.bot.scheduler.tick();
    await restartAt(nine + 25 * MINUTE);
    expect(reminderDms(h.member)).toHaveLength(1);
  });

  it('a send interrupted longer ago than Discord remembers nonces counts as sent: never risk a second DM', async () => {
    const user = h.fake.addUser({ username: 'crashed' });
    h.fake.addMember(h.guild.id, user.id);
    const nine = await dailyAtNine(user);
    await restartAt(nine + 10 * MINUTE, async () => {
      // What a crash between Discord accepting the DM and the bot recording it leaves behind.
      const store = await openStore({ url: storeUrl(h.dataDir), encryptionKey: h.encryptionKey, logger: captureLogs().logger });
      await store.reminders.update(user.id, (r) => r && { ...r, sending: { occurrence: nine, at: nine } });
      await store.close();
    });
    expect(reminderDms(user)).toHaveLength(0);
    expect(await current.bot.store.reminders.get(user.id)).toMatchObject({ lastSentOccurrence: nine, sending: null });
    expect(current.logs.text()).toMatch(/counting it as sent/);
    h.clock.set(nine + DAY);
    await current.bot.scheduler.tick();
    expect(reminderDms(user)).toHaveLength(1);
  });

  it('a graceful restart takes the due index from the stop snapshot; a change made while stopped is never missed', async () => {
    const user = h.fake.addUser({ username: 'snapshot' });
    h.fake.addMember(h.guild.id, user.id);
    const nine = await dailyAtNine(user);
    await restartAt(nine - HOUR);
    expect(current.logs.text()).toMatch(/due index taken from the stop snapshot/);
    expect(current.bot.scheduler.dueAt('r', user.id)).toBe(nine);

    // Another process moves the reminder while the bot is down: the snapshot no longer vouches for the store.
    await restartAt(nine - 30 * MINUTE, async () => {
      const store = await openStore({ url: storeUrl(h.dataDir), encryptionKey: h.encryptionKey, logger: captureLogs().logger });
      await store.reminders.update(user.id, (r) => r && { ...r, nextDueUtc: nine - 20 * MINUTE, minute: 40, hour: 8 });
      await store.close();
    });
    expect(current.logs.text()).not.toMatch(/due index taken from the stop snapshot/);
    expect(current.bot.scheduler.dueAt('r', user.id)).toBe(nine - 20 * MINUTE);
    h.clock.set(nine - 20 * MINUTE);
    await current.bot.scheduler.tick();
    expect(reminderDms(user)).toHaveLength(1);

    // A crash leaves no snapshot: the next start scans the store.
    await current.bot.stop();
    expect(existsSync(`${current.bot.store.file}.due-index.snapshot`)).toBe(true);
    rmSync(`${current.bot.store.file}.due-index.snapshot`);
    current = await startBot(h.fake, { commands: withCommands, dataDir: h.dataDir, encryptionKey: h.encryptionKey, clock: h.clock });
    expect(current.logs.text()).not.toMatch(/due index taken from the stop snapshot/);
    expect(current.bot.scheduler.dueAt('r', user.id)).toBe(nine - 20 * MINUTE + DAY);
  });

  it('an occurrence missed by more than the grace window is skipped; the next one is on time', async () => {
    const nine = await dailyAtNine(h.other);
    await restartAt(nine + 45 * MINUTE);
    expect(reminderDms(h.other)).toHaveLength(0);
    expect((await current.bot.store.reminders.get(h.other.id))?.nextDueUtc).toBe(nine + DAY);
    h.clock.set(nine + DAY);
    await current.bot.scheduler.tick();
    expect(reminderDms(h.other)).toHaveLength(1);
  });
});

/**
 * Crash safety with the bot in a child process. A proxy between the bot and the fake holds each
 * reminder's response back for a while after Discord has created the message, so a kill mid-fan-out
 * lands with sends that reached Discord but were never recorded: exactly what the nonce is for.
 */
describe('restart mid-fan-out (child process)', () => {
  const MEMBERS = 200;
  const RESPONSE_DELAY_MS = 300;
  let fake: FakeDiscord;
  let proxy: { url: string; close(): Promise<void> };
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    proxy = await delayingProxy(fake.apiUrl.replace(/\/api$/, ''), RESPONSE_DELAY_MS);
  });
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  afterAll(async () => {
    await proxy?.close();
    await fake?.close();
    fake?.assertNoViolations();
  });

  /** MEMBERS members with a reminder due at `due`, written through the store API before the bot starts. */
  async function seed(dataDir: string, key: string, due: number): Promise<FakeUser[]> {
    const users = Array.from({ length: MEMBERS }, (_, i) => fake.addUser({ username: `fan${i}-${due % 100000}` }));
    const store = await openStore({ url: storeUrl(dataDir), encryptionKey: key, logger: captureLogs().logger });
    const at = new Date(due);
    for (const [i, user] of users.entries()) {
      const record = newReminder({
        hour: at.getUTCHours(),
        minute: at.getUTCMinutes(),
        days: 0b1111111,
        timeZone: 'UTC',
        focus: 'mixed',
        locale: 'en-US',
        dmChannelId: fake.dmChannel(user.id).id,
        nextDueUtc: due,
        rotationSeed: i,
        practicesSent: 0,
      });
      await store.reminders.set(user.id, record);
    }
    await store.close();
    return users;
  }

  function startChild(dataDir: string, key: string, clockStart: number): ChildProcess & { output: string[] } {
    const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'helpers', 'bot-process.ts')], {
      cwd: process.cwd(),
      env: {
        PATH: process.env.PATH,
        DISCORD_TOKEN: fake.token,
        DISCORD_CLIENT_ID: fake.application.id,
        DISCORD_API_URL: `${proxy.url}/api`,
        STORE_URL: storeUrl(dataDir),
        DATA_ENCRYPTION_KEY: key,
        LOG_LEVEL: 'info',
        SECURE_BASE_TEST_CLOCK_START: String(clockStart),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }) as ChildProcess & { output: string[] };
    child.output = [];
    child.stdout!.on('data', (chunk: Buffer) => child.output.push(...chunk.toString().split('\n').filter(Boolean)));
    child.stderr!.on('data', (chunk: Buffer) => child.output.push(...chunk.toString().split('\n').filter(Boolean)));
    children.push(child);
    return child;
  }

  /** Resolves once the child printed `line`; rejects after `timeoutMs` with what it printed, so a hang fails clearly. */
  const untilOutput = (child: ChildProcess & { output: string[] }, line: string, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (child.output.includes(line)) {
          clearInterval(poll);
          resolve();
        } else if (Date.now() - started > timeoutMs) {
          clearInterval(poll);
          reject(new Error(`the bot never printed "${line}" within ${timeoutMs} ms; it printed:\n${child.output.slice(-20).join('\n')}`));
        }
      }, 50);
    });

  const exited = (child: ChildProcess) =>
    new Promise<number | string | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode ?? child.signalCode);
      else child.once('exit', (code, signal) => resolve(code ?? signal));
    });

  const reminderCount = (users: FakeUser[]) => users.reduce((n, u) => n + fake.dmsTo(u.id).length, 0);

  async function runScenario(signal: 'SIGKILL' | 'SIGTERM'): Promise<{ users: FakeUser[]; posts: number; replayed: number }> {
    const dir = tempDir();
    const key = randomBytes(32).toString('base64');
    const due = START_TIME + (signal === 'SIGKILL' ? 0 : DAY);
    const users = await seed(dir.path, key, due);
    const postsBefore = fake.findRequests({ method: 'POST', path: '/channels/{channel_id}/messages' }).length;

    const began = Date.now();
    const first = startChild(dir.path, key, due);
    // Stop it a third of the way in: well after the fan-out began, well before it ends.
    await fake.waitFor(() => reminderCount(users) >= MEMBERS / 3, { timeoutMs: 30_000, what: 'a third of the fan-out' });
    first.kill(signal);
    expect(await exited(first)).toBe(signal === 'SIGKILL' ? 'SIGKILL' : 0);
    expect(reminderCount(users)).toBeLessThan(MEMBERS);

    // The second run's clock carries on from where the first one's was.
    const second = startChild(dir.path, key, due + (Date.now() - began));
    await fake.waitFor(() => users.every((u) => fake.dmsTo(u.id).length >= 1) || undefined, { timeoutMs: 30_000, what: 'every member to get their reminder' });
    await untilOutput(second, 'idle', 30_000);
    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);

    const posts = fake.findRequests({ method: 'POST', path: '/channels/{channel_id}/messages' }).slice(postsBefore);
    const ids = posts.filter((r) => r.status === 200).map((r) => (r.response as { id: string }).id);
    const store = await openStore({ url: storeUrl(dir.path), encryptionKey: key, logger: captureLogs().logger });
    for (const user of users) {
      const record = await store.reminders.get(user.id);
      expect(record).toMatchObject({ lastSentOccurrence: due, sending: null });
    }
    await store.close();
    dir.remove();
    return { users, posts: posts.length, replayed: ids.length - new Set(ids).size };
  }

  it('SIGKILL mid-fan-out, then a restart: every member gets exactly one DM for the occurrence', { timeout: 90_000 }, async () => {
    const { users, replayed } = await runScenario('SIGKILL');
    for (const user of users) expect(fake.dmsTo(user.id)).toHaveLength(1);
    // Sends that reached Discord unrecorded were repeated after the restart, and Discord's nonce check returned the first message.
    expect(replayed).toBeGreaterThan(0);
  });

  it('SIGTERM mid-fan-out: sends on the wire finish, the rest go out after the restart, each exactly once', { timeout: 90_000 }, async () => {
    const { users, posts, replayed } = await runScenario('SIGTERM');
    for (const user of users) expect(fake.dmsTo(user.id)).toHaveLength(1);
    // A graceful stop records every send it started, so nothing needs repeating.
    expect(replayed).toBe(0);
    expect(posts).toBe(MEMBERS);
  });
});

function storeUrl(dataDir: string): string {
  return `sqlite://${join(dataDir, 'securebase.sqlite')}`;
}

/** Forwards to `target`; holds back the response to a message POST after the target has handled it. */
async function delayingProxy(target: string, delayMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const upstream = request(`${target}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const hold = req.method === 'POST' && /\/channels\/\d+\/messages$/.test(req.url ?? '') ? delayMs : 0;
        setTimeout(() => {
          if (res.destroyed) return;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(chunks));
        }, hold);
      });
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
