import { disableValidators, Events, type Client } from 'discord.js';
import type { Config } from './config/index.js';
import { ContentLibrary } from './content/index.js';
import { createClient } from './client.js';
import { crisisFirst } from './crisis/free-text.js';
import { registerGuildEvents } from './guild-events.js';
import { weeklyPromptKind } from './guild-settings/weekly-prompt-kind.js';
import { retentionKind } from './retention.js';
import { systemClock, type Clock } from './clock.js';
import type { Command } from './interactions/command.js';
import type { BotContext } from './interactions/context.js';
import { InteractionRouter } from './interactions/router.js';
import type { Logger } from './logger.js';
import { pendingNotice, Reminders } from './reminders/index.js';
import { startMinuteClock } from './scheduler/minute-clock.js';
import { Scheduler } from './scheduler/service.js';
import { SelfcheckSessions } from './selfcheck/session-store.js';
import { DUE_INDEX_SNAPSHOT, openStore, type Store } from './store/index.js';
import { VERSION } from './version.js';

export interface BotParts {
  config: Config;
  commands: readonly Command[];
  logger: Logger;
  clock?: Clock;
  content?: ContentLibrary;
  /**
   * Tick the scheduler at the top of every minute once started, and once at start to catch up after
   * downtime. The running bot and the playground do; tests leave it off and call `scheduler.tick()`.
   */
  minuteClock?: boolean;
}

export interface Bot {
  client: Client;
  store: Store;
  context: BotContext;
  router: InteractionRouter;
  /** The one clock-driven scheduler (reminder DMs, weekly prompts); ticked each minute when `minuteClock` is set. */
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
  const store = await openStore({ url: config.storeUrl, encryptionKey: config.encryptionKey, logger, cacheEntries: config.storeCacheEntries });
  const client = createClient({ apiUrl: config.apiUrl });
  const clock = parts.clock ?? systemClock;
  const scheduler = new Scheduler({ clock, logger });
  const reminders = new Reminders({ store, content, client, clock, logger, scheduler, graceMs: config.reminderGraceMs });
  const context: BotContext = {
    content,
    store,
    logger,
    clock,
    client,
    scheduler,
    reminders,
    selfcheckRuns: new SelfcheckSessions(() => clock.now()),
    // Deleting a member's schedule goes through the service that keeps the due index.
    personalData: store.personal.ownedBy({ [store.reminders.namespace]: (userId) => reminders.remove(userId) }),
    version: VERSION,
    privacyUrl: config.privacyUrl,
  };
  // A member whose reminders Discord paused (DMs closed) hears about it after their next command, once;
  // free text that sounds like a crisis gets the crisis lines before its handler answers.
  const router = new InteractionRouter(parts.commands, context, { notices: [pendingNotice], modalChecks: [crisisFirst(context)] });
  scheduler.register(reminders);
  scheduler.register(weeklyPromptKind(context, config.reminderGraceMs));
  scheduler.register(retentionKind(context, config.selfcheckRetentionDays));

  client.on(Events.InteractionCreate, (interaction) => void router.dispatch(interaction));
  registerGuildEvents(client, context);
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn(message));
  // discord.js's own chatter (gateway, REST queue) only when an operator asks for trace logs: with no
  // listener discord.js does not even build those strings, which costs on every request otherwise.
  if (logger.isLevelEnabled('trace')) client.on(Events.Debug, (message) => logger.trace({ source: 'discord.js' }, message));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn({ code: event.code, shard }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shard, replayed) => logger.info({ shard, replayed }, 'gateway resumed'));

  let minuteClock: { stop(): void } | undefined;
  let stopped = false;
  return {
    client,
    store,
    context,
    router,
    scheduler,
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      // Commands are answered while the due index is rebuilt; the first tick waits for it. Loading a stop
      // snapshot is cheap, so it runs while the gateway connects; a full scan (decrypting every schedule)
      // waits for READY, so it does not hold up the first answer on a busy machine.
      const rebuiltEarly = store.stopSnapshots?.has(DUE_INDEX_SNAPSHOT) ? scheduler.rebuild() : undefined;
      rebuiltEarly?.catch(() => undefined);
      await client.login(config.token);
      await ready;
      logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size, version: VERSION }, 'ready');
      await (rebuiltEarly ?? scheduler.rebuild());
      if (parts.minuteClock) {
        minuteClock = startMinuteClock(scheduler, logger);
        // Catch up at once after a restart (within the grace window) rather than at the next full minute.
        scheduler.tick().catch((error: unknown) => logger.error({ err: error }, 'tick failed'));
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      minuteClock?.stop();
      // Both at once under one deadline, well inside the 5 s the process allows itself to stop.
      await Promise.all([scheduler.stop(DRAIN_TIMEOUT_MS), router.drain(DRAIN_TIMEOUT_MS)]);
      // Lets the next start skip decrypting every schedule; without it (a crash) that start scans the store.
      await reminders.saveSnapshot().catch((error: unknown) => logger.warn({ err: error }, 'could not write the due-index snapshot'));
      await client.destroy();
      await store.close();
      logger.info('stopped');
    },
  };
}
