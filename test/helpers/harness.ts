import { definitionsOf } from './definitions.js';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Routes } from 'discord.js';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { commands as allCommands } from '../../commands/index.js';
import { createBot, type Bot } from '../../src/bot.js';
import { ManualClock } from '../../src/clock.js';
import { parseConfig } from '../../src/config/index.js';
import type { Command } from '../../src/interactions/command.js';
import { FakeDiscord, type FakeGuild, type FakeUser } from '../../src/fake-discord/index.js';
import { captureLogs } from './logs.js';
import { tempDir } from './temp-dir.js';

/** 2026-03-02 09:00 UTC, a Monday: a fixed start so schedule tests read the same every run. */
export const START_TIME = Date.UTC(2026, 2, 2, 9, 0, 0);

export interface BotOptions {
  commands?: readonly Command[];
  /** Reuse a data folder and key to simulate a restart. */
  dataDir?: string;
  encryptionKey?: string;
  clock?: ManualClock;
  env?: Record<string, string>;
  shards?: { ids: number[]; count: number };
}

export interface RunningBot {
  bot: Bot;
  logs: ReturnType<typeof captureLogs>;
  dataDir: string;
  encryptionKey: string;
  stop(): Promise<void>;
}

/** Starts the real bot (real discord.js client, real store on disk) against a fake Discord. */
export async function startBot(fake: FakeDiscord, options: BotOptions = {}): Promise<RunningBot> {
  const dataDir = options.dataDir ?? tempDir().path;
  const encryptionKey = options.encryptionKey ?? randomBytes(32).toString('base64');
  const config = parseConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_CLIENT_ID: fake.application.id,
    DISCORD_API_URL: fake.apiUrl,
    STORE_URL: `sqlite://${join(dataDir, 'securebase.sqlite')}`,
    DATA_ENCRYPTION_KEY: encryptionKey,
    LOG_LEVEL: 'trace',
    ...options.env,
  });
  const logs = captureLogs([fake.token], 'trace');
  const bot = await createBot({
    config,
    commands: options.commands ?? allCommands,
    logger: logs.logger,
    clock: options.clock ?? new ManualClock(START_TIME),
    ...(options.shards ? { shards: options.shards } : {}),
  });
  await bot.start();
  return { bot, logs, dataDir, encryptionKey, stop: () => bot.stop() };
}

export interface Harness extends RunningBot {
  fake: FakeDiscord;
  clock: ManualClock;
  guild: FakeGuild;
  /** A member of the guild with no special permissions. */
  member: FakeUser;
  /** A second member, to press someone else's buttons. */
  other: FakeUser;
  close(): Promise<void>;
}

/**
 * One fake Discord with a guild and two members, the commands registered as the deploy script
 * would, and the bot running against it. Every request body the bot sends is checked against
 * Discord's OpenAPI description; `close()` fails the test if any was off.
 */
export async function startHarness(options: BotOptions = {}): Promise<Harness> {
  const clock = options.clock ?? new ManualClock(START_TIME);
  const fake = await FakeDiscord.start({ clock: () => clock.now() });
  const guild = fake.addGuild({ name: 'Secure Base Test Server' });
  const member = fake.addUser({ username: 'robin' });
  const other = fake.addUser({ username: 'sam' });
  fake.addMember(guild.id, member.id);
  fake.addMember(guild.id, other.id);
  const running = await startBot(fake, { ...options, clock });
  await running.bot.client.rest.put(Routes.applicationCommands(fake.application.id), {
    body: definitionsOf(options.commands ?? allCommands),
  });
  return {
    ...running,
    fake,
    clock,
    guild,
    member,
    other,
    async close() {
      await running.stop();
      await fake.close();
      fake.assertNoViolations();
      assertNobodyPinged(fake);
    },
  };
}

/**
 * The usual life of a test file: one harness for the file, closed (and checked for bodies
 * Discord would reject) at the end, with a fresh rate-limit window before each test since
 * members act at a human pace. Properties are filled in before the first test runs.
 */
export function useHarness(options: BotOptions = {}): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    Object.assign(harness, await startHarness(options));
  });
  afterAll(async () => {
    await harness.close?.();
  });
  beforeEach(() => harness.clock.advance(10_000));
  return harness;
}

/** Every message body the bot sent, as Discord would read it (interaction callbacks carry it in `data`). */
export function sentMessageBodies(fake: FakeDiscord): Record<string, unknown>[] {
  return (
    fake.requests
      .filter((r) => r.method !== 'GET' && r.body && typeof r.body === 'object' && !Array.isArray(r.body))
      .map((r) => ((r.body as { data?: unknown }).data ?? r.body) as Record<string, unknown>)
      .filter((body) => body && typeof body === 'object' && ('content' in body || 'embeds' in body || 'components' in body))
      // A modal (callback type 9) has components too, but it is a form, not a message.
      .filter((body) => !('title' in body && 'custom_id' in body))
  );
}

/** Bodies whose allowed_mentions is missing or lets Discord parse mentions out of the text. */
export function couldPing(bodies: Record<string, unknown>[]): Record<string, unknown>[] {
  return bodies.filter((body) => {
    const mentions = body.allowed_mentions as { parse?: unknown[] } | undefined;
    return !Array.isArray(mentions?.parse) || mentions.parse.length > 0;
  });
}

/**
 * The bot must never ping anyone by accident: every message body it sends carries
 * allowed_mentions with nothing to parse. Checked at the end of every end-to-end test file.
 */
export function assertNobodyPinged(fake: FakeDiscord): number {
  const bodies = sentMessageBodies(fake);
  const unsafe = couldPing(bodies);
  if (unsafe.length > 0) {
    throw new Error(`${unsafe.length} message bodies could ping someone (allowed_mentions missing or parsing):\n${JSON.stringify(unsafe[0]).slice(0, 500)}`);
  }
  return bodies.length;
}
