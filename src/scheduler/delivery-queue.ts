/**
 * One paced queue for every message the clock sends (reminder DMs, weekly prompts).
 * Discord allows 50 requests a second per bot; pacing below that (with headroom for the
 * interactions answered meanwhile) keeps a fan-out from ever starting a 429 storm.
 *
 * What is paced is the moment a request leaves, not the moment a job starts: a job that must do
 * something first (a reminder DM reads the member's consent from the store, under their lock) is
 * started early and calls its gate right before the request (`pushGated`). Pacing the start instead
 * let the store round trips in between bunch requests together (a burst over Discord's limit when
 * the store was slow for a moment) and made every slow read cost the fan-out rate for good.
 *
 * The pace is a virtual schedule (GCRA): each request is due one interval after the one before, and
 * may go up to `burst - 1` intervals early, so a gate opened late by a busy event loop is made up
 * for by the next one, while any window of one second still holds at most `perSecond + burst` of them.
 */
export interface DeliveryQueueOptions {
  /** Requests per second, sustained. */
  perSecond: number;
  /** Requests that may go at once after a pause (1: never closer together than the interval). */
  burst?: number;
  /**
   * Requests in any one second at most, whatever the schedule allows (a hard cap over its make-up
   * bursts). Unset: `perSecond + burst`, which the schedule keeps by itself.
   */
  perWindow?: number;
  /** Jobs in flight at once at most (preparing, waiting at the gate, or sending). */
  concurrency: number;
  /** Gated jobs started and not yet past their gate at most: how far ahead of their turn they prepare. */
  ahead?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Resolves when this job's request may leave; call it once, right before the request. */
export type Gate = () => Promise<void>;

const WINDOW_MS = 1000;

type Job = () => Promise<void>;
type GatedJob = (gate: Gate) => Promise<void>;

interface Entry {
  job: GatedJob;
  /** Started only once past the gate (a plain job); otherwise started early and gating itself. */
  gated: boolean;
}

export class DeliveryQueue {
  #jobs: (Entry | undefined)[] = [];
  readonly #idle: (() => void)[] = [];
  readonly #interval: number;
  readonly #tolerance: number;
  readonly #ahead: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  #head = 0;
  #running = 0;
  /** Gated jobs started and not yet past their gate. */
  #preparing = 0;
  #pumping = false;
  #slotFreed: (() => void) | undefined;
  /** When the next request is due on the virtual schedule. */
  #due = Number.NEGATIVE_INFINITY;
  readonly #waiting: (() => void)[] = [];
  #granting = false;
  /** The last `perWindow` grant times, oldest at #recentAt. */
  readonly #recent: number[];
  readonly #capped: boolean;
  #recentAt = 0;

  constructor(private readonly options: DeliveryQueueOptions) {
    this.#interval = 1000 / options.perSecond;
    this.#tolerance = (Math.max(1, options.burst ?? 1) - 1) * this.#interval;
    this.#ahead = Math.max(1, options.ahead ?? options.concurrency);
    this.#capped = options.perWindow !== undefined;
    this.#recent = new Array<number>(this.#capped ? Math.max(1, options.perWindow!) : 0).fill(Number.NEGATIVE_INFINITY);
    this.#now = options.now ?? (() => performance.now());
    this.#sleep = options.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)));
  }

  get pending(): number {
    return this.#jobs.length - this.#head + this.#running;
  }

  /** Queues a send, started at its turn; the job handles its own errors (the queue only paces). */
  push(job: Job): void {
    this.#enqueue({ job: () => job(), gated: false });
  }

  /**
   * Queues a job that prepares first and then calls `gate()` right before its one request. A job that
   * decides not to send never calls it, and takes no turn from the others.
   */
  pushGated(job: GatedJob): void {
    this.#enqueue({ job, gated: true });
  }

  /**
   * No request before `ms` from now: for a process that has just taken over sending, whose predecessor's
   * last second of requests still counts against the same limit at Discord.
   */
  holdOff(ms: number): void {
    this.#due = Math.max(this.#due, this.#now() + ms + this.#tolerance);
  }

  /** Resolves when everything queued so far has finished. */
  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #enqueue(entry: Entry): void {
    this.#jobs.push(entry);
    void this.#pump();
  }

  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#head < this.#jobs.length) {
        const entry = this.#jobs[this.#head]!;
        if (this.#running >= this.options.concurrency || (entry.gated && this.#preparing >= this.#ahead)) {
          await new Promise<void>((resolve) => (this.#slotFreed = resolve));
          continue;
        }
        if (!entry.gated) await this.#turn();
        // Let the job (and the message body it holds) go as soon as it starts, not when the queue drains.
        this.#jobs[this.#head++] = undefined;
        this.#start(entry);
      }
      // Drop the consumed prefix so a long-running bot does not keep every job ever queued.
      this.#jobs = this.#jobs.slice(this.#head);
      this.#head = 0;
    } finally {
      this.#pumping = false;
    }
  }

  #start(entry: Entry): void {
    this.#running++;
    let beforeGate = entry.gated;
    if (beforeGate) this.#preparing++;
    const passed = () => {
      if (!beforeGate) return;
      beforeGate = false;
      this.#preparing--;
      this.#wake();
    };
    const gate: Gate = entry.gated ? () => this.#turn().finally(passed) : () => Promise.resolve();
    void entry
      .job(gate)
      .catch(() => undefined)
      .finally(() => {
        passed();
        this.#running--;
        this.#wake();
        this.#settle();
      });
  }

  #wake(): void {
    const wake = this.#slotFreed;
    this.#slotFreed = undefined;
    wake?.();
  }

  /** Resolves at this caller's turn on the schedule; callers are served in the order they asked. */
  #turn(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#waiting.push(resolve);
      void this.#grant();
    });
  }

  async #grant(): Promise<void> {
    if (this.#granting) return;
    this.#granting = true;
    try {
      while (this.#waiting.length > 0) {
        const now = this.#now();
        const wait = Math.max(this.#due - this.#tolerance - now, this.#capped ? this.#recent[this.#recentAt]! + WINDOW_MS - now : 0);
        if (wait > 0) {
          await this.#sleep(wait);
          continue;
        }
        this.#due = Math.max(this.#due, now) + this.#interval;
        if (this.#capped) {
          this.#recent[this.#recentAt] = now;
          this.#recentAt = (this.#recentAt + 1) % this.#recent.length;
        }
        this.#waiting.shift()!();
      }
    } finally {
      this.#granting = false;
    }
  }

  #settle(): void {
    if (this.pending === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }
}
