import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** How much lower than the main thread background threads run (a nice value), so commands win when cores are short. */
export const BACKGROUND_NICE = 10;

function threadIds(): Set<string> | undefined {
  try {
    return new Set(readdirSync('/proc/self/task'));
  } catch {
    return undefined;
  }
}

/**
 * A worker thread at background priority from its first instruction. Node creates the thread inside
 * the Worker constructor, so on Linux it is the one new entry in /proc/self/task, and its nice value is
 * set at once: the worker's own start (bootstrapping Node, loading its modules, tens of ms of CPU) then
 * no longer competes at full priority with the main thread, which is still loading the bot when the
 * start-up scan and the ICU warm-up begin. Elsewhere, or if not allowed, the worker runs as it is (the
 * scan worker also lowers its own priority once running).
 */
export function backgroundWorker(filename: string | URL, options: WorkerOptions): Worker {
  const before = threadIds();
  const worker = new Worker(filename, options);
  if (before) {
    for (const tid of threadIds() ?? []) {
      if (before.has(tid)) continue;
      try {
        setPriority(Number(tid), BACKGROUND_NICE);
      } catch {
        // Not allowed here: the worker starts at normal priority.
      }
    }
  }
  return worker;
}
