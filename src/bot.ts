import { disableValidators, Events, RESTEvents, type Client } from 'discord.js';
import type { Config } from './config/index.js';
import { ContentLibrary } from './content/index.js';
import { createClient } from './client.js';
import { registerGuildEvents } from './guild-events.js';
import { weeklyPromptKind } from './guild-settings/weekly-prompt-kind.js';
import { retentionKind } from './retention.js';
import { systemClock, type Clock } from './clock.js';
import type { Command } from './interactions/command.js';
import type { BotContext } from './interactions/context.js';
import { InteractionRouter } from './interactions/router.js';
import { BotMetrics } from './health/metrics.js';
import type { Logger } from './logger.js';
import { attachReminders, pendingNotice, Reminders } from './reminders/index.js';
import { Scheduler } from './scheduler/service.js';
import { openStore, type Store } from './store/index.js';
import { VERSION } from './version.js';

export interface BotParts {
  config: Config;
  commands: readonly Command[];
  logger: Logger;
  clock?: Clock;
  content?: ContentLibrary;
  /** The real bot passes one with process metrics; tests get a fresh one each. */
  metrics?: BotMetrics;
}

export interface Bot {
  client: Client;
  store: Store;
  context: BotContext;
  router: InteractionRouter;
  /** The one clock-driven scheduler (reminder DMs, weekly prompts); src/index.ts ticks it each minute. */
  scheduler: Scheduler;
  /** Logs in and resolves once the gateway is ready. */
  start(): Promise<void>;
  /** Stops taking work, lets in-flight work finish (bounded), then closes the gateway and the store. */
  stop(): Promise<void>;
}

const DRAIN_TIMEOUT_MS = 3000;

/** The composition root: the one place that knows how the parts fit together. */
export async function createBot(parts: BotParts): Promise<Bot> {
  const { config, logger } = parts;
  // Content is checked against Discord's limits by the schema tests and every body by the fake in
  // tests; per-call builder validation on top roughly doubled p99 latency (bench/interactions).
  if (!config.validateBuilders) disableValidators();
  const content = parts.content ?? new ContentLibrary();
  const metrics = parts.metrics ?? new BotMetrics();
  const store = await openStore({
    url: config.storeUrl,
    encryptionKey: config.encryptionKey,
    logger,
    observe: (operation, seconds, failed) => metrics.storeOperation(operation, seconds, failed),
  });
  const client = createClient({ apiUrl: config.apiUrl });
  const clock = parts.clock ?? systemClock;
  const scheduler = new Scheduler({ clock, logger, onRunError: () => metrics.error('scheduled_run') });
  metrics.watchQueueDepth(() => scheduler.queueDepth);
  const context: BotContext = { content, store, logger, clock, client, scheduler, metrics, version: VERSION, privacyUrl: config.privacyUrl };
  // A member whose reminders Discord paused (DMs closed) hears about it after their next command, once.
  const router = new InteractionRouter(parts.commands, context, [pendingNotice]);
  const reminders = new Reminders({ store, content, client, clock, logger, scheduler, metrics, graceMs: config.reminderGraceMs });
  scheduler.register(reminders);
  scheduler.register(weeklyPromptKind(context, config.reminderGraceMs));
  scheduler.register(retentionKind(context, config.selfcheckRetentionDays));
  attachReminders(context, reminders);

  client.on(Events.InteractionCreate, (interaction) => void router.dispatch(interaction));
  registerGuildEvents(client, context);
  client.on(Events.Error, (error) => {
    metrics.error('discord_client');
    logger.error({ err: error }, 'discord client error');
  });
  client.rest.on(RESTEvents.Response, (_request, response) => {
    if (response.status === 429) metrics.rateLimited();
  });
  client.on(Events.Warn, (message) => logger.warn(message));
  // discord.js's own chatter (gateway, REST queue) only when an operator asks for trace logs: with no
  // listener discord.js does not even build those strings, which costs on every request otherwise.
  if (logger.isLevelEnabled('trace')) client.on(Events.Debug, (message) => logger.trace({ source: 'discord.js' }, message));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn({ code: event.code, shard }, 'gateway disconnected'));
  client.on(Events.ShardReconnecting, (shard) => logger.warn({ shard }, 'gateway connection lost; reconnecting'));
  client.on(Events.ShardResume, (shard, replayed) => logger.info({ shard, replayed }, 'gateway resumed'));

  let stopped = false;
  return {
    client,
    store,
    context,
    router,
    scheduler,
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(config.token);
      await ready;
      logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size, version: VERSION }, 'ready');
      await scheduler.rebuild();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // Both at once under one deadline, well inside the 5 s the process allows itself to stop.
      await Promise.all([scheduler.stop(DRAIN_TIMEOUT_MS), router.drain(DRAIN_TIMEOUT_MS)]);
      await client.destroy();
      await store.close();
      logger.info('stopped');
    },
  };
}
