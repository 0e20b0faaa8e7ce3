import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../src/fake-discord/index.js';
import { openStore } from '../src/store/index.js';
import { newReminder } from '../src/store/records.js';
import { ROOT, runCompiled, waitForText, type RunningScript } from './helpers/bot-cli.js';
import { captureLogs } from './helpers/logs.js';
import { tempDir } from './helpers/temp-dir.js';

const TOKEN = `MTIzNDU2Nzg5MDEyMzQ1Njc4.${'x'.repeat(30)}`;
const CLIENT_ID = '123456789012345678';
const KEY = randomBytes(32).toString('base64');
/** Root ignores file permissions; the read-only test runs the bot as `nobody` then. */
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function folder(): string {
  const dir = tempDir();
  cleanups.push(dir.remove);
  chmodSync(dir.path, 0o755);
  return dir.path;
}

function start(env: Record<string, string>, cwd: string, asUser?: number): RunningScript {
  const bot = runCompiled('dist/src/index.js', { NODE_ENV: 'production', ...env }, { cwd, ...(asUser !== undefined ? { asUser } : {}) });
  cleanups.push(() => bot.kill('SIGKILL'));
  return bot;
}

/** Every file under `dir`, relative, sorted: to prove a refused start left nothing behind. */
function filesIn(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).sort();
}

/** Exit 2 and exactly one plain line on stderr, matching `pattern`; no stack trace anywhere. */
async function expectRefusal(bot: RunningScript, pattern: RegExp): Promise<string> {
  expect(await bot.exit, bot.output()).toBe(2);
  const lines = bot.stderr().trim().split('\n');
  expect(lines, bot.output()).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(bot.output()).not.toMatch(/^\s+at /m);
  return lines[0]!;
}

function createSqlite(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file);
    db.exec('CREATE TABLE keyv(key VARCHAR(255) PRIMARY KEY, value TEXT)', (error) => (error ? reject(error) : db.close((e) => (e ? reject(e) : resolve()))));
  });
}

describe('start-up refuses bad input with one line and exit 2, leaving no file behind', () => {
  const base = { DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: CLIENT_ID, DISCORD_API_URL: 'http://127.0.0.1:9/api' };

  it('NODE_ENV=production without a token: names DISCORD_TOKEN (no playground)', async () => {
    const cwd = folder();
    await expectRefusal(start({ DISCORD_CLIENT_ID: CLIENT_ID }, cwd), /DISCORD_TOKEN is required.*README/);
    expect(filesIn(cwd)).toEqual([]);
  });

  it('a STORE_URL scheme the bot does not support', async () => {
    const cwd = folder();
    await expectRefusal(
      start({ ...base, STORE_URL: 'mysql://db.example/securebase' }, cwd),
      /STORE_URL uses mysql:\/\/, which this bot does not support; use sqlite:\/\//,
    );
    expect(filesIn(cwd)).toEqual([]);
  });

  it('DISCORD_API_URL or PRIVACY_URL that are not http(s)', async () => {
    const cwd = folder();
    await expectRefusal(start({ ...base, DISCORD_API_URL: 'file:///etc/hosts' }, cwd), /DISCORD_API_URL must be an http:\/\/ or https:\/\/ URL/);
    await expectRefusal(start({ ...base, PRIVACY_URL: 'javascript:alert(1)' }, cwd), /PRIVACY_URL must be an http:\/\/ or https:\/\/ URL/);
    expect(filesIn(cwd)).toEqual([]);
  });

  it('a store file that is not an SQLite database', async () => {
    const cwd = folder();
    mkdirSync(join(cwd, 'data'));
    writeFileSync(join(cwd, 'data', 'securebase.sqlite'), 'these are not the pages you are looking for\n'.repeat(100));
    await expectRefusal(start(base, cwd), new RegExp(`the store ${join(cwd, 'data', 'securebase.sqlite')} is not an SQLite database`));
    expect(filesIn(cwd)).toEqual(['data', 'data/securebase.sqlite']);
  });

  it('a key file that is a folder', async () => {
    const cwd = folder();
    mkdirSync(join(cwd, 'data', 'encryption.key'), { recursive: true });
    await expectRefusal(start(base, cwd), new RegExp(`the encryption key file ${join(cwd, 'data', 'encryption.key')} is a folder`));
    expect(filesIn(cwd)).toEqual(['data', 'data/encryption.key']);
  });

  it('a key file that holds garbage', async () => {
    const cwd = folder();
    mkdirSync(join(cwd, 'data'));
    writeFileSync(join(cwd, 'data', 'encryption.key'), 'not a key\n');
    await expectRefusal(start(base, cwd), /the encryption key file .*encryption\.key does not hold a 32-byte key/);
    expect(filesIn(cwd)).toEqual(['data', 'data/encryption.key']);
    expect(readFileSync(join(cwd, 'data', 'encryption.key'), 'utf8')).toBe('not a key\n');
  });

  it('a data folder that is a file', async () => {
    const cwd = folder();
    writeFileSync(join(cwd, 'data'), '');
    await expectRefusal(start(base, cwd), new RegExp(`the data folder ${join(cwd, 'data')} is a file, not a folder`));
    await expectRefusal(start({ ...base, STORE_URL: 'sqlite://data/nested/bot.sqlite' }, cwd), new RegExp(`the data folder ${join(cwd, 'data')} is a file`));
    expect(filesIn(cwd)).toEqual(['data']);
  });

  it('a read-only store', async () => {
    const cwd = folder();
    const file = join(cwd, 'bot.sqlite');
    await createSqlite(file);
    chmodSync(file, 0o444);
    const before = readFileSync(file);
    const bot = start({ ...base, STORE_URL: `sqlite://${file}`, DATA_ENCRYPTION_KEY: KEY }, cwd, isRoot ? NOBODY : undefined);
    await expectRefusal(bot, new RegExp(`the store ${file} is read-only`));
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(filesIn(cwd)).toEqual(['bot.sqlite']);
  });
});

describe('a token Discord refuses', () => {
  it('is a setting to fix: one line naming DISCORD_TOKEN, exit 2', async () => {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.close());
    const cwd = folder();
    const bot = start(
      { DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: fake.application.id, DISCORD_API_URL: fake.apiUrl, STORE_URL: 'sqlite://:memory:', DATA_ENCRYPTION_KEY: KEY },
      cwd,
    );
    await expectRefusal(bot, /Discord refused DISCORD_TOKEN \(401\)/);
    expect(bot.output()).not.toContain(TOKEN);
  });
});

describe('the explicit playground', () => {
  it('`npm run playground` opens it even with a token and NODE_ENV=production', async () => {
    const cwd = folder();
    const playground = runCompiled('dist/src/playground/start.js', { NODE_ENV: 'production', DISCORD_TOKEN: TOKEN, PLAYGROUND_PORT: '0' }, { cwd });
    cleanups.push(() => playground.kill('SIGKILL'));
    const [, url] = await waitForText(playground.output, /Open (http:\/\/127\.0\.0\.1:\d+\/) in your browser/, 30_000);
    expect((await fetch(url!)).status).toBe(200);
    playground.kill('SIGTERM');
    expect(await playground.exit).toBe(0);
  }, 45_000);
});

async function startAgainstFake(cwd: string, env: Record<string, string> = {}): Promise<{ fake: FakeDiscord; bot: RunningScript; file: string }> {
  const fake = await FakeDiscord.start();
  cleanups.push(() => fake.close());
  const file = join(cwd, 'store', 'bot.sqlite');
  const bot = start(
    {
      DISCORD_TOKEN: fake.token,
      DISCORD_CLIENT_ID: fake.application.id,
      DISCORD_API_URL: fake.apiUrl,
      STORE_URL: `sqlite://${file}`,
      DATA_ENCRYPTION_KEY: KEY,
      ...env,
    },
    cwd,
  );
  await waitForText(bot.output, /"msg":"ready"/);
  return { fake, bot, file };
}

describe('the store disappearing under a running bot', () => {
  it('a new store is announced at warn level with its path; deleting it stops the bot with an error naming the file', async () => {
    const cwd = folder();
    const { bot, file } = await startAgainstFake(cwd, { STORE_CHECK_SECONDS: '1' });
    const created = bot
      .output()
      .split('\n')
      .find((line) => line.includes('created a new, empty store'));
    expect(created, bot.output()).toBeDefined();
    expect(JSON.parse(created!)).toMatchObject({ level: 40, file });

    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    const code = await Promise.race([bot.exit, new Promise((done) => setTimeout(() => done('still running'), 5000))]);
    expect(code, bot.output()).toBe(1);
    const error = bot
      .output()
      .split('\n')
      .find((line) => line.includes('the store file is gone'));
    expect(error, bot.output()).toBeDefined();
    expect(JSON.parse(error!)).toMatchObject({ level: 50, file, problem: `the store file ${file} was deleted` });
  }, 30_000);

  it('a store replaced by another file is noticed the same way; a start on existing data says nothing about a new store', async () => {
    const cwd = folder();
    const first = await startAgainstFake(cwd);
    first.bot.kill('SIGTERM');
    expect(await first.bot.exit).toBe(0);

    const { bot, file } = await startAgainstFake(cwd, { STORE_CHECK_SECONDS: '1' });
    expect(bot.output()).not.toContain('created a new, empty store');
    const copy = `${file}.copy`;
    writeFileSync(copy, readFileSync(file));
    rmSync(file);
    writeFileSync(file, readFileSync(copy));
    expect(await bot.exit, bot.output()).toBe(1);
    expect(bot.output()).toContain(`the store file ${file} was replaced by another file`);
  }, 30_000);
});

describe('/healthz and /metrics', () => {
  it('answer over HTTP on 127.0.0.1: healthy when ready, 503 naming the gateway while Discord is unreachable', async () => {
    const cwd = folder();
    const { fake, bot } = await startAgainstFake(cwd, { HEALTH_PORT: '0' });
    const [, base] = await waitForText(bot.output, /"url":"(http:\/\/127\.0\.0\.1:\d+)\/healthz"/);

    const healthy = await fetch(`${base}/healthz`);
    const report = (await healthy.json()) as Record<string, unknown>;
    expect(healthy.status, JSON.stringify(report)).toBe(200);
    expect(report).toMatchObject({ ok: true, scheduler: true, gateway: 'ready', store: 'ok', reasons: [] });
    expect(report.lastTickSecondsAgo).toBeLessThanOrEqual(60);

    const guild = fake.addGuild({ name: 'Metrics' });
    const user = fake.addUser({ username: 'river' });
    fake.addMember(guild.id, user.id);
    // As a host would: `npm run deploy-commands`, compiled.
    const deploy = runCompiled('dist/src/deploy-commands.js', {
      DISCORD_TOKEN: fake.token,
      DISCORD_CLIENT_ID: fake.application.id,
      DISCORD_API_URL: fake.apiUrl,
    });
    expect(await deploy.exit, deploy.output()).toBe(0);
    expect((await fake.slash({ user, guildId: guild.id, name: 'about' }).reply(8000)).embeds).toHaveLength(1);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/securebase_interactions_total\{type="command",name="about",outcome="ok"\} 1/);
    expect(metrics).toMatch(/securebase_interaction_duration_seconds_count\{type="command"\} 1/);
    expect(metrics).toMatch(/securebase_store_operation_duration_seconds_count\{operation="scan"\} [1-9]/);
    expect(metrics).toMatch(/securebase_reminders_total\{outcome="refused"\} 0/);
    expect(metrics).toMatch(/securebase_delivery_queue_depth 0/);
    expect(metrics).toMatch(/securebase_discord_429_total 0/);
    expect(metrics).toMatch(/securebase_errors_total\{kind="interaction"\} 0/);
    expect(metrics).not.toContain(user.id);
    expect(metrics).not.toContain(guild.id);

    fake.gateway.setAvailable(false);
    await expect.poll(async () => (await fetch(`${base}/healthz`)).status, { timeout: 15_000, interval: 100 }).toBe(503);
    const down = await fetch(`${base}/healthz`);
    const downReport = (await down.json()) as Record<string, unknown>;
    expect(down.status).toBe(503);
    expect(downReport).toMatchObject({ ok: false, gateway: 'not ready', store: 'ok', reasons: ['the Discord gateway is not connected'] });

    fake.gateway.setAvailable(true);
    await expect.poll(async () => (await fetch(`${base}/healthz`)).status, { timeout: 15_000, interval: 200 }).toBe(200);
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
  }, 45_000);
});

describe('a cold start over many schedules', () => {
  it('the bundled entry rebuilds the due index from every schedule, decrypting them in worker threads', async () => {
    const cwd = folder();
    const file = join(cwd, 'store', 'bot.sqlite');
    mkdirSync(join(cwd, 'store'));
    // More than the store's threshold for worker threads (raw-store.ts, PARALLEL_SCAN_MIN_ROWS).
    const count = 4500;
    const store = await openStore({ url: `sqlite://${file}`, encryptionKey: KEY, logger: captureLogs().logger });
    const now = Date.now();
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < count; i++) {
      const record = newReminder({
        hour: i % 24,
        minute: i % 60,
        days: 0b1111111,
        timeZone: 'UTC',
        focus: 'mixed',
        locale: 'en-US',
        dmChannelId: String(400_000_000_000_000_000n + BigInt(i)),
        nextDueUtc: now + 3_600_000 + i * 1000,
        rotationSeed: i,
        practicesSent: 0,
      });
      writes.push(store.reminders.set(String(300_000_000_000_000_000n + BigInt(i)), record));
    }
    await Promise.all(writes);
    await store.close();

    expect(readFileSync(join(ROOT, 'dist', 'src', 'index.js'), 'utf8')).toMatch(/^\/\* secure-base: one-file bundle/);
    const { bot } = await startAgainstFake(cwd, { LOG_LEVEL: 'info' });
    const rebuilt = await waitForText(bot.output, /"entries":(\d+),"ms":[\d.]+,"msg":"schedule index rebuilt"/, 30_000);
    expect(Number(rebuilt[1])).toBeGreaterThanOrEqual(count);
    expect(bot.output()).not.toContain('the parallel scan failed');
    expect(bot.output()).not.toContain('unreadable record skipped');
  }, 60_000);
});
