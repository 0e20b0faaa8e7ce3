/**
 * One paced queue for every message the clock sends (reminder DMs, weekly prompts).
 * Discord allows 50 requests a second per bot; pacing below that (with headroom for the
 * interactions answered meanwhile) keeps a fan-out from ever starting a 429 storm.
 */
export interface DeliveryQueueOptions {
  /** Sends started per second at most. */
  perSecond: number;
  /** Sends in flight at once at most. */
  concurrency: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

type Job = () => Promise<void>;

export class DeliveryQueue {
  readonly #jobs: Job[] = [];
  readonly #idle: (() => void)[] = [];
  readonly #interval: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  #head = 0;
  #running = 0;
  #nextStart = 0;
  #pumping = false;
  #slotFreed: (() => void) | undefined;

  constructor(private readonly options: DeliveryQueueOptions) {
    this.#interval = 1000 / options.perSecond;
    this.#now = options.now ?? (() => performance.now());
    this.#sleep = options.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)));
  }

  get pending(): number {
    return this.#jobs.length - this.#head + this.#running;
  }

  /** Queues a send; the job handles its own errors (the queue only paces). */
  push(job: Job): void {
    this.#jobs.push(job);
    void this.#pump();
  }

  /** Resolves when everything queued so far has finished. */
  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#head < this.#jobs.length) {
        if (this.#running >= this.options.concurrency) {
          await new Promise<void>((resolve) => (this.#slotFreed = resolve));
          continue;
        }
        const wait = this.#nextStart - this.#now();
        if (wait > 0) await this.#sleep(wait);
        const job = this.#jobs[this.#head]!;
        // Let the job (and the message body it holds) go as soon as it starts, not when the queue drains.
        this.#jobs[this.#head++] = undefined as unknown as Job;
        this.#nextStart = Math.max(this.#now(), this.#nextStart) + this.#interval;
        this.#running++;
        void job()
          .catch(() => undefined)
          .finally(() => {
            this.#running--;
            const wake = this.#slotFreed;
            this.#slotFreed = undefined;
            wake?.();
            this.#settle();
          });
      }
      // Drop the consumed prefix so a long-running bot does not keep every job ever queued.
      this.#jobs.splice(0, this.#head);
      this.#head = 0;
    } finally {
      this.#pumping = false;
    }
  }

  #settle(): void {
    if (this.pending === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }
}
