/**
 * Runs the one-file bundle of the bot (scripts/bundle.mjs; `npm start` runs dist/src/index.js, which calls
 * this) from V8's code cache when there is one. Node 20 has no compile cache of its own: compiling the
 * 1.6 MB bundle and then each function the start runs was a good part of the main thread's work before
 * the first answer. The bundle is a classic script (CommonJS), the only kind whose compiled code V8 can
 * hand back here; the cache is written when the process exits and read at the next start.
 *
 * The cache file is named by the bundle's build id, and a build removes older ones, so a cache is never
 * taken for another bundle (V8's own check compares only the source's length, its version and flags).
 * A missing, unreadable or rejected cache only means compiling as without it; a directory the process may
 * not write (a read-only image) only means no cache.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/** What the bundle exports (src/main.ts). */
interface BundleExports {
  main?: Main;
}

type Main = (entry: EntryFacts) => Promise<void>;

/** What the loader tells the bot's main (it logs it at debug level, for an operator asking whether the cache works). */
export interface EntryFacts {
  fromCodeCache?: boolean;
}

/** The name of the code cache of the bundle at `file` made by build `buildId`. */
export function codeCacheFile(file: string, buildId: string): string {
  return `${file}.${buildId}.v8cache`;
}

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Written once, as the process exits: by then it holds every function the run compiled, not only the
 * start's. Only after a start that came up: a start refused for a setting would leave a cache of little.
 */
function writeCacheAtExit(script: Script, file: string): void {
  process.once('exit', () => {
    const partial = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(partial, script.createCachedData(), { mode: 0o644 });
      renameSync(partial, file);
    } catch {
      rmSync(partial, { force: true });
    }
  });
}

/** The CommonJS wrapper, plus the loader's `import()` (src/bundled.ts, importBeside): a script has none of its own. */
const WRAPPER_START = '(function (exports, require, module, __filename, __dirname, __sbImport) {';

/** Compiles the bundle (from its code cache when V8 takes it) and runs its top level; `main` is not called yet. */
export function loadBundle(bundle: URL, buildId: string): { main: Main; fromCache: boolean; keepCache: () => void } {
  const file = fileURLToPath(bundle);
  const cacheFile = codeCacheFile(file, buildId);
  const cachedData = readCache(cacheFile);
  const script = new Script(`${WRAPPER_START}${readFileSync(file, 'utf8')}\n})`, { filename: file, cachedData });
  const fromCache = cachedData !== undefined && script.cachedDataRejected === false;
  const module: { exports: BundleExports } = { exports: {} };
  const load = script.runInThisContext() as (...args: unknown[]) => void;
  load(module.exports, createRequire(file), module, file, dirname(file), (specifier: string) => import(specifier));
  const { main } = module.exports;
  if (typeof main !== 'function') throw new Error(`${file} is not the bot's bundle (it exports no main)`);
  return { main, fromCache, keepCache: () => (fromCache ? undefined : writeCacheAtExit(script, cacheFile)) };
}

export async function runBundle(bundle: URL, buildId: string): Promise<void> {
  const { main, fromCache, keepCache } = loadBundle(bundle, buildId);
  await main({ fromCodeCache: fromCache });
  keepCache();
}
