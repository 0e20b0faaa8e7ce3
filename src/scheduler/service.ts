/**
 * The one scheduler: durable records (owned by each kind) + one clock calling `tick()` each minute +
 * one in-memory DueIndex + one paced DeliveryQueue for every message the clock sends. Never a timer
 * per member.
 *
 * Kinds plug in (reminder DMs as `r:<userId>`, weekly server prompts as `p:<guildId>`). The index is
 * only a hint about when to look: a kind's `run` re-reads its record and decides from it, so an entry
 * filed too early costs one read, while an entry filed too late would delay a send. Kinds therefore
 * re-file from inside the critical section that wrote the record, and the scheduler itself only ever
 * files entries earlier (retries).
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { DeliveryQueue, type Gate } from './delivery-queue.js';
import { DueIndex } from './due-index.js';

export type { Gate };

/** The shared paced queue, as a kind's `run` gets it; both forms reject with SchedulerStopped when stopping. */
export interface Paced {
  /** Runs one Discord request at its turn. */
  <T>(request: () => Promise<T>): Promise<T>;
  /**
   * Runs `work` a little ahead of its turn, so what must be read first (a member's consent, under their
   * lock) is done by the time it comes; `work` calls `gate()` right before its one request, which
   * rejects with SchedulerStopped instead if the scheduler stopped meanwhile. Work that decides not to
   * send never calls it.
   */
  gated<T>(work: (gate: Gate) => Promise<T>): Promise<T>;
}

export interface ScheduleKind {
  /** Entries are filed as `<prefix>:<id>`; no ':' inside. */
  readonly prefix: string;
  /**
   * Reports every stored entry and when it is next due (null: nothing to send) to `found`, for the
   * start-up rebuild. A callback rather than an async iterable: one fewer await per record at 100k.
   */
  load(found: (id: string, dueUtc: number | null) => void): Promise<void>;
  /**
   * Sends whatever is due for `id` as of `nowUtc`, the time of the tick that found it due (so a long
   * fan-out does not push members out of the grace window), and re-files the entry with
   * `scheduler.file`. Discord requests go through `paced`.
   */
  run(id: string, nowUtc: number, paced: Paced): Promise<void>;
}

export interface SchedulerOptions {
  clock: Clock;
  logger: Logger;
  /** Sends started per second, all kinds together. Discord allows 50; the rest is headroom for commands. */
  perSecond?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Runs past their store reads at once; the rest wait in line, so stopping has little to drop. */
  runConcurrency?: number;
  /** A run that threw is looked at again after this long (its kind's grace window still applies). */
  retryMs?: number;
  /** Told when a run throws (for the error metrics); the scheduler logs and retries either way. */
  onRunError?: (kind: string) => void;
}

export class SchedulerStopped extends Error {
  constructor() {
    super('the scheduler is stopping');
  }
}

export const DEFAULT_SENDS_PER_SECOND = 46;
/**
 * Requests that may leave together after a gate opened late: the pace makes up two intervals lost to
 * a busy event loop or a slow store read...
 */
export const DEFAULT_SEND_BURST = 3;
/**
 * ...while any one second holds at most 46 of them, whatever the make-up (a stall leaves room in its
 * second for the requests it delayed). Discord counts at its end, where the network and its own
 * processing bunch requests: the fake saw up to 50 in one second from a sender capped at 47.
 */
export const DEFAULT_SENDS_PER_WINDOW = 46;
/** Gated sends preparing at once: about 200 ms of lead at 46/s for the consent read before each turn. */
export const DEFAULT_SENDS_AHEAD = 9;

export class Scheduler {
  readonly #index = new DueIndex();
  readonly #kinds = new Map<string, ScheduleKind>();
  readonly #queue: DeliveryQueue;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #runConcurrency: number;
  readonly #retryMs: number;
  /** Keys with a run under way: a second run for the same key would race the first. */
  readonly #busy = new Set<string>();
  readonly #runs = new Set<Promise<void>>();
  /** Paced requests not started yet, so stop() can drop them at once instead of pacing through them. */
  readonly #notStarted = new Set<(error: Error) => void>();
  readonly #waitingForSlot: (() => void)[] = [];
  #active = 0;
  #stopped = false;
  /** Another process is the scheduler (or this one lost the role): nothing is sent from here. */
  #suspended = false;
  readonly #onRunError: ((kind: string) => void) | undefined;
  /** Wall-clock time of the last tick (not the injected clock): /healthz asks whether the clock still runs. */
  #lastTickAt: number | undefined;
  /** Keys filed while a rebuild is reading the store: newer than what the scan may still yield. */
  #filedDuringRebuild: Set<string> | null = null;
  #rebuilt = false;
  /** A rebuild started by rebuildAhead() that no rebuild() has taken yet. */
  #ahead: Promise<{ entries: number; ms: number }> | undefined;
  /** Keys taken for a run that ended without filing them again because the scheduler was stopping. */
  readonly #unfinished = new Set<string>();

  constructor(options: SchedulerOptions) {
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#runConcurrency = options.runConcurrency ?? 64;
    this.#retryMs = options.retryMs ?? 60_000;
    this.#onRunError = options.onRunError;
    this.#queue = new DeliveryQueue({
      perSecond: options.perSecond ?? DEFAULT_SENDS_PER_SECOND,
      burst: DEFAULT_SEND_BURST,
      perWindow: DEFAULT_SENDS_PER_WINDOW,
      concurrency: options.concurrency ?? 16,
      ahead: DEFAULT_SENDS_AHEAD,
    });
  }

  register(kind: ScheduleKind): void {
    if (!/^[a-z0-9]+$/i.test(kind.prefix)) throw new Error(`schedule kind prefix "${kind.prefix}" must be letters or digits`);
    if (this.#kinds.has(kind.prefix)) throw new Error(`schedule kind "${kind.prefix}" is registered twice`);
    this.#kinds.set(kind.prefix, kind);
  }

  /** Files (or with null, removes) when an entry is next due. Synchronous: call it inside the record's lock. */
  file(prefix: string, id: string, dueUtc: number | null): void {
    const key = `${prefix}:${id}`;
    this.#filedDuringRebuild?.add(key);
    if (dueUtc === null) this.#index.remove(key);
    else this.#index.upsert(key, dueUtc);
  }

  dueAt(prefix: string, id: string): number | undefined {
    return this.#index.dueAt(`${prefix}:${id}`);
  }

  /** The earliest due time filed, or undefined when nothing is. */
  nextDueAt(): number | undefined {
    return this.#index.nextDueAt();
  }

  get size(): number {
    return this.#index.size;
  }

  /** Sends waiting in or going through the paced delivery queue. */
  get queueDepth(): number {
    return this.#queue.pending;
  }

  /** Date.now() of the last tick, or undefined before the first. */
  get lastTickAt(): number | undefined {
    return this.#lastTickAt;
  }

  /** Runs under way or waiting (tests and the bench wait for this to reach 0). */
  get pending(): number {
    return this.#runs.size;
  }

  /**
   * Starts the rebuild now, ahead of whoever will ask for it: the next `rebuild()` takes this one over
   * instead of reading the store again. Only where every write to the records goes through this
   * process (one process on SQLite), so each one files itself while the rebuild runs, as it would
   * during a rebuild started later.
   */
  rebuildAhead(): void {
    const ahead = this.#rebuild();
    ahead.catch(() => undefined);
    this.#ahead = ahead;
  }

  /** Refills the index from every kind's records; call once at start, before the first tick. */
  rebuild(): Promise<{ entries: number; ms: number }> {
    const ahead = this.#ahead;
    if (!ahead) return this.#rebuild();
    this.#ahead = undefined;
    // A rebuild begun ahead that failed is simply done again.
    return ahead.catch(() => this.#rebuild());
  }

  async #rebuild(): Promise<{ entries: number; ms: number }> {
    const started = performance.now();
    this.#index.clear();
    const filed = new Set<string>();
    this.#filedDuringRebuild = filed;
    try {
      for (const kind of this.#kinds.values()) {
        await kind.load((id, due) => {
          const key = `${kind.prefix}:${id}`;
          if (due !== null && !filed.has(key)) this.#index.upsert(key, due);
        });
      }
    } finally {
      this.#filedDuringRebuild = null;
    }
    this.#rebuilt = true;
    const result = { entries: this.#index.size, ms: performance.now() - started };
    this.#logger.info(result, 'schedule index rebuilt');
    return result;
  }

  /**
   * What the next start's rebuild must find for one kind, as far as this process knows: every filed
   * entry, and each key taken for a run that has not filed it again, due at once (its run re-reads the
   * record and decides). Null until a rebuild has completed, when the index may be partial. For a
   * snapshot on a graceful stop, after `stop()`.
   */
  snapshot(prefix: string): [id: string, dueUtc: number][] | null {
    if (!this.#rebuilt) return null;
    const now = this.#clock.now();
    const head = `${prefix}:`;
    const found = new Map<string, number>();
    for (const [key, due] of this.#index.entries()) if (key.startsWith(head)) found.set(key.slice(head.length), due);
    for (const key of [...this.#busy, ...this.#unfinished]) {
      if (!key.startsWith(head)) continue;
      const id = key.slice(head.length);
      found.set(id, Math.min(found.get(id) ?? now, now));
    }
    return [...found];
  }

  /**
   * Starts a run for everything due now. Resolves when those runs have finished; the minute clock does
   * not wait for that, so a fan-out longer than a minute overlaps the next tick harmlessly.
   */
  tick(): Promise<void> {
    if (this.#stopped || this.#suspended) return Promise.resolve();
    this.#lastTickAt = Date.now();
    const now = this.#clock.now();
    const started: Promise<void>[] = [];
    for (const key of this.#index.takeDue(now)) {
      if (this.#busy.has(key)) {
        // Filed again while its previous run is still going: look once more next tick.
        this.#index.upsert(key, now);
        continue;
      }
      started.push(this.#start(key, now));
    }
    if (started.length > 0) this.#logger.debug({ due: started.length, waiting: this.#runs.size }, 'tick');
    return Promise.all(started).then(() => undefined);
  }

  /** Resolves once no run is under way. */
  async whenIdle(): Promise<void> {
    while (this.#runs.size > 0) await Promise.allSettled([...this.#runs]);
  }

  /** Whether this process sends now: false on a standby, or after the scheduler role was lost. */
  get active(): boolean {
    return !this.#stopped && !this.#suspended;
  }

  /**
   * Stands down without stopping for good: ticks do nothing and sends not started yet are dropped
   * (their records still say "due", so whoever runs the scheduler next sends them). Sends already
   * on the wire finish; each was claimed in the store first.
   */
  suspend(): void {
    this.#suspended = true;
    this.#dropNotStarted();
  }

  /**
   * Takes up sending again (call rebuild() first: the store may have moved on meanwhile). After taking
   * over from another process, pass `holdOffMs` (a second): that process may have been sending until a
   * moment ago, and Discord counts both against one limit.
   */
  resume(holdOffMs = 0): void {
    if (holdOffMs > 0) this.#queue.holdOff(holdOffMs);
    this.#suspended = false;
  }

  #dropNotStarted(): void {
    for (const reject of this.#notStarted) reject(new SchedulerStopped());
    this.#notStarted.clear();
    for (const wake of this.#waitingForSlot.splice(0)) wake();
  }

  /**
   * Stops ticking, drops sends not started yet (their records still say "due", so the next start sends
   * them within the grace window), and waits up to `timeoutMs` for sends already on the wire.
   */
  async stop(timeoutMs = 3000): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#dropNotStarted();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.whenIdle(), new Promise((done) => (timer = setTimeout(done, timeoutMs)))]);
    clearTimeout(timer);
  }

  #start(key: string, now: number): Promise<void> {
    const colon = key.indexOf(':');
    const kind = this.#kinds.get(key.slice(0, colon));
    const id = key.slice(colon + 1);
    if (!kind) {
      this.#logger.error({ key }, 'no schedule kind for this entry; dropped');
      return Promise.resolve();
    }
    this.#busy.add(key);
    const run: Promise<void> = this.#withSlot(() => kind.run(id, now, this.#paced))
      .catch((error: unknown) => {
        if (error instanceof SchedulerStopped || this.#stopped) this.#unfinished.add(key);
        if (error instanceof SchedulerStopped) return;
        this.#logger.error({ err: error, kind: kind.prefix }, 'scheduled run failed; retrying later');
        this.#onRunError?.(kind.prefix);
        if (this.active) this.#index.upsert(key, this.#clock.now() + this.#retryMs);
      })
      .finally(() => {
        this.#busy.delete(key);
        this.#runs.delete(run);
      });
    this.#runs.add(run);
    return run;
  }

  async #withSlot(work: () => Promise<void>): Promise<void> {
    if (this.#active >= this.#runConcurrency) await new Promise<void>((wake) => this.#waitingForSlot.push(wake));
    if (!this.active) throw new SchedulerStopped();
    this.#active++;
    try {
      await work();
    } finally {
      this.#active--;
      this.#waitingForSlot.shift()?.();
    }
  }

  readonly #paced: Paced = Object.assign(<T>(request: () => Promise<T>) => this.#enqueue<T>((gate) => gate().then(request)), {
    gated: <T>(work: (gate: Gate) => Promise<T>) => this.#enqueue<T>(work),
  });

  /**
   * Queues `work`; its gate opens at its turn unless stop() or suspend() dropped it first, which
   * rejects the caller at once (nothing has been sent; work still preparing finds its gate closed).
   */
  #enqueue<T>(work: (gate: Gate) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (!this.active) return reject(new SchedulerStopped());
      let dropped = false;
      const drop = (error: Error) => {
        dropped = true;
        reject(error);
      };
      this.#notStarted.add(drop);
      const job = async (turn: Gate) => {
        // Already dropped by stop(): nothing to do.
        if (dropped) return;
        const gate: Gate = async () => {
          if (dropped) throw new SchedulerStopped();
          await turn();
          if (!this.#notStarted.delete(drop)) throw new SchedulerStopped();
        };
        try {
          resolve(await work(gate));
        } catch (error) {
          reject(error);
        } finally {
          this.#notStarted.delete(drop);
        }
      };
      this.#queue.pushGated(job);
    });
  }
}
