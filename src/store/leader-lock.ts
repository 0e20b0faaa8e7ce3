import type pg from 'pg';
import { CHANGES_CHANNEL, LEADER_LOCK, type PostgresStore, schemaLockId } from './postgres-store.js';
import type { Leadership, LeadershipEvents, LeadershipOptions } from './leadership.js';

const LOCK_CLASS = 0x53425343;
/** A heartbeat that takes longer than this means the connection (and so maybe the lock) is gone. */
const HEARTBEAT_TIMEOUT_MS = 5000;
const FIRST_BACKOFF_MS = 500;

/**
 * Exactly one scheduler across every process on one PostgreSQL: a session-level advisory lock held on
 * a connection of its own (a pooled one could hand the session, and the lock, to other work). The
 * server releases it when that connection ends, so a killed leader frees it at once; standbys try again
 * every `retryMs`. Every process also LISTENs there for changes made by the others: the leader files changed schedules, and each keeps its view of which records exist (PostgresStore.heard).
 */
export class AdvisoryLeadership implements Leadership {
  #leader = false;
  #stopped = false;
  #client: pg.Client | undefined;
  #timer: NodeJS.Timeout | undefined;
  #events: LeadershipEvents | undefined;
  #backoffMs = FIRST_BACKOFF_MS;
  readonly #lockArgs: [number, number];

  constructor(
    private readonly store: PostgresStore,
    private readonly options: LeadershipOptions,
  ) {
    this.#lockArgs = [LOCK_CLASS + LEADER_LOCK, schemaLockId(store.target.schema)];
  }

  get isLeader(): boolean {
    return this.#leader;
  }

  async start(events: LeadershipEvents): Promise<void> {
    this.#events = events;
    await this.#connect();
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    const client = this.store.dedicatedClient();
    client.on('error', (error) => this.#lostConnection(client, error));
    client.on('end', () => this.#lostConnection(client, new Error('connection ended')));
    client.on('notification', (message) => this.#notified(message));
    this.#client = client;
    try {
      await client.connect();
    } catch (error) {
      this.#lostConnection(client, error as Error);
      return;
    }
    try {
      // Every process listens, leader or not: announcements keep its view of which records exist current
      // (PostgresStore.heard). Before the first lock attempt, so a leader misses no change during its rebuild.
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (error) {
      this.#lostConnection(client, error as Error);
      return;
    }
    void this.store.listening(true);
    this.#backoffMs = FIRST_BACKOFF_MS;
    await this.#attempt(client);
  }

  async #attempt(client: pg.Client): Promise<void> {
    if (this.#stopped || this.#client !== client) return;
    try {
      if (this.#leader) {
        await withTimeout(client.query('SELECT 1'), HEARTBEAT_TIMEOUT_MS);
      } else {
        const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', this.#lockArgs);
        if (rows[0]?.ok) {
          // Already listening (since connecting), so a change made during the rebuild is not missed.
          this.#leader = true;
          this.options.logger.info('this process is now the scheduler');
          await this.#events?.acquired();
        }
      }
    } catch (error) {
      this.#lostConnection(client, error as Error);
      return;
    }
    this.#timer = setTimeout(() => void this.#attempt(client), this.options.retryMs);
    this.#timer.unref();
  }

  #notified(message: pg.Notification): void {
    if (message.channel !== CHANGES_CHANNEL || !message.payload) return;
    const bar = message.payload.indexOf('|');
    if (message.payload.slice(0, bar) === this.store.origin) return;
    const record = message.payload.slice(bar + 1);
    const colon = record.lastIndexOf(':');
    const namespace = record.slice(0, colon);
    const key = record.slice(colon + 1);
    this.store.heard(namespace, key);
    if (this.#leader) this.#events?.changed(namespace, key);
  }

  #lostConnection(client: pg.Client, error: Error): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    clearTimeout(this.#timer);
    client.removeAllListeners('end');
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    // Announcements may be missed from here on: reads ask the database until listening again.
    void this.store.listening(false);
    if (this.#leader) {
      this.#leader = false;
      this.options.logger.error({ err: error.message }, 'lost the scheduler lock with the database connection; no more sends from here');
      this.#events?.lost();
    } else if (!this.#stopped) {
      this.options.logger.warn({ err: error.message, retryInMs: this.#backoffMs }, 'scheduler lock connection failed; retrying');
    }
    if (this.#stopped) return;
    const delay = this.#backoffMs;
    this.#backoffMs = Math.min(this.#backoffMs * 2, Math.max(this.options.retryMs, FIRST_BACKOFF_MS));
    this.#timer = setTimeout(() => void this.#connect(), delay);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = undefined;
    const wasLeader = this.#leader;
    this.#leader = false;
    void this.store.listening(false);
    if (wasLeader) this.#events?.lost();
    if (client) {
      client.removeAllListeners('end');
      client.on('error', () => undefined);
      // Ending the session releases the lock; a standby takes over within its retry interval.
      await client.end().catch(() => undefined);
    }
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from the database within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
