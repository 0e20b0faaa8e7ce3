/**
 * The real bot in a child process, for tests that kill it: `node --import tsx test/helpers/bot-process.ts`.
 * Configured by the same environment as src/index.ts, plus (tests only) SECURE_BASE_TEST_CLOCK_START:
 * the clock starts at that UTC ms and runs at real speed, so a test controls what is due.
 * Runs the minute clock as src/index.ts does (which ticks once as soon as it is ready); prints "ready",
 * then "idle" once that first tick's sends are done, and exits 0 on SIGTERM.
 * Also: SECURE_BASE_TEST_CLOCK_ORIGIN, the wall-clock ms at which the clock reads its start (so shard
 * processes started at different times share one clock); SECURE_BASE_TEST_TICK_MS, tick that often
 * as well. Run by a ShardingManager, each line carries the shard and the pid.
 */
import { commands } from '../../commands/index.js';
import { createBot } from '../../src/bot.js';
import type { Clock } from '../../src/clock.js';
import { parseConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';

const start = Number(process.env.SECURE_BASE_TEST_CLOCK_START ?? Date.now());
const began = Number(process.env.SECURE_BASE_TEST_CLOCK_ORIGIN ?? Date.now());
const clock: Clock = { now: () => start + (Date.now() - began) };

const config = parseConfig();
const baseLogger = createLogger({ level: config.logLevel, secrets: [config.token] });
const logger = process.env.SHARDING_MANAGER ? baseLogger.child({ shard: Number(process.env.SHARDS), pid: process.pid }) : baseLogger;
const bot = await createBot({ config, commands, logger, clock, minuteClock: true });

process.on('SIGTERM', () => {
  void bot.stop().then(() => process.exit(0));
});

await bot.start();
process.stdout.write('ready\n');
await bot.scheduler.whenIdle();
process.stdout.write('idle\n');
const tickMs = Number(process.env.SECURE_BASE_TEST_TICK_MS ?? 0);
if (tickMs > 0) setInterval(() => void bot.scheduler.tick(), tickMs);
