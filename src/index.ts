import 'dotenv/config';
import { commands } from '../commands/index.js';
import { createBot } from './bot.js';
import { ConfigError, parseConfig, type Config } from './config/index.js';
import { createLogger } from './logger.js';
import { WrongKeyError } from './store/index.js';

const EXIT_CONFIG = 2;
const SHUTDOWN_LIMIT_MS = 5000;

function loadConfig(): Config {
  try {
    return parseConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
}

// A fresh clone has no token: open the local playground rather than fail (never in CI or tests,
// where a missing token must stay an error). It runs until Ctrl+C and exits the process itself.
if (!process.env.DISCORD_TOKEN && !process.env.CI && !process.env.VITEST) {
  await (await import('./playground/main.js')).runPlayground();
}

const config = loadConfig();
const rootLogger = createLogger({ level: config.logLevel, pretty: config.prettyLogs, secrets: [config.token] });
// A shard process's lines say which shard they come from (discord.js passes it in SHARDS).
const logger = process.env.SHARDING_MANAGER ? rootLogger.child({ shard: Number(process.env.SHARDS) }) : rootLogger;

process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

// SHARD_COUNT: this process only starts and watches one process per shard (this same entry, which
// discord.js tells which shard it is); it never connects to Discord itself. Runs until stopped.
if (config.sharding && !process.env.SHARDING_MANAGER) {
  const { runShardManager } = await import('./cluster/shard-manager.js');
  await runShardManager({ config, logger, file: process.argv[1]!, execArgv: process.execArgv });
}

let bot: Awaited<ReturnType<typeof createBot>>;
try {
  bot = await createBot({ config, commands, logger, minuteClock: true });
} catch (error) {
  if (error instanceof WrongKeyError) {
    logger.fatal(error.message);
    process.exit(EXIT_CONFIG);
  }
  throw error;
}

let shuttingDown = false;
async function shutdown(signal: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  logger.info({ signal }, 'shutting down');
  // A hung socket must not keep the process past what service managers allow.
  const limit = setTimeout(() => {
    logger.error('shutdown took too long; exiting');
    process.exit(1);
  }, SHUTDOWN_LIMIT_MS);
  limit.unref();
  await bot.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

await bot.start();
