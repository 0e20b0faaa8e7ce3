import type { Clock } from './clock.js';
import type { Logger } from './logger.js';

/** A task on the ticker; `cancel()` is safe to call more than once and after it ran. */
export interface TickerTask {
  cancel(): void;
}

interface Entry {
  at: number;
  seq: number;
  run: () => Promise<void> | void;
  cancelled: boolean;
}

export interface TickerOptions {
  clock: Clock;
  logger: Logger;
  /** How often real time is checked against the clock; small enough for breathing phases of 4 s. */
  intervalMs?: number;
}

/**
 * One shared ticker for short in-memory timers (a /pause follow-up in a few minutes, the next
 * /breathe phase in a few seconds): never a timer per member. Due times are read from the bot's
 * clock, so a test or the playground moving the clock forward makes due tasks run on the next poll.
 * Nothing here survives a restart, on purpose: what it carries (drafts, breathing sessions) must
 * never be written to disk. Durable schedules belong to src/scheduler instead.
 */
export class Ticker {
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  /** A binary min-heap on (at, seq): the next due task is always at the top. */
  readonly #heap: Entry[] = [];
  readonly #running = new Set<Promise<void>>();
  #seq = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: TickerOptions) {
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#intervalMs = options.intervalMs ?? 250;
  }

  /** Starts checking the clock in real time; the interval never keeps the process alive. */
  start(): void {
    if (this.#timer || this.#stopped) return;
    this.#timer = setInterval(() => this.poll(), this.#intervalMs);
    this.#timer.unref();
  }

  /** Drops every pending task (they live in memory only) and waits briefly for those running. */
  async stop(timeoutMs = 1000): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#heap.length = 0;
    let limit: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.#running]), new Promise((done) => (limit = setTimeout(done, timeoutMs)))]);
    clearTimeout(limit);
  }

  /** Runs `run` once the clock reaches `at` (ms since the epoch). */
  at(at: number, run: () => Promise<void> | void): TickerTask {
    const entry: Entry = { at, seq: this.#seq++, run, cancelled: false };
    if (!this.#stopped) this.#push(entry);
    return {
      cancel: () => {
        entry.cancelled = true;
      },
    };
  }

  /** Runs `run` after `ms` on the bot's clock. */
  after(ms: number, run: () => Promise<void> | void): TickerTask {
    return this.at(this.#clock.now() + ms, run);
  }

  /** Tasks waiting (cancelled ones may still be counted until they reach the top). */
  get pending(): number {
    return this.#heap.length;
  }

  /** Runs everything due now. Called by the interval, and by whoever just moved the clock. */
  poll(): void {
    const now = this.#clock.now();
    while (this.#heap.length && this.#heap[0]!.at <= now) {
      const entry = this.#pop()!;
      if (entry.cancelled) continue;
      // Checked again when it runs: an earlier task in the same poll may have cancelled it.
      const work = Promise.resolve()
        .then(() => (entry.cancelled ? undefined : entry.run()))
        .catch((error: unknown) => this.#logger.error({ err: error }, 'a ticker task failed'));
      this.#running.add(work);
      void work.finally(() => this.#running.delete(work));
    }
  }

  /** Resolves when every task started so far has finished (tests use it after moving the clock). */
  async settle(): Promise<void> {
    while (this.#running.size) await Promise.allSettled([...this.#running]);
  }

  #before(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  #push(entry: Entry): void {
    const heap = this.#heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  #pop(): Entry | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && this.#before(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && this.#before(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
        i = smallest;
      }
    }
    return top;
  }
}
