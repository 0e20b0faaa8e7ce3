import type { Client } from 'discord.js';
import type { ContentLibrary } from '../content/index.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/index.js';
import type { Clock } from '../clock.js';
import type { Scheduler } from '../scheduler/service.js';
import type { BotMetrics } from '../health/metrics.js';

/** What a command handler may use: the parts of the bot, never its wiring. */
export interface BotContext {
  content: ContentLibrary;
  store: Store;
  logger: Logger;
  clock: Clock;
  client: Client;
  /** The one clock-driven scheduler: features file when their records are next due. */
  scheduler: Scheduler;
  version: string;
  /** Prometheus metrics (/metrics); labels are names from the code, never member ids or text. */
  metrics: BotMetrics;
  /** Where the host publishes PRIVACY.md, if they set PRIVACY_URL. */
  privacyUrl?: string | undefined;
}
