import { REST, Routes, ShardingManager } from 'discord.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../logger.js';
import { loadOrCreateKey } from '../store/key-file.js';

const SHUTDOWN_LIMIT_MS = 8000;

/**
 * The shard count Discord recommends, asked through the configured REST: discord.js's own 'auto'
 * asks discord.com directly, which ignores DISCORD_API_URL (a proxy, or the fake Discord in tests).
 */
export async function recommendedShardCount(config: Pick<Config, 'apiUrl' | 'token'>): Promise<number> {
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const { shards } = (await rest.get(Routes.gatewayBot())) as { shards: number };
  return shards;
}

export interface ShardManagerOptions {
  config: Config;
  logger: Logger;
  /** The script each shard process runs (the bot's own entry) and the Node flags it needs. */
  file: string;
  execArgv?: string[];
}

/**
 * One process per shard on this machine (discord.js's ShardingManager), each a whole bot: it answers
 * its guilds' interactions and campaigns for the one scheduler role through PostgreSQL. A shard that
 * dies is started again. Runs until SIGINT/SIGTERM, then stops every shard and exits.
 */
export async function runShardManager(options: ShardManagerOptions): Promise<never> {
  const { config, logger } = options;
  const sharding = config.sharding!;
  // Created here once, before any shard starts, so shards never race to create different keys.
  loadOrCreateKey(config.encryptionKey, 'data');
  const totalShards = sharding.count === 'auto' ? await recommendedShardCount(config) : sharding.count;
  const manager = new ShardingManager(options.file, {
    token: config.token,
    totalShards,
    shardList: sharding.ids ?? 'auto',
    mode: 'process',
    respawn: true,
    execArgv: options.execArgv ?? [],
  });
  manager.on('shardCreate', (shard) => {
    logger.info({ shard: shard.id, totalShards }, 'shard process starting');
    shard.on('death', (child) =>
      logger.warn({ shard: shard.id, exitCode: 'exitCode' in child ? child.exitCode : undefined }, 'shard process ended; starting it again'),
    );
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping every shard');
    setTimeout(() => process.exit(1), SHUTDOWN_LIMIT_MS).unref();
    await Promise.all(
      [...manager.shards.values()].map(
        (shard) =>
          new Promise<void>((done) => {
            const child = shard.process;
            if (!child || child.exitCode !== null) return done();
            child.once('exit', () => done());
            // Each shard stops gracefully on SIGTERM (in-flight sends finish, the scheduler lock is released).
            shard.kill();
          }),
      ),
    );
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  // Discord allows one IDENTIFY per 5 s per bucket: discord.js spaces the shards' starts by that.
  await manager.spawn({ amount: totalShards, timeout: 60_000 });
  logger.info({ shards: [...manager.shards.keys()], totalShards }, 'every shard is ready');
  return new Promise<never>(() => undefined);
}
