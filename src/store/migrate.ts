import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import sqlite3 from 'sqlite3';
import type { Logger } from '../logger.js';
import { Codec, parseKey } from './codec.js';
import { keyFileIn, TABLE } from './layout.js';
import { PostgresStore } from './postgres-store.js';

const BATCH = 1000;

export class MigrationError extends Error {}

export interface MigrationResult {
  /** Rows per namespace in the source, and the same counted in the target afterwards. */
  source: Record<string, number>;
  target: Record<string, number>;
  copied: number;
  ms: number;
}

function sqliteFile(url: string): string {
  const match = /^sqlite:\/\/(.+)$/.exec(url);
  if (!match || match[1] === ':memory:') throw new MigrationError('--from must be an SQLite store: sqlite://path/to/securebase.sqlite');
  const file = resolve(match[1]!);
  if (!existsSync(file)) throw new MigrationError(`--from: no such file ${file}`);
  return file;
}

/** The key the SQLite store was written with: DATA_ENCRYPTION_KEY, or the key file beside it. Never a new one. */
function sourceKey(configured: string | undefined, file: string): Buffer {
  if (configured) return parseKey(configured);
  const keyFile = keyFileIn(dirname(file));
  if (!existsSync(keyFile)) throw new MigrationError(`no DATA_ENCRYPTION_KEY and no ${keyFile}: the records cannot be checked without their key`);
  return parseKey(readFileSync(keyFile, 'utf8'));
}

function readOnly(file: string): Promise<sqlite3.Database> {
  return new Promise((done, fail) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (error) => (error ? fail(error) : done(db)));
  });
}

function all<T>(db: sqlite3.Database, sql: string, ...params: unknown[]): Promise<T[]> {
  return new Promise((done, fail) => db.all(sql, params, (error, rows) => (error ? fail(error) : done(rows as T[]))));
}

const namespaceOf = (key: string) => key.split(':')[1] ?? '';

/**
 * Copies every record of an SQLite store into an empty PostgreSQL store, as stored (the same key
 * encrypts both, so nothing is decrypted or re-encrypted), then compares the counts per namespace.
 * The SQLite file is opened read-only and left exactly as it was.
 */
export async function migrateStore(options: {
  from: string;
  to: string;
  encryptionKey: string | undefined;
  logger: Logger;
  onProgress?: (copied: number, total: number) => void;
}): Promise<MigrationResult> {
  const started = performance.now();
  const file = sqliteFile(options.from);
  const codec = new Codec(sourceKey(options.encryptionKey, file));
  const db = await readOnly(file);
  let target: PostgresStore | undefined;
  try {
    const [{ n: total } = { n: 0 }] = await all<{ n: number }>(db, `SELECT COUNT(*) AS n FROM ${TABLE}`);
    const canary = await all<{ value: string }>(db, `SELECT value FROM ${TABLE} WHERE key = 'sb:meta:key-check'`);
    try {
      if (canary[0]) codec.decrypt(canary[0].value);
    } catch {
      throw new MigrationError('the encryption key does not match the SQLite store: set DATA_ENCRYPTION_KEY to the key it was written with');
    }
    // Opening checks the target's key too, and creates the schema if it is new.
    target = await PostgresStore.open({ url: options.to, codec, logger: options.logger });
    const before = await target.countByNamespace();
    const existing = [...before].filter(([namespace]) => namespace !== 'meta').reduce((n, [, count]) => n + count, 0);
    if (existing > 0) throw new MigrationError(`the target already holds ${existing} records: migrate into an empty database or schema`);

    const source: Record<string, number> = {};
    let copied = 0;
    let after = '';
    for (;;) {
      const rows = await all<{ key: string; value: string }>(db, `SELECT key, value FROM ${TABLE} WHERE key > ? ORDER BY key LIMIT ?`, after, BATCH);
      if (rows.length === 0) break;
      for (const row of rows) source[namespaceOf(row.key)] = (source[namespaceOf(row.key)] ?? 0) + 1;
      copied += await target.importRows(rows);
      after = rows[rows.length - 1]!.key;
      options.onProgress?.(copied, total);
    }
    await target.analyze();
    const copiedCounts = Object.fromEntries(await target.countByNamespace());
    // The key check row exists on both sides before the copy, so it is compared but not copied.
    const mismatched = Object.keys({ ...source, ...copiedCounts }).filter((namespace) => (source[namespace] ?? 0) !== (copiedCounts[namespace] ?? 0));
    if (mismatched.length > 0) {
      throw new MigrationError(
        `counts differ after the copy for ${mismatched.join(', ')}: source ${JSON.stringify(source)}, target ${JSON.stringify(copiedCounts)}`,
      );
    }
    return { source, target: copiedCounts, copied, ms: performance.now() - started };
  } finally {
    await target?.close();
    await new Promise<void>((done) => db.close(() => done()));
  }
}
