import { Events, type Client } from 'discord.js';
import type { Config } from './config/index.js';
import { ContentLibrary } from './content/index.js';
import { createClient } from './client.js';
import { systemClock, type Clock } from './clock.js';
import type { Command } from './interactions/command.js';
import type { BotContext } from './interactions/context.js';
import { InteractionRouter } from './interactions/router.js';
import type { Logger } from './logger.js';
import { openStore, type Store } from './store/index.js';
import { VERSION } from './version.js';

export interface BotParts {
  config: Config;
  commands: readonly Command[];
  logger: Logger;
  clock?: Clock;
  content?: ContentLibrary;
}

export interface Bot {
  client: Client;
  store: Store;
  context: BotContext;
  router: InteractionRouter;
  /** Logs in and resolves once the gateway is ready. */
  start(): Promise<void>;
  /** Stops taking work, lets in-flight work finish (bounded), then closes the gateway and the store. */
  stop(): Promise<void>;
}

const DRAIN_TIMEOUT_MS = 3000;

/** The composition root: the one place that knows how the parts fit together. */
export async function createBot(parts: BotParts): Promise<Bot> {
  const { config, logger } = parts;
  const content = parts.content ?? new ContentLibrary();
  const store = await openStore({ url: config.storeUrl, encryptionKey: config.encryptionKey, logger });
  const client = createClient({ apiUrl: config.apiUrl });
  const context: BotContext = { content, store, logger, clock: parts.clock ?? systemClock, client, version: VERSION };
  const router = new InteractionRouter(parts.commands, context);

  client.on(Events.InteractionCreate, (interaction) => void router.dispatch(interaction));
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn(message));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn({ code: event.code, shard }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shard, replayed) => logger.info({ shard, replayed }, 'gateway resumed'));

  let stopped = false;
  return {
    client,
    store,
    context,
    router,
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(config.token);
      await ready;
      logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size, version: VERSION }, 'ready');
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await router.drain(DRAIN_TIMEOUT_MS);
      await client.destroy();
      await store.close();
      logger.info('stopped');
    },
  };
}
