/**
 * Names the SQLite store's layout is made of, in a module that imports nothing, so the early start of a
 * scan (src/store/early-scan.ts), evaluated before the rest of the bot, can name them too.
 */

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

/** The file a stop snapshot named `name` is kept in, beside the database (src/store/stop-snapshot.ts). */
export function snapshotFile(databaseFile: string, name: string): string {
  return `${databaseFile}.${name}.snapshot`;
}
