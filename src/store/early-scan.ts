/**
 * The start-up scan of the reminders, begun by the entry before anything else is loaded (src/index.ts
 * imports src/early-start.ts first), so the worker threads decrypt while the main thread loads and
 * connects. Only a head start: the store opens and checks its key as before, and the scan is taken by
 * the rebuild (RawStore.parallelScan) only if it is the scan that would have been begun there (same
 * file, key, namespace, version and projection) and the namespace is large enough for worker threads;
 * otherwise it is stopped. Started only where the rebuild would begin while the gateway connects: an
 * SQLite file with data, in WAL mode, writable, with no stop snapshot beside it. Any doubt (a setting
 * the config would refuse, a missing key file, anything unreadable) means no early start, never an
 * error: config and store report problems as before. Nothing writes the reminders before the rebuild
 * is begun (no command is taken before the gateway is ready), so the rows are the ones it would read.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { accessSync, closeSync, constants, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseKey } from './codec.js';
import {
  DEFAULT_STORE_URL,
  DUE_INDEX_SNAPSHOT,
  ENCRYPTION_KEY_PATTERN,
  KEY_PREFIX,
  keyFileIn,
  REMINDER_NAMESPACE,
  REMINDER_VERSION,
  SCAN_PAGE,
  snapshotFile,
  TABLE,
} from './layout.js';
import { parallelScan, type ScanPage } from './parallel-scan.js';

/** Below this a store cannot hold enough schedules for worker threads (RawStore's PARALLEL_SCAN_MIN_ROWS). */
const MIN_FILE_BYTES = 1024 * 1024;
/** Workers begun early and never taken (a start that failed later, say) are stopped after this. */
const UNCLAIMED_MS = 60_000;
/** The same count RawStore.parallelScan asks for (PARALLEL_SCAN_WORKERS, at most the machine's cores). */
const WORKERS = 2;

interface EarlyScan {
  file: string;
  /** dev and inode when begun: a file replaced since is not the one scanned. */
  identity: string;
  keyDigest: Buffer;
  prefix: string;
  version: number;
  projection: string;
  pages: AsyncGenerator<ScanPage>;
  /** parallelScan's own generator, already started: stopping it stops the workers. */
  inner: AsyncGenerator<ScanPage>;
  timer: NodeJS.Timeout;
}

let early: EarlyScan | undefined;

const digest = (key: Uint8Array) => createHash('sha256').update(key).digest();
const identityOf = (file: string) => {
  const stat = statSync(file);
  return `${stat.dev}:${stat.ino}`;
};

/** The key as the store would load it (DATA_ENCRYPTION_KEY, else an existing key file beside the data), or undefined. */
function keyFor(env: NodeJS.ProcessEnv, databaseFile: string): Buffer | undefined {
  const configured = env.DATA_ENCRYPTION_KEY;
  if (configured) return ENCRYPTION_KEY_PATTERN.test(configured) ? parseKey(configured) : undefined;
  const file = keyFileIn(dirname(databaseFile));
  return statSync(file, { throwIfNoEntry: false })?.isFile() ? parseKey(readFileSync(file, 'utf8')) : undefined;
}

/** SQLite's header: bytes 18 and 19 are 2 in WAL mode, where readers never hold up the store's own connection. */
function isWalDatabase(file: string): boolean {
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  try {
    if (readSync(fd, header, 0, 100, 0) < 100) return false;
  } finally {
    closeSync(fd);
  }
  return header.toString('latin1', 0, 16) === 'SQLite format 3\u0000' && header[18] === 2 && header[19] === 2;
}

/**
 * Begins the reminders' scan in worker threads if the rebuild will want it; `projection` is the URL of
 * the due projection's module. Never throws.
 */
export function startEarlyScan(env: NodeJS.ProcessEnv, projection: string): void {
  try {
    // The playground (no token), a shard manager, PostgreSQL and in-memory stores: nothing to start.
    if (!env.DISCORD_TOKEN || env.SHARD_COUNT) return;
    const url = env.STORE_URL || DEFAULT_STORE_URL;
    const path = /^sqlite:\/\/(.+)$/.exec(url)?.[1];
    if (!path || path === ':memory:') return;
    const file = resolve(path);
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile() || stat.size < MIN_FILE_BYTES) return;
    // A start that will load the stop snapshot, or that the store will refuse (read-only), scans nothing.
    if (existsSync(snapshotFile(file, DUE_INDEX_SNAPSHOT))) return;
    accessSync(file, constants.R_OK | constants.W_OK);
    accessSync(dirname(file), constants.W_OK);
    if (!isWalDatabase(file)) return;
    const key = keyFor(env, file);
    if (!key) return;
    const prefix = `${KEY_PREFIX}:${REMINDER_NAMESPACE}:`;
    const keyDigest = digest(key);
    const pages = parallelScan({
      file,
      table: TABLE,
      key: new Uint8Array(key),
      prefix,
      version: REMINDER_VERSION,
      projection,
      workers: Math.min(WORKERS, availableParallelism()),
      pageSize: SCAN_PAGE,
    });
    key.fill(0);
    // An async generator's body (which starts the workers) runs at its first next(): ask for the first
    // page now, and hand it on first.
    const first = pages.next();
    first.catch(() => undefined);
    const started = (async function* () {
      const page = await first;
      if (page.done) return;
      yield page.value;
      yield* pages;
    })();
    const timer = setTimeout(() => discardEarlyScan(), UNCLAIMED_MS);
    timer.unref();
    early = {
      file,
      identity: identityOf(file),
      keyDigest,
      prefix,
      version: REMINDER_VERSION,
      projection,
      pages: withStop(started, pages),
      inner: pages,
      timer,
    };
  } catch {
    // Not worth a head start; the rebuild scans as it always did.
    early = undefined;
  }
}

/** `started`, stopping `inner` (and so its workers) when the reader stops, including before its first page. */
function withStop(started: AsyncGenerator<ScanPage>, inner: AsyncGenerator<ScanPage>): AsyncGenerator<ScanPage> {
  return (async function* () {
    try {
      yield* started;
    } finally {
      await inner.return(undefined);
    }
  })();
}

export interface EarlyScanRequest {
  file: string;
  key: Uint8Array;
  prefix: string;
  version: number;
  projection: string;
}

/**
 * The scan begun early, if it is exactly the one `request` describes; taken once. Any other early scan
 * is stopped. Undefined when there is none to take.
 */
export function takeEarlyScan(request: EarlyScanRequest): AsyncGenerator<ScanPage> | undefined {
  const scan = early;
  if (!scan) return undefined;
  early = undefined;
  clearTimeout(scan.timer);
  let same = false;
  try {
    same =
      scan.file === request.file &&
      scan.prefix === request.prefix &&
      scan.version === request.version &&
      scan.projection === request.projection &&
      timingSafeEqual(scan.keyDigest, digest(request.key)) &&
      identityOf(request.file) === scan.identity;
  } catch {
    same = false;
  }
  if (same) return scan.pages;
  void stop(scan);
  return undefined;
}

/** Whether a scan begun early waits to be taken (for tests). */
export function earlyScanPending(): boolean {
  return early !== undefined;
}

/** Stops an early scan nobody took (a start that did not rebuild while connecting). */
export function discardEarlyScan(): void {
  const scan = early;
  early = undefined;
  if (!scan) return;
  clearTimeout(scan.timer);
  void stop(scan);
}

async function stop(scan: EarlyScan): Promise<void> {
  await scan.inner.return(undefined).catch(() => undefined);
}
