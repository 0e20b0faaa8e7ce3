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

export { WrongKeyError, Repository, PersonalData };
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
  /** Everything keyed to one member, across every namespace: for /privacy show, export and delete. */
  personal: PersonalData;
  /** The database file (or PostgreSQL URL without password), for operators and for tests that inspect it raw. */
  file: string;
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
  return {
    members,
    guilds: new Repository(raw, guildRecord, options.logger),
    selfcheckHistory,
    reminders,
    // Every repository keyed by a member's user id must be listed here, or /privacy would miss it.
    personal: new PersonalData(raw, [members, selfcheckHistory, reminders]),
    file: raw.file,
    kind: raw instanceof PostgresStore ? 'postgres' : 'sqlite',
    leadership: (leaderOptions) => leadershipFor(raw, leaderOptions),
    close: () => raw.close(),
  };
}
