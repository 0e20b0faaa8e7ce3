import type { Client } from 'discord.js';
import type { ContentLibrary } from '../content/index.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/index.js';
import type { Clock } from '../clock.js';
import type { Scheduler } from '../scheduler/service.js';
import type { Ticker } from '../ticker.js';
import type { Counters } from '../counters.js';
import type { HardMoments } from '../hard-moment/index.js';
import type { Reminders } from '../reminders/service.js';
import type { SelfcheckSessions } from '../selfcheck/session-store.js';
import type { PersonalData } from '../store/personal-data.js';
import type { LogBook } from '../log/log-book.js';
import type { HeldTexts } from '../log/held-texts.js';
import type { WeeklyFocus } from '../focus/service.js';
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
  /** The one shared ticker for short in-memory timers (/pause follow-ups, /breathe phases). */
  ticker: Ticker;
  /** Things held in memory only for the hard moment: /pause drafts, breathing sessions, thought records. */
  moments: HardMoments;
  counters: Counters;
  /** Reminder schedules: every write and delete of one goes through here, which keeps the due index right. */
  reminders: Reminders;
  /** Open /selfcheck runs, in memory only. */
  selfcheckRuns: SelfcheckSessions;
  /** A member's data across every namespace, for /privacy show, export and delete. */
  personalData: PersonalData;
  /** The private log (`/log`). */
  log: LogBook;
  /** What a member wrote in a writing exercise, in memory for 15 minutes, until "Save to my log". */
  heldTexts: HeldTexts;
  /** The weekly focus and its end-of-week question (`/focus`, the scheduler's `f` kind). */
  focus: WeeklyFocus;
  version: string;
  /** Prometheus metrics (/metrics); labels are names from the code, never member ids or text. */
  metrics: BotMetrics;
  /** Where the host publishes PRIVACY.md, if they set PRIVACY_URL. */
  privacyUrl?: string | undefined;
  /** How long saved self-check results are kept (SELFCHECK_RETENTION_DAYS), so /privacy show can say so. */
  selfcheckRetentionDays?: number | undefined;
  /** How long a log entry is kept (LOG_RETENTION_DAYS), for /privacy show. */
  logRetentionDays?: number | undefined;
}
