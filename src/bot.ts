import { disableValidators, Events, RESTEvents, type Client } from 'discord.js';
import type { Config } from './config/index.js';
import { ContentLibrary } from './content/index.js';
import { createClient } from './client.js';
import { crisisFirst } from './crisis/free-text.js';
import { registerGuildEvents } from './guild-events.js';
import { promptDue, WEEKLY_PROMPT_PREFIX, weeklyPromptKind } from './guild-settings/weekly-prompt-kind.js';
import { retentionKind } from './retention.js';
import { systemClock, type Clock } from './clock.js';
import type { Command } from './interactions/command.js';
import type { BotContext } from './interactions/context.js';
import { InteractionRouter } from './interactions/router.js';
import { BotMetrics } from './health/metrics.js';
import type { Logger } from './logger.js';
import { dueOf, pendingNotice, Reminders } from './reminders/index.js';
import { startMinuteClock } from './scheduler/minute-clock.js';
import { Scheduler } from './scheduler/service.js';
import { SelfcheckSessions } from './selfcheck/session-store.js';
import { DUE_INDEX_SNAPSHOT, openStore, type Leadership, type Store } from './store/index.js';
import { discardEarlyScan } from './store/early-scan.js';
import { followSchedule, runSchedulerRole } from './cluster/scheduler-role.js';
import { LogBook } from './log/log-book.js';
import { HeldTexts } from './log/held-texts.js';
import { FOCUS_PREFIX, questionDue, WeeklyFocus } from './focus/service.js';
import { focusNotice } from './focus/notice.js';
import { VERSION } from './version.js';
import { Ticker } from './ticker.js';
import { createCounters } from './counters.js';
import { createHardMoments } from './hard-moment/index.js';

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
  /** Shards for this client when not run by a ShardingManager (tests run two in one process this way). */
  shards?: { ids: number[]; count: number };
  /** The real bot passes one with process metrics; tests get a fresh one each. */
  metrics?: BotMetrics;
}

export interface Bot {
  client: Client;
  store: Store;
  context: BotContext;
  router: InteractionRouter;
  /** The one clock-driven scheduler (reminder DMs, weekly prompts); ticked each minute when `minuteClock` is set. */
  scheduler: Scheduler;
  /** Whether this process is the one that sends (always, on SQLite); health reports it as "scheduler". */
  leadership: Leadership;
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
  // The store begins opening (its file on libuv's threads) while this thread builds the client, which needs
  // nothing from it. Content comes first, as before: bad content stops the start before the store is touched.
  const opening = openStore({
    url: config.storeUrl,
    encryptionKey: config.encryptionKey,
    logger,
    cacheEntries: config.storeCacheEntries,
    observe: (operation, seconds, failed) => metrics.storeOperation(operation, seconds, failed),
  });
  const client = createClient({ apiUrl: config.apiUrl, shards: parts.shards });
  let store: Store;
  try {
    store = await opening;
  } catch (error) {
    // The client made meanwhile holds timers (its cache sweepers) that would keep the process up.
    await client.destroy().catch(() => undefined);
    throw error;
  }
  const clock = parts.clock ?? systemClock;
  const scheduler = new Scheduler({ clock, logger, onRunError: () => metrics.error('scheduled_run') });
  metrics.watchQueueDepth(() => scheduler.queueDepth);
  const focus = new WeeklyFocus({ store, content, client, clock, logger, scheduler, graceMs: config.reminderGraceMs });
  const ticker = new Ticker({ clock, logger });
  const moments = createHardMoments({ ticker, clock, content, logger });
  const reminders = new Reminders({ store, content, client, clock, logger, scheduler, metrics, graceMs: config.reminderGraceMs });
  const counters = createCounters();
  metrics.exportCount(counters.crisisWrongAlerts);
  const context: BotContext = {
    content,
    store,
    logger,
    clock,
    client,
    scheduler,
    metrics,
    reminders,
    selfcheckRuns: new SelfcheckSessions(() => clock.now()),
    ticker,
    moments,
    counters,
    // Deleting a schedule goes through the service that keeps its due-index entry.
    personalData: store.personal.ownedBy({
      [store.reminders.namespace]: (userId) => reminders.remove(userId),
      [store.focus.namespace]: (userId) => focus.remove(userId),
    }),
    log: new LogBook(store, clock),
    heldTexts: new HeldTexts(clock),
    focus,
    version: VERSION,
    privacyUrl: config.privacyUrl,
    selfcheckRetentionDays: config.selfcheckRetentionDays,
    logRetentionDays: config.logRetentionDays,
  };
  // A member whose reminders Discord paused (DMs closed) hears about it after their next command, once;
  // free text that sounds like a crisis gets the crisis lines before its handler answers.
  const router = new InteractionRouter(parts.commands, context, { notices: [pendingNotice, focusNotice], modalChecks: [crisisFirst(context)] });
  scheduler.register(reminders);
  scheduler.register(weeklyPromptKind(context, config.reminderGraceMs));
  scheduler.register(focus);
  scheduler.register(retentionKind({ clock, logger, scheduler, store, reminders }, config.selfcheckRetentionDays, config.logRetentionDays));
  const leadership = store.leadership({ logger, retryMs: config.leaderRetryMs });
  // Schedules another process may write: the scheduler hears of them by their hashed key.
  const followed = [
    followSchedule(reminders.prefix, store.reminders, dueOf),
    followSchedule(FOCUS_PREFIX, store.focus, questionDue),
    followSchedule(WEEKLY_PROMPT_PREFIX, store.guilds, (record) => (record.weeklyPrompt ? promptDue(record.weeklyPrompt) : null)),
  ];

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

  let minuteClock: { stop(): void } | undefined;
  let stopped = false;
  return {
    client,
    store,
    context,
    router,
    scheduler,
    leadership,
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      // A cold start on SQLite (no stop snapshot: every schedule to decrypt) rebuilds the due index while
      // the gateway connects, decrypting in worker threads so this thread stays with Discord; one process
      // owns the file, so every write meanwhile files itself. The scheduler role's rebuild after READY
      // takes this one over. Loading a stop snapshot is main-thread work, so it waits for READY.
      if (store.kind === 'sqlite' && !store.stopSnapshots?.has(DUE_INDEX_SNAPSHOT)) scheduler.rebuildAhead();
      // A scan the entry began early (src/store/early-scan.ts) that no rebuild here will take is stopped.
      else discardEarlyScan();
      await client.login(config.token);
      await ready;
      logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size, version: VERSION }, 'ready');
      // Rebuilds and starts sending now if this process is (or becomes) the scheduler; a standby keeps trying.
      await runSchedulerRole({ leadership, scheduler, followed, logger });
      if (parts.minuteClock) {
        minuteClock = startMinuteClock(scheduler, logger);
        // Catch up at once after a restart (within the grace window) rather than at the next full minute.
        scheduler.tick().catch((error: unknown) => logger.error({ err: error }, 'tick failed'));
      }
      ticker.start();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      minuteClock?.stop();
      // Both at once under one deadline, well inside the 5 s the process allows itself to stop.
      await Promise.all([scheduler.stop(DRAIN_TIMEOUT_MS), router.drain(DRAIN_TIMEOUT_MS), ticker.stop(DRAIN_TIMEOUT_MS)]);
      // Lets the next start skip decrypting every schedule (one process on SQLite); a crash means a full scan.
      await reminders.saveSnapshot().catch((error: unknown) => logger.warn({ err: error }, 'could not write the due-index snapshot'));
      // Released once nothing more will be sent from here, so a standby can take over at once.
      await leadership.stop();
      await client.destroy();
      await store.close();
      logger.info('stopped');
    },
  };
}
