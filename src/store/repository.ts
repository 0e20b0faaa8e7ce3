import type { z } from 'zod';
import type { Logger } from '../logger.js';
import type { RecordStore } from './raw-store.js';
import { KeyedLock } from './keyed-lock.js';

export interface RecordType<T> {
  /** Namespace of this kind of record; part of the stored key. */
  namespace: string;
  /** Schema version written with every record. */
  version: number;
  schema: z.ZodType<T>;
  /** Brings an older record up to `version`; records newer than the code are treated as unreadable. */
  migrate?: (data: unknown, fromVersion: number) => unknown;
}

interface Envelope {
  v: number;
  d: unknown;
}

/**
 * The narrow domain API every feature uses: get, update, delete by an id.
 * Nothing outside src/store sees keys, envelopes or Keyv.
 */
export class Repository<T> {
  readonly #lock = new KeyedLock();

  constructor(
    private readonly raw: RecordStore,
    private readonly type: RecordType<T>,
    private readonly logger: Logger,
  ) {}

  get namespace(): string {
    return this.type.namespace;
  }

  async get(id: string): Promise<T | undefined> {
    const stored = await this.raw.get(this.type.namespace, id);
    return stored === undefined ? undefined : this.#open(stored);
  }

  /**
   * Applies `change` to the current record atomically for this id (one lock per id, shared by every
   * caller); returning undefined deletes it, returning the same object writes nothing.
   */
  update(id: string, change: (current: T | undefined) => T | undefined): Promise<T | undefined> {
    // The in-process lock first, so concurrent callers here queue without each holding a database connection.
    return this.#lock.run(id, () =>
      this.raw.exclusive(this.type.namespace, id, async () => {
        const current = await this.get(id);
        const next = change(current);
        if (next === current) return next;
        if (next === undefined) await this.raw.delete(this.type.namespace, id);
        else await this.raw.set(this.type.namespace, id, this.#seal(next));
        return next;
      }),
    );
  }

  /**
   * Runs `work` while holding this id's lock, on the record as stored right now (read from the store,
   * never a copy), so no update or delete for the id can land until `work` has finished. `work` must
   * not update or delete the same id itself: it would wait for its own lock.
   */
  whileLocked<R>(id: string, work: (current: T | undefined) => Promise<R>): Promise<R> {
    // The same two locks as update and delete: this process's, then the store's (across processes on PostgreSQL).
    return this.#lock.run(id, () => this.raw.exclusive(this.type.namespace, id, async () => work(await this.get(id))));
  }

  set(id: string, value: T): Promise<T | undefined> {
    return this.update(id, () => value);
  }

  delete(id: string): Promise<void> {
    return this.#lock.run(id, () => this.raw.exclusive(this.type.namespace, id, () => this.raw.delete(this.type.namespace, id)));
  }

  /** The hashed key this id is stored under: safe to pass between processes, meaningless without the key. */
  keyOf(id: string): string {
    return this.raw.keyOf(this.type.namespace, id);
  }

  /** The id and record behind a hashed key (see keyOf); undefined when deleted or unreadable. */
  async getByKey(key: string): Promise<[id: string, value: T] | undefined> {
    const stored = await this.raw.getByKey(this.type.namespace, key);
    if (!stored) return undefined;
    const value = this.#open(stored.record);
    return value === undefined ? undefined : [stored.id, value];
  }

  /**
   * Every record of this type, for rebuilding in-memory indexes at start-up. Unreadable ones are
   * skipped. A record of the current version was checked by the schema when written and is sealed by
   * AES-GCM, so the bulk scan trusts it instead of checking 100k records again (about 15 % of a rebuild).
   */
  async *entries(): AsyncGenerator<[id: string, value: T]> {
    for await (const [id, stored] of this.raw.scan(this.type.namespace)) {
      const envelope = stored as Partial<Envelope>;
      const value = envelope?.v === this.type.version && envelope.d !== null && typeof envelope.d === 'object' ? (envelope.d as T) : this.#open(stored);
      if (value !== undefined) yield [id, value];
    }
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
