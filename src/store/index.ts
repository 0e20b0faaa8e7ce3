import { dirname } from 'node:path';
import type { Logger } from '../logger.js';
import { Codec } from './codec.js';
import { loadOrCreateKey } from './key-file.js';
import { RawStore, WrongKeyError } from './raw-store.js';
import { Repository } from './repository.js';
import { memberRecord, guildRecord, selfcheckHistoryRecord, reminderRecord } from './records.js';
import { PersonalData } from './personal-data.js';
import { StopSnapshots } from './stop-snapshot.js';

export { WrongKeyError, Repository, PersonalData, StopSnapshots };
export type { UpdateOptions, RepositoryOptions } from './repository.js';
export type { MemberRecord, GuildRecord, SelfcheckHistoryRecord, ReminderRecord } from './records.js';

/** The reminders' due index, snapshotted on a graceful stop (src/reminders/service.ts). */
export const DUE_INDEX_SNAPSHOT = 'due-index';

export interface StoreOptions {
  url: string;
  encryptionKey: string | undefined;
  logger: Logger;
  /** Decoded records kept in memory per kind of record (members, guilds, …); 0 or unset = off. */
  cacheEntries?: number;
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
  /** Encrypted copies of derived state kept over a graceful restart; null where there is no file (in memory). */
  stopSnapshots: StopSnapshots | null;
  close(): Promise<void>;
}

function dataDirFor(url: string): string {
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
  const raw = await RawStore.open({ url: options.url, codec, logger: options.logger });
  const cache = { cacheEntries: options.cacheEntries ?? 0 };
  const stopSnapshots = raw.file === ':memory:' ? null : new StopSnapshots(raw, codec, raw.file);
  const members = new Repository(raw, memberRecord, options.logger, cache);
  const selfcheckHistory = new Repository(raw, selfcheckHistoryRecord, options.logger, cache);
  // The due index is rebuilt from these; a stop snapshot of it must never outlive a write to them.
  const reminders = new Repository(raw, reminderRecord, options.logger, { ...cache, writeGuard: stopSnapshots?.guard(DUE_INDEX_SNAPSHOT) });
  return {
    members,
    guilds: new Repository(raw, guildRecord, options.logger, cache),
    selfcheckHistory,
    reminders,
    // Every repository keyed by a member's user id must be listed here, or /privacy would miss it.
    personal: new PersonalData(raw, [members, selfcheckHistory, reminders]),
    file: raw.file,
    stopSnapshots,
    close: () => raw.close(),
  };
}
