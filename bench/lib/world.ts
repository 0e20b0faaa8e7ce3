/** Fake Discord set-ups shared by the benches. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeDiscord, type FakeDiscordOptions, type FakeUser } from '../../src/fake-discord/index.js';

/**
 * The fake as a load generator: no per-route limit (the bench measures the bot, not Discord's
 * buckets), no 3 s deadline (a slow reply should show up as latency, not as a failure), and no
 * OpenAPI validation (it costs the fake CPU per request; the e2e tests check the bodies).
 */
export const BENCH_FAKE_OPTIONS: FakeDiscordOptions = {
  validateSchemas: false,
  routeRateLimit: null,
  interactionAckDeadlineMs: 0,
  waitTimeoutMs: 60_000,
};

export interface SmallWorld {
  fake: FakeDiscord;
  guildId: string;
  users: FakeUser[];
}

/**
 * One guild and `userCount` members. Commands rotate over the members because the bot limits each
 * member to 10 commands per 10 s, as it should; the bare bot gets the same members.
 */
export async function smallWorld(userCount: number): Promise<SmallWorld> {
  const fake = await FakeDiscord.start(BENCH_FAKE_OPTIONS);
  const guild = fake.addGuild({ name: 'Bench' });
  const users: FakeUser[] = [];
  for (let i = 0; i < userCount; i++) {
    const user = fake.addUser({ username: `member${i}` });
    fake.addMember(guild.id, user.id);
    users.push(user);
  }
  return { fake, guildId: guild.id, users };
}

export interface DataDir {
  path: string;
  storeFile: string;
  encryptionKey: string;
  remove(): void;
}

export function dataDir(prefix = 'secure-base-bench-'): DataDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    storeFile: join(path, 'securebase.sqlite'),
    encryptionKey: randomBytes(32).toString('base64'),
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** Linux's USER_HZ; `getconf CLK_TCK` is 100 on every common kernel build. */
const CLOCK_TICKS = 100;

/** CPU seconds (user + system) a process has used so far, from /proc; null where there is no /proc. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at ") ".
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/**
 * The fake keeps every request, message and interaction for tests to inspect. Over tens of thousands
 * of commands that history makes the bench process's own major GCs long enough to show up in the
 * p99 of both bots, so the benches drop it between blocks.
 */
export function forgetHistory(fake: FakeDiscord): void {
  fake.forgetHistory();
}
