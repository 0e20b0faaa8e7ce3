/**
 * Names the SQLite store's layout is made of, in a module that imports nothing of the bot's, so the early
 * start of a scan (src/store/early-scan.ts), evaluated before the rest of the bot, can name them too.
 */
import { resolve } from 'node:path';

/** Every row's key starts `sb:<namespace>:`. */
export const KEY_PREFIX = 'sb';
/** Keyv's table. */
export const TABLE = 'keyv';
/** The reminders' due index, snapshotted on a graceful stop (src/reminders/service.ts). */
export const DUE_INDEX_SNAPSHOT = 'due-index';
/** Reminder schedules (src/store/records.ts): the namespace and the version the bulk scan takes as it is. */
export const REMINDER_NAMESPACE = 'reminders';
export const REMINDER_VERSION = 1;
/** Rows of a namespace scanned per query. */
export const SCAN_PAGE = 2000;

/** Where the store lives when STORE_URL is not set (src/config). */
export const DEFAULT_STORE_URL = 'sqlite://data/securebase.sqlite';
/** A DATA_ENCRYPTION_KEY: 32 bytes as base64 (44 characters) or hex (64). */
export const ENCRYPTION_KEY_PATTERN = /^[A-Za-z0-9+/]{43}=$|^[0-9a-fA-F]{64}$/;

/** The key file kept beside the data when DATA_ENCRYPTION_KEY is not set (src/store/key-file.ts). */
export function keyFileIn(dataDir: string): string {
  return resolve(dataDir, 'encryption.key');
}

/** The file a stop snapshot named `name` is kept in, beside the database (src/store/stop-snapshot.ts). */
export function snapshotFile(databaseFile: string, name: string): string {
  return `${databaseFile}.${name}.snapshot`;
}
