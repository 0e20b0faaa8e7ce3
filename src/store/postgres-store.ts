import { createHash, randomUUID } from 'node:crypto';
import Keyv, { type DeserializedData } from 'keyv';
import KeyvPostgres, { type KeyvPostgresOptions } from '@keyv/postgres';
import pg from 'pg';
import type { Logger } from '../logger.js';
import { type Codec, DecryptError } from './codec.js';
import { WrongKeyError, type RecordStore, type StoredValue } from './raw-store.js';

const KEY_PREFIX = 'sb';
const TABLE = 'keyv';
const CANARY_KEY = `${KEY_PREFIX}:meta:key-check`;
const CANARY_TEXT = 'secure-base key check';
const SCAN_PAGE = 2000;
/**
 * pg-pool's connection timeout also bounds the wait for a free pooled connection, which a fan-out
 * legitimately queues on: bounded, but well above that queue. An unreachable server (refused) fails at once.
 */
const CONNECT_TIMEOUT_MS = 10_000;
const LOCK_CONNECT_TIMEOUT_MS = 30_000;
const QUERY_TIMEOUT_MS = 10_000;
/** The two-int advisory lock space (separate from the bigint one the record locks use): 'SBSC'. */
const LOCK_CLASS = 0x53425343;
const SCHEMA_LOCK = 1;
export const LEADER_LOCK = 2;
/** The channel on which a process announces a changed schedule record (payload: origin|namespace:key). */
export const CHANGES_CHANNEL = 'secure_base_changes';

export interface PostgresTarget {
  /** The connection string pg gets (without our own `schema` parameter). */
  connectionString: string;
  schema: string;
  /** For logs and operators: the URL without its password. */
  display: string;
}

/** `postgres://user@host:5432/db?schema=name`; the schema defaults to public. */
export function parsePostgresUrl(url: string): PostgresTarget {
  const parsed = new URL(url);
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw new Error('not a postgres:// URL');
  const schema = parsed.searchParams.get('schema') ?? 'public';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error('STORE_URL schema must be lower-case letters, digits and _');
  parsed.searchParams.delete('schema');
  const display = new URL(parsed);
  if (display.password) display.password = '***';
  return { connectionString: parsed.toString(), schema, display: `${display.toString()}${schema === 'public' ? '' : ` (schema ${schema})`}` };
}

/** A stable int32 per schema, so stores in different schemas of one database never share a lock. */
export function schemaLockId(schema: string): number {
  return createHash('sha256').update(schema).digest().readInt32BE(0);
}

const PRESENCE_CHARS = 8;

/** 30 bits of a hashed key (itself an HMAC, so evenly spread): a small integer V8 keeps unboxed; a collision only costs a read. */
function presenceCode(hashed: string): number {
  let code = 0;
  for (let i = 0; i < PRESENCE_CHARS; i++) code = (Math.imul(code, 131) + hashed.charCodeAt(i)) | 0;
  return code & 0x3fffffff;
}

function recordLockId(schema: string, fullKey: string): string {
  return createHash('sha256').update(`${schema}.${fullKey}`).digest().readBigInt64BE(0).toString();
}

export interface PostgresStoreOptions {
  url: string;
  codec: Codec;
  logger: Logger;
  /** Namespaces whose changes are announced on CHANGES_CHANNEL (the schedules the leader follows). */
  announce?: readonly string[];
  /**
   * Announced namespaces whose keys this process keeps in memory (a 30-bit code per key, about 20 bytes)
   * while it hears every announcement, so reading a record that does not exist costs no round trip:
   * the notice check after every command on a standby shard, /reminders status of a member with none.
   */
  presence?: readonly string[];
  /** Connections for reads and writes, and separately for held record locks (never waited on while holding one). */
  poolSize?: number;
  lockPoolSize?: number;
}

/** What a write to a row announces on CHANGES_CHANNEL, or null when its namespace is not announced. */
type Announcement = (key: string) => string | null;

/** Keyv's adapter on our pool: its own module-wide pool is shared by every store in the process and ended by any of them. */
class PooledKeyvPostgres extends KeyvPostgres {
  announcement: Announcement = () => null;

  override async connect(): Promise<(sql: string, values?: unknown) => Promise<unknown[]>> {
    const pool = (this.opts as { pool?: pg.Pool }).pool!;
    return async (sql, values) => (await pool.query(sql, values as unknown[])).rows;
  }

  override async disconnect(): Promise<void> {
    // The pool belongs to PostgresStore, which ends it.
  }

  // The three calls on every command's path as named statements (parsed and planned once per connection),
  // and delete in one round trip instead of the adapter's SELECT then DELETE.
  #pool(): pg.Pool {
    return (this.opts as { pool?: pg.Pool }).pool!;
  }

  #table(): string {
    return `${this.opts.schema}.${this.opts.table}`;
  }

  override async get(key: string): Promise<string | undefined> {
    const { rows } = await this.#pool().query<{ value: string }>({
      name: `get-${this.#table()}`,
      text: `SELECT value FROM ${this.#table()} WHERE key = $1`,
      values: [key],
    });
    return rows[0]?.value;
  }

  // A write to an announced namespace announces itself in the same statement: no second round trip, and
  // PostgreSQL delivers the notification only once the write has committed.
  override async set(key: string, value: string): Promise<void> {
    const upsert = `INSERT INTO ${this.#table()} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`;
    const payload = this.announcement(key);
    if (payload === null) await this.#pool().query({ name: `set-${this.#table()}`, text: upsert, values: [key, value] });
    else
      await this.#pool().query({
        name: `set-announced-${this.#table()}`,
        text: `WITH written AS (${upsert} RETURNING 1) SELECT pg_notify($3, $4) FROM written`,
        values: [key, value, CHANGES_CHANNEL, payload],
      });
  }

  override async delete(key: string): Promise<boolean> {
    const remove = `DELETE FROM ${this.#table()} WHERE key = $1`;
    const payload = this.announcement(key);
    const result =
      payload === null
        ? await this.#pool().query({ name: `delete-${this.#table()}`, text: remove, values: [key] })
        : await this.#pool().query({
            name: `delete-announced-${this.#table()}`,
            text: `WITH removed AS (${remove} RETURNING 1) SELECT pg_notify($2, $3) FROM removed`,
            values: [key, CHANGES_CHANNEL, payload],
          });
    return (result.rowCount ?? 0) > 0;
  }
}

/**
 * The same encrypted, hashed-key records as the SQLite store, in one PostgreSQL table through Keyv's
 * adapter, for several processes or machines at once. Adds what sharing needs: a record lock that
 * holds across processes (an advisory lock per record key), keyset-paged scans on the primary key,
 * schema creation guarded against concurrent first starts, and change announcements (LISTEN/NOTIFY).
 */
export class PostgresStore implements RecordStore {
  #keyv!: Keyv;
  readonly #pool: pg.Pool;
  readonly #lockPool: pg.Pool;
  readonly #codec: Codec;
  readonly #logger: Logger;
  readonly #announce: Set<string>;
  /** Per namespace kept: a code for every key that may exist, or null while not known (every read asks the database). */
  readonly #presence = new Map<string, Set<number> | null>();
  /** Codes being collected by a presence load, which own writes and announcements add to as well. */
  readonly #presenceLoading = new Map<string, Set<number>>();
  #presenceEpoch = 0;
  /** Records (namespace:hashed key) this process holds the lock of now, or is taking it for. */
  readonly #held = new Map<string, number>();
  readonly #table: string;
  readonly target: PostgresTarget;
  /** Tells this process's own announcements apart from other processes'. */
  readonly origin = randomUUID();
  readonly file: string;

  private constructor(options: PostgresStoreOptions, target: PostgresTarget) {
    this.#codec = options.codec;
    this.#logger = options.logger;
    this.#announce = new Set(options.announce ?? []);
    for (const namespace of options.presence ?? []) {
      if (!this.#announce.has(namespace)) throw new Error(`presence needs announcements: ${namespace} is not announced`);
      this.#presence.set(namespace, null);
    }
    this.target = target;
    this.file = target.display;
    this.#table = `${target.schema}.${TABLE}`;
    const onPoolError = (error: Error) => this.#logger.warn({ err: error.message }, 'store connection lost; a new one is opened on the next request');
    // Bounded waits, so work never hangs on a database that stopped answering.
    this.#pool = new pg.Pool({
      connectionString: target.connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      query_timeout: QUERY_TIMEOUT_MS,
    });
    this.#pool.on('error', onPoolError);
    this.#lockPool = new pg.Pool({
      connectionString: target.connectionString,
      // Enough for the sends preparing ahead of their turn (each holds its member's lock while it waits) and the claims beside them.
      max: options.lockPoolSize ?? 20,
      connectionTimeoutMillis: LOCK_CONNECT_TIMEOUT_MS,
    });
    this.#lockPool.on('error', onPoolError);
  }

  /** After #prepare: the adapter runs its own CREATE on construction, which would race other processes' first start. */
  #openKeyv(): void {
    const adapter = new PooledKeyvPostgres({ schema: this.target.schema, table: TABLE, pool: this.#pool } as KeyvPostgresOptions);
    adapter.announcement = (key) => {
      // sb:<namespace>:<hashed id>
      const namespace = key.slice(KEY_PREFIX.length + 1, key.lastIndexOf(':'));
      return this.#announce.has(namespace) ? `${this.origin}|${key.slice(KEY_PREFIX.length + 1)}` : null;
    };
    this.#keyv = new Keyv({
      store: adapter,
      namespace: KEY_PREFIX,
      throwOnErrors: true,
      serialize: (data) => this.#codec.encrypt(JSON.stringify(data)),
      deserialize: <Value>(text: string) => this.#deserialize(text) as DeserializedData<Value> | undefined,
    });
    this.#keyv.on('error', (error: unknown) => this.#logger.error({ err: error }, 'store error'));
  }

  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const store = new PostgresStore(options, parsePostgresUrl(options.url));
    try {
      await store.#prepare();
      store.#openKeyv();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /** A new pg client on the same database, for whoever needs a connection of its own (the leader lock). */
  dedicatedClient(): pg.Client {
    return new pg.Client({ connectionString: this.target.connectionString, keepAlive: true, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  }

  /**
   * Creates the schema and table once and checks the key, under one advisory lock: several processes
   * starting together would otherwise race on CREATE (duplicate key errors in pg_type) or on the canary.
   */
  async #prepare(): Promise<void> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS + SCHEMA_LOCK, schemaLockId(this.target.schema)]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.target.schema}`);
      // COLLATE "C": byte order, so the keyset scan's range on a key prefix walks the primary key index.
      await client.query(`CREATE TABLE IF NOT EXISTS ${this.#table} (key VARCHAR(255) COLLATE "C" PRIMARY KEY, value TEXT)`);
      const canary = await client.query<{ value: string }>(`SELECT value FROM ${this.#table} WHERE key = $1`, [CANARY_KEY]);
      const existing = canary.rows[0]?.value;
      if (existing !== undefined) {
        try {
          this.#codec.decrypt(existing);
        } catch {
          throw new WrongKeyError(
            'The encryption key does not match the data in the store: refusing to start so nothing is overwritten. ' +
              'Every process must use the same DATA_ENCRYPTION_KEY.',
          );
        }
      } else {
        const any = await client.query(`SELECT 1 FROM ${this.#table} LIMIT 1`);
        if (any.rowCount) throw new WrongKeyError('The store holds data but no key check record: refusing to start with a possibly different key.');
        const value = this.#codec.encrypt(JSON.stringify({ value: CANARY_TEXT }));
        await client.query(`INSERT INTO ${this.#table} (key, value) VALUES ($1, $2)`, [CANARY_KEY, value]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  #deserialize(text: string): { value?: StoredValue } | undefined {
    try {
      return JSON.parse(this.#codec.decrypt(text)) as { value?: StoredValue };
    } catch (error) {
      this.#logger.error({ err: error instanceof DecryptError ? error.message : String(error) }, 'unreadable record skipped');
      return undefined;
    }
  }

  #key(namespace: string, id: string): string {
    return `${namespace}:${this.#codec.hashId(id)}`;
  }

  async get(namespace: string, id: string): Promise<unknown> {
    const hashed = this.#codec.hashId(id);
    // Under the record's lock (a read-modify-write, the consent check before a send) always the database itself.
    if (!this.#held.has(`${namespace}:${hashed}`) && !this.#mayExist(namespace, hashed)) return undefined;
    const stored = (await this.#keyv.get(`${namespace}:${hashed}`)) as StoredValue | undefined;
    return stored?.record;
  }

  async set(namespace: string, id: string, record: unknown): Promise<void> {
    const value: StoredValue = { id, record };
    const hashed = this.#codec.hashId(id);
    // Known before the write is sent: a read that starts after this one began may find it.
    this.#present(namespace, hashed);
    await this.#keyv.set(`${namespace}:${hashed}`, value);
  }

  async delete(namespace: string, id: string): Promise<void> {
    await this.#keyv.delete(this.#key(namespace, id));
  }

  // ---- presence: which keys of a kept namespace may exist ---------------------------------------------

  /** False only when this namespace's keys are known and this one is not among them. */
  #mayExist(namespace: string, hashed: string): boolean {
    const codes = this.#presence.get(namespace);
    return !codes || codes.has(presenceCode(hashed));
  }

  /** A key that exists now, or may: written here, or announced by another process (deleted ones stay, harmlessly). */
  #present(namespace: string, hashed: string): void {
    const code = presenceCode(hashed);
    this.#presence.get(namespace)?.add(code);
    this.#presenceLoading.get(namespace)?.add(code);
  }

  /**
   * False only when this process knows there is no such record right now (a namespace kept in presence,
   * while listening): a check that costs no round trip and makes no promise. A record another process
   * created a moment ago may not be known yet (until its announcement arrives).
   */
  mayExist(namespace: string, id: string): boolean {
    return !this.#presence.get(namespace) || this.#mayExist(namespace, this.#codec.hashId(id));
  }

  /** Another process announced a change to this record (namespace and hashed key). */
  heard(namespace: string, hashed: string): void {
    if (this.#presence.has(namespace)) this.#present(namespace, hashed);
  }

  /**
   * Told by the connection that LISTENs on CHANGES_CHANNEL (src/store/leader-lock.ts): `true` once
   * LISTEN is in place, which loads the kept namespaces' keys (only keys: nothing is decrypted);
   * `false` when that connection is lost, after which every read asks the database again until the
   * next `true`. A key written after LISTEN is either in the load or announced, so none is missed.
   */
  async listening(on: boolean): Promise<void> {
    const epoch = ++this.#presenceEpoch;
    this.#presenceLoading.clear();
    for (const namespace of this.#presence.keys()) this.#presence.set(namespace, null);
    if (!on) return;
    for (const namespace of [...this.#presence.keys()]) {
      const codes = new Set<number>();
      this.#presenceLoading.set(namespace, codes);
      const prefix = `${KEY_PREFIX}:${namespace}:`;
      try {
        const { rows } = await this.#pool.query<{ k: string }>({
          text: `SELECT substr(key, ${prefix.length + 1}, ${PRESENCE_CHARS}) AS k FROM ${this.#table} WHERE key > $1 AND key < $2`,
          values: [prefix, `${prefix}\u{7f}`],
        });
        for (const row of rows) codes.add(presenceCode(row.k));
      } catch (error) {
        this.#logger.warn({ err: (error as Error).message, namespace }, 'could not load which records exist; every read asks the database');
        if (epoch === this.#presenceEpoch) this.#presenceLoading.delete(namespace);
        continue;
      }
      if (epoch !== this.#presenceEpoch) return;
      this.#presenceLoading.delete(namespace);
      this.#presence.set(namespace, codes);
    }
  }

  /**
   * A session advisory lock keyed by the record's hashed key, held on a connection of its own for the
   * read-modify-write: two processes updating one member queue instead of losing a write. If the
   * unlock cannot be sent, the connection is destroyed, which releases the lock on the server.
   */
  async exclusive<T>(namespace: string, id: string, work: () => Promise<T>): Promise<T> {
    const key = this.#key(namespace, id);
    const lock = recordLockId(this.target.schema, key);
    this.#held.set(key, (this.#held.get(key) ?? 0) + 1);
    let client: pg.PoolClient;
    try {
      client = await this.#lockPool.connect();
    } catch (error) {
      this.#release(key);
      throw error;
    }
    try {
      await client.query('SELECT pg_advisory_lock($1)', [lock]);
    } catch (error) {
      client.release(error as Error);
      this.#release(key);
      throw error;
    }
    try {
      return await work();
    } finally {
      this.#release(key);
      try {
        await client.query('SELECT pg_advisory_unlock($1)', [lock]);
        client.release();
      } catch (error) {
        client.release(error as Error);
      }
    }
  }

  #release(key: string): void {
    const count = this.#held.get(key) ?? 1;
    if (count <= 1) this.#held.delete(key);
    else this.#held.set(key, count - 1);
  }

  keyOf(_namespace: string, id: string): string {
    return this.#codec.hashId(id);
  }

  async getByKey(namespace: string, key: string): Promise<StoredValue | undefined> {
    return (await this.#keyv.get(`${namespace}:${key}`)) as StoredValue | undefined;
  }

  /**
   * Keyset-paged on the primary key (Keyv's iterator pages in tens and re-plans a LIKE each time).
   * Deliberately not a named statement: after five runs PostgreSQL may switch a prepared statement to
   * a generic plan, which cannot see how narrow `key > $1` is near the end and estimates 0.5 % of the
   * table for any range, so it sorts the whole namespace for every page (measured at 100k rows:
   * 380 ms a page with an on-disk sort, against 2.5 ms walking the primary key). Unnamed, each page is
   * planned with its own bounds; planning costs well under a millisecond a page.
   */
  async *scan(namespace: string): AsyncGenerator<[id: string, record: unknown]> {
    const prefix = `${KEY_PREFIX}:${namespace}:`;
    const page = async (after: string) =>
      (
        await this.#pool.query<{ key: string; value: string }>(
          `SELECT key, value FROM ${this.#table} WHERE key > $1 AND key < $2 ORDER BY key LIMIT ${SCAN_PAGE}`,
          [after, `${prefix}\u{7f}`],
        )
      ).rows;
    let next = page(prefix);
    for (;;) {
      const rows = await next;
      const more = rows.length === SCAN_PAGE;
      // The next page travels while this one is decrypted: the two take about as long as each other.
      if (more) {
        next = page(rows[rows.length - 1]!.key);
        next.catch(() => undefined);
      }
      for (const row of rows) {
        const decoded = this.#deserialize(row.value);
        if (decoded?.value) yield [decoded.value.id, decoded.value.record];
      }
      if (!more) return;
    }
  }

  /** Every row as stored (key and ciphertext), in key order: for migrate-store and tests that inspect the table. */
  async *rawRows(): AsyncGenerator<{ key: string; value: string }> {
    let after = '';
    for (;;) {
      const { rows } = await this.#pool.query<{ key: string; value: string }>(
        `SELECT key, value FROM ${this.#table} WHERE key > $1 ORDER BY key LIMIT ${SCAN_PAGE}`,
        [after],
      );
      yield* rows;
      if (rows.length < SCAN_PAGE) return;
      after = rows[rows.length - 1]!.key;
    }
  }

  /** Rows per namespace (the part of the key between `sb:` and the hash), the key check included as `meta`. */
  async countByNamespace(): Promise<Map<string, number>> {
    const { rows } = await this.#pool.query<{ namespace: string; n: string }>(
      `SELECT split_part(key, ':', 2) AS namespace, COUNT(*) AS n FROM ${this.#table} GROUP BY 1`,
    );
    return new Map(rows.map((r) => [r.namespace, Number(r.n)]));
  }

  /** Stored rows as they are (already encrypted under the same key): for migrate-store. Existing keys are left alone. */
  async importRows(rows: readonly { key: string; value: string }[]): Promise<number> {
    if (rows.length === 0) return 0;
    const result = await this.#pool.query(`INSERT INTO ${this.#table} (key, value) SELECT * FROM UNNEST($1::text[], $2::text[]) ON CONFLICT (key) DO NOTHING`, [
      rows.map((r) => r.key),
      rows.map((r) => r.value),
    ]);
    return result.rowCount ?? 0;
  }

  /**
   * Refreshes the planner's statistics. After a bulk import (migrate-store) it would otherwise guess a
   * handful of rows and sort every page of a scan instead of walking the primary key in order.
   */
  async analyze(): Promise<void> {
    await this.#pool.query(`ANALYZE ${this.#table}`);
  }

  /** A deleted row's old version stays in the heap until vacuumed; it is encrypted and keyed by a hash either way. */
  async checkpoint(): Promise<void> {}

  async ping(): Promise<void> {
    await this.#pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.#pool.end(), this.#lockPool.end()]);
  }
}
