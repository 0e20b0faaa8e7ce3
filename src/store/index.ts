import { dirname, resolve } from 'node:path';
import type { Logger } from '../logger.js';
import { Codec } from './codec.js';
import { loadOrCreateKey } from './key-file.js';
import { RawStore, WrongKeyError, type RecordStore, type StoreOperation } from './raw-store.js';
import type { PostgresStore, PostgresStoreOptions } from './postgres-store.js';
import { type Leadership, type LeadershipOptions, SoleLeadership } from './leadership.js';
import { describeOpenError, identityOf, prepareSqliteFile, type FileIdentity, type PreparedLocation } from './sqlite-file.js';
import { Repository } from './repository.js';
import { memberRecord, guildRecord, selfcheckHistoryRecord, reminderRecord } from './records.js';
import { PersonalData } from './personal-data.js';
import { logRecord, type LogRecord } from './log-record.js';
import { focusRecord, type FocusRecord } from './focus-record.js';
import { safetyPlanRecord, type SafetyPlanRecord } from './safety-plan-record.js';
import { StopSnapshots } from './stop-snapshot.js';

export { WrongKeyError, Repository, PersonalData, StopSnapshots };
export type { UpdateOptions, RepositoryOptions } from './repository.js';
export type { LogRecord, LogEntry } from './log-record.js';
export type { FocusRecord, FocusChange, FocusQuestion, FocusWeek, FocusAnswer } from './focus-record.js';
export type { Leadership, LeadershipOptions };
export type { StoreOperation };
export type { MemberRecord, GuildRecord, SelfcheckHistoryRecord, ReminderRecord } from './records.js';

export { DUE_INDEX_SNAPSHOT } from './layout.js';
import { DUE_INDEX_SNAPSHOT } from './layout.js';

export interface StoreOptions {
  url: string;
  encryptionKey: string | undefined;
  logger: Logger;
  /** Told how long each store operation took, for the metrics. */
  observe?: (operation: StoreOperation, seconds: number, failed: boolean) => void;
  /** Decoded records kept in memory per kind of record (members, guilds, …); 0 or unset = off. */
  cacheEntries?: number;
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
  /**
   * False only when the store knows, without a round trip, that `id` has no record in `repository`
   * (PostgreSQL keeps which schedules exist while it hears every change); true when it may have one.
   * For checks that run after every command and nearly always find nothing.
   */
  mayExist(repository: Repository<unknown>, id: string): boolean;
  /** 'sqlite' serves one process; 'postgres' is shared by every process and machine of the bot. */
  kind: 'sqlite' | 'postgres';
  /**
   * Campaigns for the one scheduler role: held for good by the only process on SQLite, an advisory
   * lock on a dedicated connection on PostgreSQL.
   */
  leadership(options: LeadershipOptions): Leadership;
  /**
   * Null while the store answers and its file is still the one opened; otherwise why not (deleted or
   * replaced under the running bot, or not answering). For the periodic check and /healthz.
   */
  verify(): Promise<string | null>;
  /** Null while the store file is the one opened; otherwise that it was deleted or replaced. No I/O beyond a stat. */
  lost(): string | null;
  /** Encrypted copies of derived state kept over a graceful restart; null where there is no file (in memory). */
  stopSnapshots: StopSnapshots | null;
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

const VERIFY_TIMEOUT_MS = 5000;

function sqliteFileOf(url: string): string | undefined {
  if (isPostgresUrl(url)) return undefined;
  const path = url.replace(/^sqlite:\/\//, '');
  return path === ':memory:' ? undefined : resolve(path);
}

/**
 * Opens the store, or fails with one line naming what is wrong (StartupError, WrongKeyError); a start
 * that fails removes the key file, database file and folder it created itself.
 */
interface SharedStore {
  store: PostgresStore;
  leadership(options: LeadershipOptions): Leadership;
}

/** pg and the advisory lock are loaded only for a PostgreSQL store: a bot on SQLite never pays for them at start. */
async function openPostgres(options: PostgresStoreOptions): Promise<SharedStore> {
  const [{ PostgresStore }, { AdvisoryLeadership }] = await Promise.all([import('./postgres-store.js'), import('./leader-lock.js')]);
  const store = await PostgresStore.open(options);
  return { store, leadership: (leaderOptions) => new AdvisoryLeadership(store, leaderOptions) };
}

export async function openStore(options: StoreOptions): Promise<Store> {
  const { logger } = options;
  const dbFile = sqliteFileOf(options.url);
  const location: PreparedLocation | undefined = dbFile ? prepareSqliteFile(dbFile) : undefined;
  let undoKey: () => void = () => {};
  let raw: RecordStore | undefined;
  let postgres: SharedStore | undefined;
  let codec: Codec;
  try {
    const loaded = loadOrCreateKey(options.encryptionKey, dataDirFor(options.url));
    undoKey = loaded.undo;
    codec = new Codec(loaded.key);
    if (isPostgresUrl(options.url)) {
      postgres = await openPostgres({
        url: options.url,
        codec,
        logger,
        // The schedules the leader follows: a change on any process reaches it at once.
        announce: [reminderRecord.namespace, focusRecord.namespace, guildRecord.namespace],
        // Read after every command on a standby shard (the refusal notice) and by /reminders status:
        // a member with no schedule, most of them, costs no round trip.
        presence: [reminderRecord.namespace],
      });
      raw = postgres.store;
    } else {
      raw = await RawStore.open({ url: options.url, codec, logger, ...(options.observe ? { observe: options.observe } : {}) }).catch((error: unknown) => {
        throw (dbFile && describeOpenError(dbFile, error)) || error;
      });
    }
    if (loaded.created) {
      logger.warn({ file: loaded.file }, 'created a new encryption key: back it up, without it the stored data cannot be read');
    } else if (loaded.file) {
      logger.info({ file: loaded.file }, 'using the encryption key file');
    }
  } catch (error) {
    undoKey();
    location?.undo();
    throw error;
  }
  // A host who lost the data volume sees it here rather than from members' empty answers.
  if (raw instanceof RawStore && raw.fresh && dbFile) logger.warn({ file: dbFile }, 'created a new, empty store');
  const identity: FileIdentity | undefined = dbFile ? identityOf(dbFile) : undefined;
  const opened = raw;
  const shared = postgres?.store;
  const sharedLeadership = postgres?.leadership;
  // Records in memory and a due-time file over a clean restart serve one process. With PostgreSQL other
  // processes write too, so every read goes to the store and the due index is always rebuilt from it.
  const single = opened instanceof RawStore;
  const cache = { cacheEntries: single ? (options.cacheEntries ?? 0) : 0 };
  const stopSnapshots = opened instanceof RawStore && opened.file !== ':memory:' ? new StopSnapshots(opened, codec, opened.file) : null;
  const members = new Repository(opened, memberRecord, logger, cache);
  const selfcheckHistory = new Repository(opened, selfcheckHistoryRecord, logger, cache);
  // The due index is rebuilt from these; a stop snapshot of it must never outlive a write to them.
  const reminders = new Repository(opened, reminderRecord, logger, { ...cache, writeGuard: stopSnapshots?.guard(DUE_INDEX_SNAPSHOT) });
  const log = new Repository(opened, logRecord, logger, cache);
  const focus = new Repository(opened, focusRecord, logger, cache);
  const safetyPlans = new Repository(opened, safetyPlanRecord, logger, cache);
  return {
    members,
    guilds: new Repository(opened, guildRecord, logger, cache),
    selfcheckHistory,
    reminders,
    log,
    focus,
    safetyPlans,
    // Every repository keyed by a member's user id must be listed here, or /privacy would miss it.
    personal: new PersonalData(opened, [members, selfcheckHistory, reminders, log, focus, safetyPlans]),
    file: opened.file,
    stopSnapshots,
    checkpoint: () => opened.checkpoint(),
    setMaxPageCount: (pages) =>
      opened instanceof RawStore ? opened.setMaxPageCount(pages) : Promise.reject(new Error('setMaxPageCount is a SQLite page cap: tests only')),
    mayExist: (repository, id) => !shared || shared.mayExist(repository.namespace, id),
    kind: shared ? 'postgres' : 'sqlite',
    leadership: (leaderOptions) => sharedLeadership?.(leaderOptions) ?? new SoleLeadership(),
    verify: () => verify(opened, dbFile, identity),
    lost: () => lostFile(dbFile, identity),
    close: () => opened.close(),
  };
}

function lostFile(file: string | undefined, opened: FileIdentity | undefined): string | null {
  if (!file || !opened) return null;
  const now = identityOf(file);
  if (!now) return `the store file ${file} was deleted`;
  if (now.ino !== opened.ino || now.dev !== opened.dev) return `the store file ${file} was replaced by another file`;
  return null;
}

async function verify(raw: RecordStore, file: string | undefined, opened: FileIdentity | undefined): Promise<string | null> {
  const lost = lostFile(file, opened);
  if (lost) return lost;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      raw.ping(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${VERIFY_TIMEOUT_MS} ms`)), VERIFY_TIMEOUT_MS))),
    ]);
    return null;
  } catch (error) {
    return `the store does not answer: ${(error as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}
