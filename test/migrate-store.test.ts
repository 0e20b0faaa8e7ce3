import { definitionsOf } from './helpers/definitions.js';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Routes } from 'discord.js';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import { ManualClock } from '../src/clock.js';
import { FakeDiscord } from '../src/fake-discord/index.js';
import { openStore } from '../src/store/index.js';
import { newReminder } from '../src/store/records.js';
import { START_TIME, startBot } from './helpers/harness.js';
import { captureLogs } from './helpers/logs.js';
import { postgresReachable, testSchema } from './helpers/postgres.js';
import { tempDir } from './helpers/temp-dir.js';

const pgUp = await postgresReachable();
const ROOT = join(import.meta.dirname, '..');

function migrate(from: string, to: string, key: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', join('src', 'migrate-store.ts'), '--from', from, '--to', to], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DOTENV_CONFIG_PATH: '/nonexistent', DATA_ENCRYPTION_KEY: key },
    encoding: 'utf8',
  });
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe.skipIf(!pgUp)('npm run migrate-store', () => {
  const schema = testSchema('migrate');
  const dir = tempDir();
  afterAll(async () => {
    await schema.drop();
    dir.remove();
  });

  it('copies every record of an SQLite store, checks the counts, leaves the file as it was, and the bot runs on the copy', { timeout: 60_000 }, async () => {
    const fake = await FakeDiscord.start();
    const clock = new ManualClock(START_TIME);
    const guild = fake.addGuild({ name: 'Moving house' });
    const members = Array.from({ length: 25 }, (_, i) => fake.addUser({ username: `mover${i}` }));
    for (const m of members) fake.addMember(guild.id, m.id);
    const key = randomBytes(32).toString('base64');
    const sqliteUrl = `sqlite://${join(dir.path, 'securebase.sqlite')}`;
    const source = await openStore({ url: sqliteUrl, encryptionKey: key, logger: captureLogs().logger });
    for (const [i, m] of members.entries()) {
      await source.members.set(m.id, { lastTimeZone: 'Europe/Dublin' });
      await source.reminders.set(
        m.id,
        newReminder({
          hour: 9,
          minute: 30,
          days: 127,
          timeZone: 'UTC',
          focus: 'mixed',
          locale: 'en-US',
          dmChannelId: fake.dmChannel(m.id).id,
          nextDueUtc: START_TIME + 30 * 60_000,
          rotationSeed: i,
        }),
      );
      if (i % 5 === 0) await source.selfcheckHistory.set(m.id, { results: [{ at: START_TIME, mean: 3.2, band: 'some' }] });
    }
    await source.guilds.set(guild.id, { publicChannels: [], changes: [] });
    await source.close();
    const before = sha(join(dir.path, 'securebase.sqlite'));

    const run = migrate(sqliteUrl, schema.url, key);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/reminders: 25 in SQLite, 25 in PostgreSQL/);
    expect(run.stdout).toMatch(/selfcheck-history: 5 in SQLite, 5 in PostgreSQL/);
    expect(run.stdout).toMatch(/Done: 56 records copied/);
    expect(sha(join(dir.path, 'securebase.sqlite'))).toBe(before);
    const rows = await schema.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${schema.schema}.keyv`);
    expect(Number(rows[0]!.n)).toBe(57); // 56 records and the key check

    // The bot on the migrated store: its schedules are there, and a member's command reads them.
    const bot = await startBot(fake, { clock, encryptionKey: key, env: { STORE_URL: schema.url } });
    try {
      await bot.bot.client.rest.put(Routes.applicationCommands(fake.application.id), { body: definitionsOf(commands) });
      expect(bot.bot.scheduler.dueAt('r', members[3]!.id)).toBe(START_TIME + 30 * 60_000);
      const status = await fake.slash({ user: members[3]!, guildId: guild.id, name: 'reminders', subcommand: 'status' }).reply();
      expect(status.content + JSON.stringify(status.embeds)).toMatch(/9:30|09:30/);
      clock.set(START_TIME + 30 * 60_000);
      await bot.bot.scheduler.tick();
      await bot.bot.scheduler.whenIdle();
      expect(members.every((m) => fake.dmsTo(m.id).filter((d) => d.embeds.length > 0).length === 1)).toBe(true);
    } finally {
      await bot.stop();
      await fake.close();
    }
    fake.assertNoViolations();

    // A second run would mix two stores: refused, and nothing is written.
    const again = migrate(sqliteUrl, schema.url, key);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already holds/);
  });

  it('refuses a key that does not open the SQLite store', { timeout: 30_000 }, async () => {
    const other = tempDir();
    const url = `sqlite://${join(other.path, 'securebase.sqlite')}`;
    const store = await openStore({ url, encryptionKey: randomBytes(32).toString('base64'), logger: captureLogs().logger });
    await store.members.set('412345678901234567', { lastTimeZone: 'UTC' });
    await store.close();
    const run = migrate(url, testSchema('unused').url, randomBytes(32).toString('base64'));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/does not match the SQLite store/);
    other.remove();
  });
});
