/**
 * A worker thread's half of the parallel start-up scan (src/store/parallel-scan.ts): reads one range of
 * keys from the SQLite file on its own read-only connection, decrypts and parses each row, and sends
 * back per record only what the caller's projection keeps (a due time, not the record). Records that
 * need more than the bulk scan's check (another version, an unexpected shape) are sent back whole, so
 * the main thread opens them exactly as `Repository.entries` does; unreadable rows are reported for the
 * main thread to log. The key arrives in memory (workerData) and is never written anywhere.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type sqlite3 from 'sqlite3';
import { BACKGROUND_NICE } from '../background-thread.js';

export interface ScanWorkerData {
  file: string;
  table: string;
  key: Uint8Array;
  /** Rows with from <= key < to (from exclusive when `fromExclusive`). */
  from: string;
  fromExclusive: boolean;
  to: string;
  /** The record version the bulk scan trusts without the schema (Repository.entries's rule). */
  version: number;
  /** URL of a module exporting `project(record)`; what it returns is all that crosses back per record. */
  projection: string;
  pageSize: number;
}

/** One page of results, in key order within this worker's range. */
export interface ScanPage {
  ids: string[];
  projected: unknown[];
  /** Rows for the main thread to open itself: [id, the stored envelope]. */
  others: [id: string, stored: unknown][];
  /** One message per unreadable row, as RawStore logs it. */
  unreadable: string[];
}

export type ScanMessage = { type: 'page'; page: ScanPage } | { type: 'done' };

/** From the main thread: stop after the query in flight, close the connection and end. */
export interface ScanStop {
  type: 'stop';
}

function query(db: sqlite3.Database, sql: string, params: unknown[]): Promise<{ key: string; value: string }[]> {
  return new Promise((resolve, reject) => db.all(sql, params, (error, rows) => (error ? reject(error) : resolve(rows as { key: string; value: string }[]))));
}

/**
 * Lowers this thread's priority below the main thread's, where the system allows it per thread (Linux
 * applies a nice value to the one thread whose id it is given); elsewhere the worker runs as it is.
 */
function yieldToMainThread(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, BACKGROUND_NICE);
  } catch {
    // Not Linux, or not allowed: the scan runs at normal priority.
  }
}

async function run(data: ScanWorkerData): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('scan-worker runs as a worker thread');
  // The driver (a native module) and the codec are loaded after the priority is lowered: loading them is
  // a good part of a worker's start, which would otherwise compete at full priority with the main thread
  // (a cold start begins the scan while the main thread is still loading the bot).
  yieldToMainThread();
  const [{ default: sqlite3 }, { Codec, DecryptError }, { currentData }] = await Promise.all([
    import('sqlite3'),
    import('./codec.js'),
    import('./envelope.js'),
  ]);
  // Stopping is asked, never forced: terminating a thread while the SQLite driver has a query in flight
  // makes the driver throw into a dying environment, which aborts the whole process (seen in CI). The
  // loop ends after the query in flight and the connection is closed as after a full scan.
  let stopped = false;
  port.on('message', (message: ScanStop) => {
    if (message?.type === 'stop') stopped = true;
  });
  port.unref();
  const key = Buffer.from(data.key);
  data.key.fill(0);
  const codec = new Codec(key);
  const { project } = (await import(data.projection)) as { project: (record: unknown) => unknown };
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened = new sqlite3.Database(data.file, sqlite3.OPEN_READONLY, (error) => (error ? reject(error) : resolve(opened)));
  });
  try {
    let after = data.from;
    let inclusive = !data.fromExclusive;
    for (;;) {
      const rows = await query(db, `SELECT key, value FROM ${data.table} WHERE key ${inclusive ? '>=' : '>'} ? AND key < ? ORDER BY key LIMIT ?`, [
        after,
        data.to,
        data.pageSize,
      ]);
      const page: ScanPage = { ids: [], projected: [], others: [], unreadable: [] };
      for (const row of rows) {
        let wrapper: { value?: { id: string; record: unknown } };
        try {
          wrapper = JSON.parse(codec.decrypt(row.value)) as typeof wrapper;
        } catch (error) {
          page.unreadable.push(error instanceof DecryptError ? error.message : String(error));
          continue;
        }
        const stored = wrapper?.value;
        if (!stored) continue;
        const current = currentData(stored.record, data.version);
        if (current) {
          page.ids.push(stored.id);
          page.projected.push(project(current));
        } else {
          page.others.push([stored.id, stored.record]);
        }
      }
      if (stopped) break;
      port.postMessage({ type: 'page', page } satisfies ScanMessage);
      if (rows.length < data.pageSize) break;
      after = rows[rows.length - 1]!.key;
      inclusive = false;
    }
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
  port.postMessage({ type: 'done' } satisfies ScanMessage);
}

if (parentPort && workerData) await run(workerData as ScanWorkerData);
