import { dirname } from 'node:path';
import type { Logger } from '../logger.js';
import { Codec } from './codec.js';
import { loadOrCreateKey } from './key-file.js';
import { RawStore, WrongKeyError, type RecordStore } from './raw-store.js';
import { PostgresStore } from './postgres-store.js';
import { leadershipFor, type Leadership, type LeadershipOptions } from './leader-lock.js';
import { Repository } from './repository.js';
import { memberRecord, guildRecord, selfcheckHistoryRecord, reminderRecord } from './records.js';
import { PersonalData } from './personal-data.js';
import { logRecord, type LogRecord } from './log-record.js';
import { focusRecord, type FocusRecord } from './focus-record.js';
import { safetyPlanRecord, type SafetyPlanRecord } from '../safety-plan/record.js';

export { WrongKeyError, Repository, PersonalData };
export type { LogRecord, LogEntry } from './log-record.js';
export type { FocusRecord, FocusChange, FocusQuestion, FocusWeek, FocusAnswer } from './focus-record.js';
export type { Leadership, LeadershipOptions };
export type { MemberRecord, GuildRecord, SelfcheckHistoryRecord, ReminderRecord } from './records.js';

export interface StoreOptions {
  url: string;
  encryptionKey: string | undefined;
  logger: Logger;
}

export interface Store {
  members: Repository<import('./records.js').MemberRecord>;
  guilds: Repository<import('./records.js').GuildRecord>;
  selfcheckHistory: Repository<import('./records.js').SelfcheckHistoryRecord>;
  /** Reminder schedules by user id; scanned at start-up to rebuild the due index. */
  reminders: Repository<import('./records.js').ReminderRecord>;
  /** A member's private log (`/log`), only after they opted in. */
  log: Repository<LogRecord>;
  /** A member's weekly focus and its end-of-week question (`/focus`). */
  focus: Repository<FocusRecord>;
  /** A member's own safety plan, by user id; only after they chose to keep one. */
  safetyPlans: Repository<SafetyPlanRecord>;
  /** Everything keyed to one member, across every namespace: for /privacy show, export and delete. */
  personal: PersonalData;
  /** The database file (or PostgreSQL URL without password), for operators and for tests that inspect it raw. */
  file: string;
  /** Folds the write-ahead log into the file, so a deleted record leaves no copy behind in it. */
  checkpoint(): Promise<void>;
  /**
   * Caps the database at `pages` pages (at least its current size) on the store's own connection and
   * returns the cap in force: a full disk, for tests that prove nothing claims to be saved when it was not.
   */
  setMaxPageCount(pages: number): Promise<number>;
  /** 'sqlite' serves one process; 'postgres' is shared by every process and machine of the bot. */
  kind: 'sqlite' | 'postgres';
  /**
   * Campaigns for the one scheduler role: held for good by the only process on SQLite, an advisory
   * lock on a dedicated connection on PostgreSQL.
   */
  leadership(options: LeadershipOptions): Leadership;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

function dataDirFor(url: string): string {
  if (isPostgresUrl(url)) return 'data';
  const path = url.replace(/^sqlite:\/\//, '');
  return path === ':memory:' ? 'data' : dirname(path);
}

export async function openStore(options: StoreOptions): Promise<Store> {
  const loaded = loadOrCreateKey(options.encryptionKey, dataDirFor(options.url));
  if (loaded.created) {
    options.logger.warn({ file: loaded.file }, 'created a new encryption key: back it up, without it the stored data cannot be read');
  } else if (loaded.file) {
    options.logger.info({ file: loaded.file }, 'using the encryption key file');
  }
  const codec = new Codec(loaded.key);
  const raw: RecordStore = isPostgresUrl(options.url)
    ? await PostgresStore.open({
        url: options.url,
        codec,
        logger: options.logger,
        // The schedules the leader follows: a change on any process reaches it at once.
        announce: [reminderRecord.namespace, guildRecord.namespace],
      })
    : await RawStore.open({ url: options.url, codec, logger: options.logger });
  const members = new Repository(raw, memberRecord, options.logger);
  const selfcheckHistory = new Repository(raw, selfcheckHistoryRecord, options.logger);
  const reminders = new Repository(raw, reminderRecord, options.logger);
  const log = new Repository(raw, logRecord, options.logger);
  const focus = new Repository(raw, focusRecord, options.logger);
  const safetyPlans = new Repository(raw, safetyPlanRecord, options.logger);
  return {
    members,
    guilds: new Repository(raw, guildRecord, options.logger),
    selfcheckHistory,
    reminders,
    log,
    focus,
    safetyPlans,
    // Every repository keyed by a member's user id must be listed here, or /privacy would miss it.
    personal: new PersonalData(raw, [members, selfcheckHistory, reminders, log, focus, safetyPlans]),
    file: raw.file,
    checkpoint: () => raw.checkpoint(),
    setMaxPageCount: (pages) =>
      raw instanceof RawStore ? raw.setMaxPageCount(pages) : Promise.reject(new Error('setMaxPageCount is a SQLite page cap: tests only')),
    kind: raw instanceof PostgresStore ? 'postgres' : 'sqlite',
    leadership: (leaderOptions) => leadershipFor(raw, leaderOptions),
    close: () => raw.close(),
  };
}
