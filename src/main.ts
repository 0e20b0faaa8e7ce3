import 'dotenv/config';
// Before everything else: a cold start's scan of every schedule begins in worker threads now (src/early-start.ts).
import './early-start.js';
import { commands } from '../commands/index.js';
import { createBot } from './bot.js';
import { ConfigError, parseConfig, type Config } from './config/index.js';
import { BotMetrics } from './health/metrics.js';
import { startHealthServer, type HealthServer } from './health/server.js';
import { createLogger } from './logger.js';
import { StartupError } from './startup-error.js';
import { WrongKeyError } from './store/index.js';
import { importBeside } from './bundled.js';
import type { EntryFacts } from './run-bundle.js';

const EXIT_CONFIG = 2;
const EXIT_FAILURE = 1;
const SHUTDOWN_LIMIT_MS = 5000;

/** A start-up input the operator must fix: one plain line on stderr, exit 2, no stack trace. */
function refuse(message: string): never {
  console.error(message);
  process.exit(EXIT_CONFIG);
}

function loadConfig(): Config {
  try {
    return parseConfig();
  } catch (error) {
    if (error instanceof ConfigError) refuse(error.message);
    throw error;
  }
}

/**
 * The bot's entry, as a function: src/index.ts calls it, and so does the bundle's loader
 * (src/run-bundle.ts), which runs this module from a V8 code cache. Returns once the bot is up.
 */
export async function main(entry: EntryFacts = {}): Promise<void> {
  // A fresh clone has no token: open the local playground rather than fail. Never in production
  // (NODE_ENV=production, as .env.example and the Dockerfile set it), CI or tests, where a missing
  // token must stay an error; `npm run playground` opens it whatever the settings.
  if (!process.env.DISCORD_TOKEN && process.env.NODE_ENV !== 'production' && !process.env.CI && !process.env.VITEST) {
    await (await importBeside<typeof import('./playground/main.js')>('./playground/main.js', import.meta.url)).runPlayground();
  }

  const config = loadConfig();
  const rootLogger = createLogger({ level: config.logLevel, pretty: config.prettyLogs, secrets: [config.token] });
  // A shard process's lines say which shard they come from (discord.js passes it in SHARDS).
  const logger = process.env.SHARDING_MANAGER ? rootLogger.child({ shard: Number(process.env.SHARDS) }) : rootLogger;

  if (entry.fromCodeCache !== undefined) logger.debug({ fromCodeCache: entry.fromCodeCache }, 'bundle loaded');
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

  // SHARD_COUNT: this process only starts and watches one process per shard (this same entry, which
  // discord.js tells which shard it is); it never connects to Discord itself. Runs until stopped.
  if (config.sharding && !process.env.SHARDING_MANAGER) {
    const { runShardManager } = await importBeside<typeof import('./cluster/shard-manager.js')>('./cluster/shard-manager.js', import.meta.url);
    await runShardManager({ config, logger, file: process.argv[1]!, execArgv: process.execArgv });
  }

  /** Under a ShardingManager, each shard process is told its shard id (SHARDS): its health port and metrics say which. */
  const shardId = process.env.SHARDING_MANAGER ? Number(process.env.SHARDS) : undefined;
  const metrics = new BotMetrics({ processMetrics: true, shard: shardId });
  let bot: Awaited<ReturnType<typeof createBot>>;
  try {
    bot = await createBot({ config, commands, logger, metrics, minuteClock: true });
  } catch (error) {
    if (error instanceof StartupError || error instanceof WrongKeyError) refuse(`Secure Base cannot start: ${error.message}`);
    logger.fatal({ err: error }, 'could not start');
    process.exit(EXIT_FAILURE);
  }

  let shuttingDown = false;
  let storeCheck: NodeJS.Timeout | undefined;
  let health: HealthServer | undefined;
  async function shutdown(reason: string, code = 0): Promise<void> {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ reason }, 'shutting down');
    // A hung socket must not keep the process past what service managers allow.
    const limit = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(EXIT_FAILURE);
    }, SHUTDOWN_LIMIT_MS);
    limit.unref();
    clearInterval(storeCheck);
    await health?.close();
    await bot.stop().catch((error: unknown) => logger.error({ err: error }, 'stopping failed'));
    process.exit(code);
  }
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  // A database file deleted or replaced under the bot would take every "saved" into a file nobody can
  // open again: stop loudly instead, so the service manager's restart (or the host) sees it.
  storeCheck = setInterval(() => {
    const lost = bot.store.lost();
    if (!lost) return;
    logger.error({ file: bot.store.file, problem: lost }, 'the store file is gone: stopping so nothing is saved into a lost file');
    void shutdown('store lost', EXIT_FAILURE);
  }, config.storeCheckMs);
  storeCheck.unref();

  try {
    // Starts the minute clock too (createBot's minuteClock), which ticks once at once to catch up.
    await bot.start();
  } catch (error) {
    // Discord answering 401 to the token is a setting to fix, like any other.
    if ((error as { code?: unknown }).code === 'TokenInvalid')
      refuse('Secure Base cannot start: Discord refused DISCORD_TOKEN (401): copy it again from the Developer Portal (Bot → Reset Token).');
    logger.fatal({ err: error }, 'could not connect to Discord');
    process.exit(EXIT_FAILURE);
  }
  if (config.health) {
    // Each shard process serves its own health on HEALTH_PORT + its shard id.
    const port = config.health.port + (shardId ?? 0);
    try {
      health = await startHealthServer({
        ...config.health,
        port,
        client: bot.client,
        store: bot.store,
        metrics,
        scheduler: bot.scheduler,
        leadership: bot.leadership,
        logger,
      });
    } catch (error) {
      console.error(`Secure Base cannot start: HEALTH_PORT ${port} on ${config.health.host} cannot be opened (${(error as Error).message})`);
      await shutdown('health port unavailable', EXIT_CONFIG);
    }
  }
}
