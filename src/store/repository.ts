import type { z } from 'zod';
import type { Logger } from '../logger.js';
import type { RecordStore } from './raw-store.js';
import { currentData, type Envelope } from './envelope.js';
import { KeyedLock } from './keyed-lock.js';
import { RecordCache } from './record-cache.js';
import type { WriteGuard } from './stop-snapshot.js';

export interface RecordType<T> {
  /** Namespace of this kind of record; part of the stored key. */
  namespace: string;
  /** Schema version written with every record. */
  version: number;
  schema: z.ZodType<T>;
  /** Brings an older record up to `version`; records newer than the code are treated as unreadable. */
  migrate?: (data: unknown, fromVersion: number) => unknown;
}

export interface RepositoryOptions {
  /** Decoded records kept in memory (least recently used dropped first); 0 = every read goes to the store. */
  cacheEntries?: number;
  /** Every update and delete passes through it (a stop snapshot made from these records, src/store/stop-snapshot.ts). */
  writeGuard?: WriteGuard | undefined;
}

export interface UpdateOptions {
  /**
   * Read the current record from the store itself, never from memory: for checks whose answer must
   * be what is stored right now, such as a member's consent just before a reminder DM goes out.
   */
  fromStore?: boolean;
}

/** What a start-up scan keeps of each record; `url` is a module exporting the same `project`, for worker threads. */
export interface Projection<T, P> {
  url: string;
  project: (value: T) => P;
}

/**
 * The narrow domain API every feature uses: get, update, delete by an id.
 * Nothing outside src/store sees keys, envelopes or Keyv.
 */
export class Repository<T> {
  readonly #lock = new KeyedLock();
  readonly #cache: RecordCache<T>;
  readonly #guard: WriteGuard | undefined;

  constructor(
    private readonly raw: RecordStore,
    private readonly type: RecordType<T>,
    private readonly logger: Logger,
    options: RepositoryOptions = {},
  ) {
    this.#cache = new RecordCache(options.cacheEntries ?? 0);
    this.#guard = options.writeGuard;
  }

  get namespace(): string {
    return this.type.namespace;
  }

  /** Decoded records held in memory now (at most the configured number of entries). */
  get cachedEntries(): number {
    return this.#cache.size;
  }

  /** The record, from memory when held: the same object for every caller, so treat it as read-only (changes go through `update`). */
  async get(id: string): Promise<T | undefined> {
    const hit = this.#cache.lookup(id);
    if (hit) return hit.value;
    if (!this.#cache.enabled) return this.readFromStore(id);
    // Read under the id's lock, so the value put in memory cannot be older than a write that overlapped the read.
    return this.#lock.run(id, () => this.#readThrough(id));
  }

  /** The record as stored right now, bypassing (and not filling) the in-memory copy. */
  async readFromStore(id: string): Promise<T | undefined> {
    const stored = await this.raw.get(this.type.namespace, id);
    return stored === undefined ? undefined : this.#open(stored);
  }

  /**
   * Forgets the in-memory copy of `id`, so the next read goes to the store: for a change made
   * elsewhere (another process sharing the database) that this one heard about.
   */
  invalidate(id: string): void {
    this.#cache.invalidate(id);
  }

  /**
   * Applies `change` to the current record atomically for this id (one lock per id, shared by every
   * caller); returning undefined deletes it, returning the same object writes nothing. The in-memory
   * copy is written through under the same lock, after the store accepted the write.
   */
  update(id: string, change: (current: T | undefined) => T | undefined, options: UpdateOptions = {}): Promise<T | undefined> {
    return this.#guarded(() => this.#update(id, change, options));
  }

  #guarded<R>(write: () => Promise<R>): Promise<R> {
    return this.#guard ? this.#guard.around(write) : write();
  }

  #update(id: string, change: (current: T | undefined) => T | undefined, options: UpdateOptions): Promise<T | undefined> {
    // The in-process lock first, so concurrent callers here queue without each holding a database
    // connection; then the store's own (across processes on PostgreSQL).
    return this.#lock.run(id, () =>
      this.raw.exclusive(this.type.namespace, id, async () => {
        const current = options.fromStore ? await this.#readThrough(id, true) : await this.#cachedRead(id);
        const next = change(current);
        if (next === current) return next;
        if (next === undefined) await this.#written(id, undefined, () => this.raw.delete(this.type.namespace, id));
        else {
          const sealed = this.#seal(next);
          await this.#written(id, sealed.d, () => this.raw.set(this.type.namespace, id, sealed));
        }
        return next;
      }),
    );
  }

  /**
   * Runs `work` while holding this id's locks, on the record as stored right now (read from the store,
   * never the in-memory copy), so no update or delete for the id can land until `work` has finished.
   * `work` must not update or delete the same id itself: it would wait for its own lock.
   */
  whileLocked<R>(id: string, work: (current: T | undefined) => Promise<R>): Promise<R> {
    return this.#lock.run(id, () => this.raw.exclusive(this.type.namespace, id, async () => work(await this.#readThrough(id, true))));
  }

  set(id: string, value: T): Promise<T | undefined> {
    return this.update(id, () => value);
  }

  delete(id: string): Promise<void> {
    return this.#guarded(() =>
      this.#lock.run(id, () => this.raw.exclusive(this.type.namespace, id, () => this.#written(id, undefined, () => this.raw.delete(this.type.namespace, id)))),
    );
  }

  /** The hashed key this id is stored under: safe to pass between processes, meaningless without the key. */
  keyOf(id: string): string {
    return this.raw.keyOf(this.type.namespace, id);
  }

  /** The id and record behind a hashed key (see keyOf); undefined when deleted or unreadable. Read from the store. */
  async getByKey(key: string): Promise<[id: string, value: T] | undefined> {
    const stored = await this.raw.getByKey(this.type.namespace, key);
    if (!stored) return undefined;
    const value = this.#open(stored.record);
    return value === undefined ? undefined : [stored.id, value];
  }

  /** Under the id's lock. */
  #cachedRead(id: string): Promise<T | undefined> {
    const hit = this.#cache.lookup(id);
    return hit ? Promise.resolve(hit.value) : this.#readThrough(id);
  }

  /** Under the id's lock: the record from memory if held (never when `fromStore`), else from the store, kept in memory. */
  async #readThrough(id: string, fromStore = false): Promise<T | undefined> {
    if (!fromStore) {
      const hit = this.#cache.lookup(id);
      if (hit) return hit.value;
    }
    const generation = this.#cache.generation;
    const value = await this.readFromStore(id);
    this.#cache.putRead(id, value, generation);
    return value;
  }

  /** Under the id's lock: runs the write, then keeps what a read would now return; forgets the id if the write failed. */
  async #written(id: string, data: unknown, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.#cache.invalidate(id);
      throw error;
    }
    // What a read would decode: the schema's output after a trip through JSON (which drops undefined keys).
    if (this.#cache.enabled) this.#cache.put(id, data === undefined ? undefined : (JSON.parse(JSON.stringify(data)) as T));
  }

  /**
   * Every record of this type, for rebuilding in-memory indexes at start-up. Unreadable ones are
   * skipped. A record of the current version was checked by the schema when written and is sealed by
   * AES-GCM, so the bulk scan trusts it instead of checking 100k records again (about 15 % of a rebuild).
   */
  async *entries(): AsyncGenerator<[id: string, value: T]> {
    for await (const [id, stored] of this.raw.scan(this.type.namespace)) {
      const value = (currentData(stored, this.type.version) as T | undefined) ?? this.#open(stored);
      if (value !== undefined) yield [id, value];
    }
  }

  /**
   * Every record of this type reduced to what a start-up index keeps (`projection.project`), told to
   * `found`. Where the store offers it (an SQLite file with enough rows), the decrypting and parsing run
   * in worker threads, which import `projection.url` (a module exporting that same `project`); records
   * they cannot take as they are (another version) are opened here, as `entries` opens them. If the
   * workers fail, the scan is done again here from the start, so `found` may hear of an id twice.
   */
  async scanProjected<P>(projection: Projection<T, P>, found: (id: string, projected: P) => void): Promise<void> {
    const pages = await this.raw.parallelScan?.(this.type.namespace, this.type.version, projection.url);
    if (pages) {
      try {
        for await (const page of pages) {
          for (let i = 0; i < page.ids.length; i++) found(page.ids[i]!, page.projected[i] as P);
          for (const [id, stored] of page.others) {
            const value = this.#open(stored);
            if (value !== undefined) found(id, projection.project(value));
          }
        }
        return;
      } catch (error) {
        this.logger.warn({ err: error, namespace: this.type.namespace }, 'the parallel scan failed; scanning on the main thread instead');
      }
    }
    for await (const [id, value] of this.entries()) found(id, projection.project(value));
  }

  #seal(value: T): Envelope {
    return { v: this.type.version, d: this.type.schema.parse(value) };
  }

  #open(stored: unknown): T | undefined {
    const envelope = stored as Partial<Envelope>;
    if (typeof envelope?.v !== 'number' || envelope.v > this.type.version) {
      this.logger.warn({ namespace: this.type.namespace, version: envelope?.v }, 'skipping a record with an unknown version');
      return undefined;
    }
    const data = envelope.v < this.type.version && this.type.migrate ? this.type.migrate(envelope.d, envelope.v) : envelope.d;
    const parsed = this.type.schema.safeParse(data);
    if (!parsed.success) {
      this.logger.warn({ namespace: this.type.namespace, issues: parsed.error.issues.length }, 'skipping a record that does not match its schema');
      return undefined;
    }
    return parsed.data;
  }
}
