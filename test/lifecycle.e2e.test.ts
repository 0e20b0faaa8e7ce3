import { definitionsOf } from './helpers/definitions.js';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import { FakeDiscord } from '../src/fake-discord/index.js';
import { tempDir } from './helpers/temp-dir.js';
import { assertNobodyPinged } from './helpers/harness.js';

const ROOT = join(import.meta.dirname, '..');
const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** The bot as operators run it: its own process, the compiled entry `npm start` runs after building. */
function startProcess(env: Record<string, string>): { child: ChildProcessWithoutNullStreams; output: () => string; exit: Promise<number | null> } {
  return runScript('dist/src/index.js', env);
}

// `npm start` builds first (prestart); test/global-setup.ts has built dist/ once for the whole run.

function runScript(
  script: string,
  env: Record<string, string>,
  cwd = ROOT,
): { child: ChildProcessWithoutNullStreams; output: () => string; exit: Promise<number | null> } {
  // tsx named by path, so the script can run from another working directory (the playground's data/).
  const loader = script.endsWith('.ts') ? ['--import', TSX_LOADER] : [];
  const child = spawn(process.execPath, [...loader, join(ROOT, script)], {
    cwd,
    // A clean environment: nothing from the developer's shell or .env decides the outcome.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DOTENV_CONFIG_PATH: '/nonexistent', ...env },
  });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => text, exit };
}

async function waitForText(output: () => string, pattern: RegExp, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(output())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output so far:\n${output()}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The fake Discord with one guild and one member, and what a bot process needs to use it with a store of its own. */
async function oneGuild(name: string, username: string) {
  const fake = await FakeDiscord.start();
  cleanups.push(() => fake.close());
  const guild = fake.addGuild({ name });
  const user = fake.addUser({ username });
  fake.addMember(guild.id, user.id);
  const dir = tempDir();
  cleanups.push(dir.remove);
  const env: Record<string, string> = {
    DISCORD_TOKEN: fake.token,
    DISCORD_CLIENT_ID: fake.application.id,
    DISCORD_API_URL: fake.apiUrl,
    STORE_URL: `sqlite://${join(dir.path, 'bot.sqlite')}`,
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
  return { fake, guild, user, env };
}

describe('the bot process', () => {
  it('starts against Discord (here the fake), answers, and on SIGTERM finishes and exits 0 within 5 s', async () => {
    const { fake, guild, user, env } = await oneGuild('Lifecycle', 'kai');
    const bot = startProcess(env);
    cleanups.push(() => bot.child.kill('SIGKILL'));
    await waitForText(bot.output, /"msg":"ready"/);

    // `npm run deploy-commands` with a development guild registers there, and says what it did.
    const deploy = runScript('dist/src/deploy-commands.js', {
      DISCORD_TOKEN: fake.token,
      DISCORD_CLIENT_ID: fake.application.id,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_DEV_GUILD_ID: guild.id,
    });
    expect(await deploy.exit).toBe(0);
    expect(deploy.output()).toMatch(new RegExp(`Registered ${commands.length} commands guild ${guild.id}`));
    expect(
      fake
        .commands(guild.id)
        .map((c) => c.name)
        .sort(),
    ).toEqual(
      definitionsOf(commands)
        .map((c) => c.name)
        .sort(),
    );
    expect(fake.commands()).toHaveLength(0);
    // Without one, globally.
    const global = runScript('dist/src/deploy-commands.js', {
      DISCORD_TOKEN: fake.token,
      DISCORD_CLIENT_ID: fake.application.id,
      DISCORD_API_URL: fake.apiUrl,
    });
    expect(await global.exit).toBe(0);
    expect(global.output()).toMatch(/globally/);
    expect(fake.commands()).toHaveLength(commands.length);

    // Every command answers (moderator settings as the server's owner).
    const owner = fake.user(guild.owner_id);
    const minimal: Record<string, { options?: Record<string, string | number>; subcommand?: string }> = {
      learn: { options: { topic: 'what-it-is' } },
      selfcheck: { subcommand: 'start' },
      reminders: { subcommand: 'status' },
      log: { subcommand: 'list' },
      focus: { subcommand: 'history' },
      privacy: { subcommand: 'show' },
      config: { subcommand: 'show' },
      pause: { options: { wait: 2 } },
    };
    // Two members take turns, so every command stays inside one member's rate limit (10 per 10 s).
    let forms = 0;
    for (const [index, { name }] of definitionsOf(commands).entries()) {
      const asked = fake.slash({ user: name === 'config' || index % 2 === 1 ? owner : user, guildId: guild.id, name, ...minimal[name] });
      // A command that starts with a form (/pause) answers with the form itself.
      if ((await asked.response(8000)).type === 9) {
        expect(String((await asked.modal()).title), `/${name}`).not.toBe('');
        forms++;
        continue;
      }
      const reply = await asked.reply(8000);
      expect(reply.embeds.length + reply.content.length, `/${name}`).toBeGreaterThan(0);
      expect(reply.content, `/${name}`).not.toMatch(/Something went wrong|a lot of requests/);
    }
    fake.assertNoViolations();
    expect(assertNobodyPinged(fake)).toBeGreaterThanOrEqual(commands.length - forms);

    // SIGTERM while an answer is still on its way (Discord asked the bot to wait a second): it is finished first.
    const slow = fake.injectFault({ method: 'POST', path: /\/interactions\/\d+\/[^/]+\/callback/, status: 429, retryAfter: 1 });
    // The owner, who has used one command so far: the loop above spent the member's 10 per 10 s.
    const inFlight = fake.slash({ user: owner, guildId: guild.id, name: 'about' });
    await fake.waitFor(() => slow.hits > 0, 5000);

    const stoppedAt = Date.now();
    bot.child.kill('SIGTERM');
    expect(await bot.exit).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(5000);
    expect((await inFlight.reply(1000)).embeds).toHaveLength(1);
    expect(bot.output()).toMatch(/"msg":"stopped"/);
    expect(bot.output()).not.toContain(fake.token);
  }, 30_000);

  it('refuses to start with an invalid setting, naming it, with exit code 2', async () => {
    const bot = startProcess({ DISCORD_TOKEN: 'x'.repeat(30), DISCORD_CLIENT_ID: 'not-an-id' });
    expect(await bot.exit).toBe(2);
    expect(bot.output()).toMatch(/DISCORD_CLIENT_ID/);
    expect(bot.output()).toMatch(/README/);
  }, 30_000);

  it('refuses to start with a key that does not match the stored data, and leaves the data untouched', async () => {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.close());
    const dir = tempDir();
    cleanups.push(dir.remove);
    const env = {
      DISCORD_TOKEN: fake.token,
      DISCORD_CLIENT_ID: fake.application.id,
      DISCORD_API_URL: fake.apiUrl,
      STORE_URL: `sqlite://${join(dir.path, 'bot.sqlite')}`,
    };
    const first = startProcess({ ...env, DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
    cleanups.push(() => first.child.kill('SIGKILL'));
    await waitForText(first.output, /"msg":"ready"/);
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
    const before = readFileSync(join(dir.path, 'bot.sqlite'));

    const second = startProcess({ ...env, DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
    cleanups.push(() => second.child.kill('SIGKILL'));
    expect(await second.exit).toBe(2);
    expect(second.output()).toMatch(/encryption key does not match/);
    expect(readFileSync(join(dir.path, 'bot.sqlite')).equals(before)).toBe(true);
  }, 30_000);

  it('without a token: in CI it refuses, naming DISCORD_TOKEN; elsewhere `npm start` opens the playground', async () => {
    const ci = startProcess({ CI: 'true' });
    expect(await ci.exit).toBe(2);
    expect(ci.output()).toMatch(/DISCORD_TOKEN is required/);
    expect(ci.output()).toMatch(/README/);

    const dir = tempDir();
    cleanups.push(dir.remove);
    const playground = runScript('dist/src/index.js', { PLAYGROUND_PORT: '0' }, dir.path);
    cleanups.push(() => playground.child.kill('SIGKILL'));
    await waitForText(playground.output, /Open http:\/\/127\.0\.0\.1:\d+\/ in your browser/, 30_000);
    const url = /Open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(playground.output())![1]!;
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    playground.child.kill('SIGTERM');
    expect(await playground.exit).toBe(0);
  }, 60_000);

  it('keeps a code cache of its bundle from a graceful stop, and the next start is compiled from it and answers', async () => {
    const world = await oneGuild('Cache', 'ren');
    const { fake, guild, user } = world;
    const env = { ...world.env, LOG_LEVEL: 'debug' };
    // The bundle the entry names (scripts/bundle.mjs) and its cache, which no earlier start may have left.
    const bundle = /new URL\('\.\/(main\.bundle\.[^']+\.cjs)'/.exec(readFileSync(join(ROOT, 'dist', 'src', 'index.js'), 'utf8'))?.[1];
    expect(bundle).toBeTruthy();
    const cache = join(ROOT, 'dist', 'src', `${bundle}.v8cache`);
    rmSync(cache, { force: true });
    const first = startProcess(env);
    cleanups.push(() => first.child.kill('SIGKILL'));
    await waitForText(first.output, /"msg":"ready"/);
    expect((await fake.slash({ user, guildId: guild.id, name: 'about' }).reply(8000)).embeds).toHaveLength(1);
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
    // Written as it exited, unless a bot of another test, started after the removal, got there first.
    expect(existsSync(cache)).toBe(true);

    const second = startProcess(env);
    cleanups.push(() => second.child.kill('SIGKILL'));
    await waitForText(second.output, /"msg":"ready"/);
    expect(second.output()).toMatch(/"fromCodeCache":true,"msg":"bundle loaded"/);
    const reply = await fake.slash({ user, guildId: guild.id, name: 'about' }).reply(8000);
    expect(reply.embeds).toHaveLength(1);
    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
  }, 30_000);
});
