import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Keyv, { type DeserializedData } from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import type { Logger } from '../logger.js';
import { availableParallelism } from 'node:os';
import { type Codec, DecryptError } from './codec.js';
import { parallelScan, type ScanPage } from './parallel-scan.js';
import { discardEarlyScan, takeEarlyScan } from './early-scan.js';
import { KEY_PREFIX, SCAN_PAGE, TABLE } from './layout.js';

const CANARY_NAMESPACE = 'meta';
const CANARY_ID = 'key-check';
const CANARY_TEXT = 'secure-base key check';
/** Below this many rows a namespace is scanned on the main thread: starting worker threads would cost more than they save. */
const PARALLEL_SCAN_MIN_ROWS = 4000;
/** Worker threads for a parallel scan, at most (never more than the machine's cores). */
export const PARALLEL_SCAN_WORKERS = 2;
const BUSY_RETRIES = 5;

export class WrongKeyError extends Error {}

export interface RawStoreOptions {
  url: string;
  codec: Codec;
  logger: Logger;
  busyTimeoutMs?: number;
  /** Told how long each store operation took (seconds), for the metrics. */
  observe?: (operation: StoreOperation, seconds: number, failed: boolean) => void;
}

export type StoreOperation = 'get' | 'set' | 'delete' | 'scan';

/** What a stored row decodes to: the id is kept inside the encrypted value because keys are hashed. */
export interface StoredValue {
  id: string;
  record: unknown;
}

/**
 * What the repositories need from a backend (SQLite here, PostgreSQL in postgres-store.ts): encrypted
 * values under hashed keys, a bulk scan, and a per-record lock that is as wide as the backend is shared.
 */
export interface RecordStore {
  get(namespace: string, id: string): Promise<unknown>;
  set(namespace: string, id: string, record: unknown): Promise<void>;
  delete(namespace: string, id: string): Promise<void>;
  scan(namespace: string): AsyncGenerator<[id: string, record: unknown]>;
  /**
   * The same rows as `scan`, decrypted and parsed in worker threads, each record reduced by the
   * `projection` module's `project` to what the caller keeps when it is of `version` and shaped like
   * an envelope (others come back whole, for the caller to open); undefined where the backend does
   * not offer it or the namespace is too small to be worth it.
   */
  parallelScan?(namespace: string, version: number, projection: string): Promise<AsyncGenerator<ScanPage> | undefined>;
  /** Runs a read-modify-write of one record exclusively: within this process (SQLite) or across every process (PostgreSQL). */
  exclusive<T>(namespace: string, id: string, work: () => Promise<T>): Promise<T>;
  /** The hashed key a record is stored under (what crosses process boundaries instead of an id). */
  keyOf(namespace: string, id: string): string;
  /** The id and record stored under a hashed key, read and decrypted; undefined when there is none. */
  getByKey(namespace: string, key: string): Promise<StoredValue | undefined>;
  /** Leaves no copy of deleted rows behind where the backend would keep one. */
  checkpoint(): Promise<void>;
  /** Answers when the backend does (SELECT 1), for the health check. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Where the data lives, for operators (a file path, or a database URL without its password). */
  readonly file: string;
}

function sqlitePath(url: string): string {
  const match = /^sqlite:\/\/(.+)$/.exec(url);
  if (!match) throw new Error(`STORE_URL must look like sqlite://path/to/file.sqlite (got ${url.split(':')[0]}:…)`);
  return match[1] === ':memory:' ? ':memory:' : resolve(match[1]!);
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/**
 * Keyv over SQLite with every value encrypted through Keyv's serialize/deserialize.
 * This file alone knows the key layout (`sb:<namespace>:<hashed id>`).
 */
export class RawStore implements RecordStore {
  readonly #keyv: Keyv;
  readonly #sqlite: KeyvSqlite;
  readonly #codec: Codec;
  readonly #logger: Logger;
  readonly #observe: RawStoreOptions['observe'];
  readonly file: string;
  /** True when this start found no data and wrote the first record (a new, empty store). */
  fresh = false;

  private constructor(options: RawStoreOptions, file: string) {
    this.#codec = options.codec;
    this.#logger = options.logger;
    this.#observe = options.observe;
    this.file = file;
    this.#sqlite = new KeyvSqlite({ uri: `sqlite://${file}`, table: TABLE, busyTimeout: options.busyTimeoutMs ?? 5000 });
    this.#keyv = new Keyv({
      store: this.#sqlite,
      namespace: KEY_PREFIX,
      throwOnErrors: true,
      serialize: (data) => this.#codec.encrypt(JSON.stringify(data)),
      deserialize: <Value>(text: string) => this.#deserialize(text) as DeserializedData<Value> | undefined,
    });
    this.#keyv.on('error', (error: unknown) => this.#logger.error({ err: error }, 'store error'));
  }

  /** Keyv's `{value, expires}` wrapper from a stored row; a damaged or foreign row reads as absent and is logged. */
  #deserialize(text: string): { value?: StoredValue } | undefined {
    try {
      return JSON.parse(this.#codec.decrypt(text)) as { value?: StoredValue };
    } catch (error) {
      // A damaged or foreign row must not take the bot down.
      this.#logger.error({ err: error instanceof DecryptError ? error.message : String(error) }, 'unreadable record skipped');
      return undefined;
    }
  }

  static async open(options: RawStoreOptions): Promise<RawStore> {
    const file = sqlitePath(options.url);
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const store = new RawStore(options, file);
    // WAL: one fsync per commit instead of four; secure_delete: deleted rows are zeroed, not left in free pages.
    await store.#sqlite.query('PRAGMA journal_mode=WAL');
    await store.#sqlite.query('PRAGMA synchronous=NORMAL');
    await store.#sqlite.query('PRAGMA secure_delete=ON');
    // A read-only file or folder must stop start-up, not the first member's save.
    await store.#sqlite.query('BEGIN IMMEDIATE');
    await store.#sqlite.query('ROLLBACK');
    store.fresh = await store.#checkKey();
    return store;
  }

  /** Refuses a key that cannot read the existing data, before anything could be overwritten with it; true for a new store. */
  async #checkKey(): Promise<boolean> {
    // Not hashed: the canary must be found whatever key is tried, to tell a wrong key from a new store.
    const key = `${KEY_PREFIX}:${CANARY_NAMESPACE}:${CANARY_ID}`;
    const rows = (await this.#sqlite.query(`SELECT value FROM ${TABLE} WHERE key = ?`, key)) as { value: string }[];
    const existing = rows[0]?.value;
    if (existing !== undefined) {
      try {
        this.#codec.decrypt(existing);
        return false;
      } catch {
        throw new WrongKeyError(
          'The encryption key does not match the data in the store: refusing to start so nothing is overwritten. ' +
            'Restore the original DATA_ENCRYPTION_KEY (or data/encryption.key).',
        );
      }
    }
    const count = (await this.#sqlite.query(`SELECT COUNT(*) AS n FROM ${TABLE}`)) as { n: number }[];
    if ((count[0]?.n ?? 0) > 0) {
      throw new WrongKeyError('The store holds data but no key check record: refusing to start with a possibly different key.');
    }
    await this.#keyv.set(`${CANARY_NAMESPACE}:${CANARY_ID}`, CANARY_TEXT);
    return true;
  }

  /** Answers when the database does; for health checks. */
  async ping(): Promise<void> {
    await this.#sqlite.query('SELECT 1');
  }

  async #retry<T>(operation: StoreOperation, work: () => Promise<T>): Promise<T> {
    const started = this.#observe ? performance.now() : 0;
    let failed = true;
    try {
      const result = await this.#retryBusy(work);
      failed = false;
      return result;
    } finally {
      this.#observe?.(operation, (performance.now() - started) / 1000, failed);
    }
  }

  async #retryBusy<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (!isBusy(error) || attempt >= BUSY_RETRIES) throw error;
        this.#logger.warn({ attempt }, 'store busy, retrying');
        await new Promise((done) => setTimeout(done, 50 * 2 ** attempt));
      }
    }
  }

  async get(namespace: string, id: string): Promise<unknown> {
    const stored = (await this.#retry('get', () => this.#keyv.get(`${namespace}:${this.#codec.hashId(id)}`))) as StoredValue | undefined;
    return stored?.record;
  }

  async set(namespace: string, id: string, record: unknown): Promise<void> {
    const value: StoredValue = { id, record };
    await this.#retry('set', () => this.#keyv.set(`${namespace}:${this.#codec.hashId(id)}`, value));
  }

  async delete(namespace: string, id: string): Promise<void> {
    await this.#retry('delete', () => this.#keyv.delete(`${namespace}:${this.#codec.hashId(id)}`));
  }

  /** One process owns an SQLite file, so the repository's in-process lock is already exclusive. */
  exclusive<T>(_namespace: string, _id: string, work: () => Promise<T>): Promise<T> {
    return work();
  }

  keyOf(_namespace: string, id: string): string {
    return this.#codec.hashId(id);
  }

  async getByKey(namespace: string, key: string): Promise<StoredValue | undefined> {
    return (await this.#retry('get', () => this.#keyv.get(`${namespace}:${key}`))) as StoredValue | undefined;
  }

  /** Keyset-paged scan (Keyv's own iterator pages by OFFSET, which is quadratic and overflows the stack at scale). */
  async *scan(namespace: string): AsyncGenerator<[id: string, record: unknown]> {
    const prefix = `${KEY_PREFIX}:${namespace}:`;
    let after = prefix;
    for (;;) {
      const rows = (await this.#retry('scan', () =>
        this.#sqlite.query(`SELECT key, value FROM ${TABLE} WHERE key > ? AND key < ? ORDER BY key LIMIT ?`, after, `${prefix}\uffff`, SCAN_PAGE),
      )) as { key: string; value: string }[];
      for (const row of rows) {
        // Decoded here, not through Keyv's async path: one promise less per row adds up at 100k.
        const decoded = this.#deserialize(row.value);
        if (decoded?.value) yield [decoded.value.id, decoded.value.record];
      }
      if (rows.length < SCAN_PAGE) return;
      after = rows[rows.length - 1]!.key;
    }
  }

  async parallelScan(namespace: string, version: number, projection: string): Promise<AsyncGenerator<ScanPage> | undefined> {
    if (this.file === ':memory:') return undefined;
    const workers = Math.min(PARALLEL_SCAN_WORKERS, availableParallelism());
    const prefix = `${KEY_PREFIX}:${namespace}:`;
    const counted = (await this.#retry('scan', () =>
      this.#sqlite.query(`SELECT COUNT(*) AS n FROM ${TABLE} WHERE key > ? AND key < ?`, prefix, `${prefix}\uffff`),
    )) as { n: number }[];
    if ((counted[0]?.n ?? 0) < PARALLEL_SCAN_MIN_ROWS) {
      // A scan begun early for a namespace too small for worker threads is stopped.
      discardEarlyScan();
      return undefined;
    }
    const key = this.#codec.copyKey();
    // A scan the entry began before the store was opened (src/store/early-scan.ts), if it is this very
    // one; any other is stopped.
    const early = takeEarlyScan({ file: this.file, key, prefix, version, projection });
    if (early) key.fill(0);
    const pages = early ?? parallelScan({ file: this.file, table: TABLE, key, prefix, version, projection, workers, pageSize: SCAN_PAGE });
    const logger = this.#logger;
    return (async function* logged() {
      let first = true;
      for await (const page of pages) {
        // Pages that arrived together would otherwise all be taken in one turn of the event loop (each
        // await between them is a microtask): with the scan begun early, dozens wait by the time the
        // rebuild reads them, tens of ms of filing that held up the gateway's handshake and the first
        // command. One page per turn lets them in between.
        if (!first) await new Promise<void>((resolve) => setImmediate(resolve));
        first = false;
        // As #deserialize logs them on the main thread's scan.
        for (const message of page.unreadable) logger.error({ err: message }, 'unreadable record skipped');
        yield page;
      }
    })();
  }

  /**
   * Caps how many pages the database may grow to (SQLite's max_page_count; never below its current size)
   * and returns the cap in force. The setting belongs to a connection, so only the store can set it on
   * its own; tests use it to run out of space without root.
   */
  async setMaxPageCount(pages: number): Promise<number> {
    if (!Number.isSafeInteger(pages) || pages < 1) throw new Error(`max page count must be a positive integer (got ${pages})`);
    const rows = (await this.#sqlite.query(`PRAGMA max_page_count = ${pages}`)) as { max_page_count: number }[];
    return rows[0]?.max_page_count ?? pages;
  }

  /** Moves the WAL into the main file and truncates it, so deleted data leaves no copy behind in the log. */
  async checkpoint(): Promise<void> {
    await this.#sqlite.query('PRAGMA wal_checkpoint(TRUNCATE)');
  }

  async close(): Promise<void> {
    await this.checkpoint().catch(() => undefined);
    await this.#keyv.disconnect();
  }
}
