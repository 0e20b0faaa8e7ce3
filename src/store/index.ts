import { dirname, resolve } from 'node:path';
import type { Logger } from '../logger.js';
import { Codec } from './codec.js';
import { loadOrCreateKey } from './key-file.js';
import { RawStore, WrongKeyError, type StoreOperation } from './raw-store.js';
import { describeOpenError, identityOf, prepareSqliteFile, type FileIdentity, type PreparedLocation } from './sqlite-file.js';
import { Repository } from './repository.js';
import { memberRecord, guildRecord, selfcheckHistoryRecord, reminderRecord } from './records.js';
import { PersonalData } from './personal-data.js';

export { WrongKeyError, Repository, PersonalData };
export type { StoreOperation };
export type { MemberRecord, GuildRecord, SelfcheckHistoryRecord, ReminderRecord } from './records.js';

export interface StoreOptions {
  url: string;
  encryptionKey: string | undefined;
  logger: Logger;
  /** Told how long each store operation took, for the metrics. */
  observe?: (operation: StoreOperation, seconds: number, failed: boolean) => void;
}

export interface Store {
  members: Repository<import('./records.js').MemberRecord>;
  guilds: Repository<import('./records.js').GuildRecord>;
  selfcheckHistory: Repository<import('./records.js').SelfcheckHistoryRecord>;
  /** Reminder schedules by user id; scanned at start-up to rebuild the due index. */
  reminders: Repository<import('./records.js').ReminderRecord>;
  /** Everything keyed to one member, across every namespace: for /privacy show, export and delete. */
  personal: PersonalData;
  /** The database file, for operators and for tests that inspect it raw. */
  file: string;
  /**
   * Null while the store answers and its file is still the one opened; otherwise why not (deleted or
   * replaced under the running bot, or not answering). For the periodic check and /healthz.
   */
  verify(): Promise<string | null>;
  /** Null while the store file is the one opened; otherwise that it was deleted or replaced. No I/O beyond a stat. */
  lost(): string | null;
  close(): Promise<void>;
}

function dataDirFor(url: string): string {
  const path = url.replace(/^sqlite:\/\//, '');
  return path === ':memory:' ? 'data' : dirname(path);
}

const VERIFY_TIMEOUT_MS = 5000;

function sqliteFileOf(url: string): string | undefined {
  const path = url.replace(/^sqlite:\/\//, '');
  return path === ':memory:' ? undefined : resolve(path);
}

/**
 * Opens the store, or fails with one line naming what is wrong (StartupError, WrongKeyError); a start
 * that fails removes the key file, database file and folder it created itself.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  const { logger } = options;
  const dbFile = sqliteFileOf(options.url);
  const location: PreparedLocation | undefined = dbFile ? prepareSqliteFile(dbFile) : undefined;
  let undoKey = () => undefined as void;
  let raw: RawStore | undefined;
  try {
    const loaded = loadOrCreateKey(options.encryptionKey, dataDirFor(options.url));
    undoKey = loaded.undo;
    raw = await RawStore.open({ url: options.url, codec: new Codec(loaded.key), logger, ...(options.observe ? { observe: options.observe } : {}) }).catch(
      (error: unknown) => {
        throw (dbFile && describeOpenError(dbFile, error)) || error;
      },
    );
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
  if (raw.fresh && dbFile) logger.warn({ file: dbFile }, 'created a new, empty store');
  const identity: FileIdentity | undefined = dbFile ? identityOf(dbFile) : undefined;
  const opened = raw;
  const members = new Repository(raw, memberRecord, options.logger);
  const selfcheckHistory = new Repository(raw, selfcheckHistoryRecord, options.logger);
  const reminders = new Repository(raw, reminderRecord, options.logger);
  return {
    members,
    guilds: new Repository(raw, guildRecord, options.logger),
    selfcheckHistory,
    reminders,
    // Every repository keyed by a member's user id must be listed here, or /privacy would miss it.
    personal: new PersonalData(raw, [members, selfcheckHistory, reminders]),
    file: raw.file,
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

async function verify(raw: RawStore, file: string | undefined, opened: FileIdentity | undefined): Promise<string | null> {
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
