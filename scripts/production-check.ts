/**
 * CI's check of the production install, run from a copy after `npm ci && npm run build &&
 * npm prune --omit=dev` (the Dockerfile's steps): no devDependency is left, `npm run deploy-commands`
 * and `npm start` work without them, and the started bot answers /about against the fake Discord,
 * with /healthz and /metrics answering. Prints what it saw; exits non-zero on the first failure.
 *
 *   node dist/scripts/production-check.js
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeDiscord } from '../src/fake-discord/index.js';
import { PROJECT_ROOT } from '../src/project-root.js';

function fail(message: string): never {
  console.error(`production check failed: ${message}`);
  process.exit(1);
}

// A devDependency that a production dependency also needs (sqlite3, under @keyv/sqlite) rightly stays.
const lock = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
const devOnly = Object.keys(lock.packages).filter((path) => lock.packages[path]!.dev === true && path.lastIndexOf('node_modules/') === 0);
const leftovers = devOnly.filter((path) => existsSync(join(PROJECT_ROOT, path)));
if (leftovers.length > 0) fail(`dev-only packages are installed (${leftovers.slice(0, 5).join(', ')}…): run this after npm prune --omit=dev`);
if (devOnly.length === 0) fail('package-lock.json marks no package as dev-only; cannot tell a pruned install');
console.log(`production install: none of the ${devOnly.length} dev-only packages is installed`);

interface Child {
  output: () => string;
  exit: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

/** `npm run <script>` as a host types it, in a clean environment plus `env`. */
function npm(script: string, env: Record<string, string>): Child {
  const child = spawn('npm', ['run', '--silent', script], {
    cwd: PROJECT_ROOT,
    // Its own process group, signalled as a terminal's Ctrl+C would: npm and the bot under it together.
    detached: true,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DOTENV_CONFIG_PATH: '/nonexistent', NODE_ENV: 'production', ...env },
  });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  return { output: () => text, exit: new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : null)))), kill };
}

async function waitFor(child: Child, pattern: RegExp, what: string, timeoutMs = 30_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(child.output());
    if (match) return match;
    if (Date.now() > deadline) fail(`timed out waiting for ${what}; output:\n${child.output()}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'secure-base-production-'));
const fake = await FakeDiscord.start();
let bot: Child | undefined;
try {
  const guild = fake.addGuild({ name: 'Production check' });
  const user = fake.addUser({ username: 'sam' });
  fake.addMember(guild.id, user.id);
  const env = { DISCORD_TOKEN: fake.token, DISCORD_CLIENT_ID: fake.application.id, DISCORD_API_URL: fake.apiUrl };

  const deploy = npm('deploy-commands', env);
  if ((await deploy.exit) !== 0) fail(`npm run deploy-commands exited non-zero:\n${deploy.output()}`);
  console.log(`npm run deploy-commands: ${deploy.output().split('\n')[0]}`);

  bot = npm('start', { ...env, STORE_URL: `sqlite://${join(dataDir, 'securebase.sqlite')}`, HEALTH_PORT: '0' });
  await waitFor(bot, /"msg":"ready"/, 'the bot to be ready');
  const [, base] = await waitFor(bot, /"url":"(http:\/\/127\.0\.0\.1:\d+)\/healthz"/, 'the health port');
  console.log('npm start: ready');

  const about = await fake.slash({ user, guildId: guild.id, name: 'about' }).reply(10_000);
  const title = about.embeds[0]?.title;
  if (!title) fail(`/about answered without an embed: ${JSON.stringify(about)}`);
  fake.assertNoViolations();
  console.log(`/about answered: "${title}"`);

  const health = await fetch(`${base}/healthz`);
  const report = await health.text();
  console.log(`GET /healthz → ${health.status} ${report}`);
  if (health.status !== 200) fail('/healthz is not 200');
  const metrics = await (await fetch(`${base}/metrics`)).text();
  const served = metrics.split('\n').filter((line) => line.startsWith('securebase_interactions_total') || line.startsWith('securebase_reminders_total'));
  console.log(`GET /metrics →\n  ${served.join('\n  ')}`);
  if (!/securebase_interactions_total\{type="command",name="about",outcome="ok"\} 1/.test(metrics)) fail('/metrics does not count the /about served');

  bot.kill('SIGINT');
  await bot.exit;
  if (!/"msg":"stopped"/.test(bot.output())) fail(`npm start did not stop cleanly on Ctrl+C:\n${bot.output()}`);
  console.log('Ctrl+C (SIGINT to npm and the bot): stopped cleanly');
  console.log('production check passed');
} finally {
  bot?.kill('SIGKILL');
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
}
