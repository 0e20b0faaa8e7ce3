/**
 * The start-up scan of one namespace split over worker threads (src/store/scan-worker.ts): each reads
 * its own range of hashed keys from the SQLite file on a read-only connection and does the decrypting
 * and parsing (most of a rebuild's CPU), so the main thread stays free to answer commands and the
 * machine's other cores do the work. Pages arrive as each worker produces them, in no set order across
 * workers.
 */
import type { Worker } from 'node:worker_threads';
import { backgroundWorker } from '../background-thread.js';
import { srcUrl } from '../bundled.js';
import type { ScanMessage, ScanPage, ScanStop, ScanWorkerData } from './scan-worker.js';

export type { ScanPage };

/** The characters of a hashed id (base64url) in byte order, to split the key space into even ranges. */
const KEY_ALPHABET = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';

export interface ParallelScanRequest {
  file: string;
  table: string;
  /** Copied to each worker in memory, then zeroed here. */
  key: Uint8Array;
  /** Every key of the namespace starts with this (`sb:<namespace>:`). */
  prefix: string;
  version: number;
  projection: string;
  workers: number;
  pageSize: number;
}

/** [from, to) ranges that together cover every key after `prefix` and before `prefix + '\uffff'`, like RawStore.scan. */
export function keyRanges(prefix: string, parts: number): { from: string; fromExclusive: boolean; to: string }[] {
  const bounds: string[] = [];
  for (let i = 1; i < parts; i++) bounds.push(prefix + KEY_ALPHABET[Math.floor((KEY_ALPHABET.length * i) / parts)]!);
  const starts = [prefix, ...bounds];
  const ends = [...bounds, `${prefix}\uffff`];
  return starts.map((from, i) => ({ from, fromExclusive: i === 0, to: ends[i]! }));
}

/** Per scan worker; see startWorker. */
const SCAN_YOUNG_GENERATION_MB = 64;

const PRELOADS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);

/**
 * The process's node flags without its preloads: a worker inherits them by default, and what an
 * operator preloads for the main thread (an agent, the benches' probe, which loads discord.js) only
 * slows each worker's start. Other flags (profiling, memory limits) still apply.
 */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    if (PRELOADS.has(arg)) i++;
    else if (![...PRELOADS].some((flag) => arg.startsWith(`${flag}=`))) kept.push(arg);
  }
  return kept;
}

function startWorker(data: ScanWorkerData): Worker {
  // A young generation larger than V8's default: a scan allocates a short-lived string and object per
  // record and keeps almost none, so fewer, larger scavenges cost less (about 4 % fewer instructions for
  // 100k records under callgrind). Freed with the worker when the scan ends.
  const options = { workerData: data, execArgv: workerExecArgv(), resourceLimits: { maxYoungGenerationSizeMb: SCAN_YOUNG_GENERATION_MB } };
  // Compiled (dist/), the worker is the .js beside this file. Run from TypeScript sources (tests, tsx),
  // it is loaded through tsx, as the rest of the code is.
  if (import.meta.url.endsWith('.ts')) {
    const source = new URL('./scan-worker.ts', import.meta.url).href;
    const code = `import('tsx/esm/api').then((api) => api.tsImport(${JSON.stringify(source)}, ${JSON.stringify(import.meta.url)}))`;
    return backgroundWorker(code, { ...options, eval: true });
  }
  // Never bundled itself: the bundle of the entry starts the compiled module from dist/src/store/.
  return backgroundWorker(srcUrl('store/scan-worker.js', import.meta.url, './scan-worker.js'), options);
}

/** Every row of the namespace, as pages from `request.workers` worker threads; the workers are stopped when the caller stops reading. */
export async function* parallelScan(request: ParallelScanRequest): AsyncGenerator<ScanPage> {
  const queue: ScanPage[] = [];
  let failure: Error | undefined;
  let running = 0;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const exits: Promise<void>[] = [];
  const workers = keyRanges(request.prefix, Math.max(1, request.workers)).map((range) => {
    const worker = startWorker({
      file: request.file,
      table: request.table,
      key: new Uint8Array(request.key),
      ...range,
      version: request.version,
      projection: request.projection,
      pageSize: request.pageSize,
    });
    running++;
    let done = false;
    exits.push(new Promise<void>((resolve) => worker.once('exit', () => resolve())));
    worker.on('message', (message: ScanMessage) => {
      if (message.type === 'page') queue.push(message.page);
      else done = true;
      notify();
    });
    worker.on('error', (error) => {
      failure ??= error;
      notify();
    });
    worker.on('exit', (code) => {
      running--;
      if (!done) failure ??= new Error(`a scan worker stopped before it finished (exit code ${code})`);
      notify();
    });
    return worker;
  });
  // Each worker was given its own copy (workerData is cloned when the worker is created).
  request.key.fill(0);
  try {
    for (;;) {
      const page = queue.shift();
      if (page) {
        yield page;
        continue;
      }
      if (failure) throw failure;
      if (running === 0) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    await stopWorkers(workers, exits);
  }
}

/** How long a stopped worker may take to finish its query in flight before it is terminated after all. */
const STOP_GRACE_MS = 10_000;

/**
 * Asks each worker to stop after its query in flight and waits for it to end. Never `terminate()` first:
 * a thread terminated while the SQLite driver has work in flight makes the driver throw into a dying
 * environment, a fatal error that takes the whole process down (a CI run showed it). A worker that has
 * not ended after STOP_GRACE_MS (a hung query) is terminated as the last resort.
 */
async function stopWorkers(workers: readonly Worker[], exits: readonly Promise<void>[]): Promise<void> {
  for (const worker of workers) worker.postMessage({ type: 'stop' } satisfies ScanStop);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), STOP_GRACE_MS);
    timer.unref();
  });
  const ended = await Promise.race([Promise.all(exits), late]);
  clearTimeout(timer);
  if (ended === 'late') await Promise.all(workers.map((worker) => worker.terminate()));
}
