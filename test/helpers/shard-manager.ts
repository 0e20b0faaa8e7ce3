/**
 * The bot's ShardingManager as src/index.ts runs it with SHARD_COUNT, but starting test/helpers/bot-process.ts
 * in each shard process (its test clock and tick interval): `node --import tsx test/helpers/shard-manager.ts`.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runShardManager } from '../../src/cluster/shard-manager.js';
import { parseConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';

const root = join(import.meta.dirname, '..', '..');
const config = parseConfig();
const logger = createLogger({ level: config.logLevel, secrets: [config.token] }).child({ role: 'manager' });
const tsx = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
await runShardManager({ config, logger, file: join(import.meta.dirname, 'bot-process.ts'), execArgv: ['--import', tsx] });
