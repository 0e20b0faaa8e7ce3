/**
 * Runs the one-file bundle of the bot (scripts/bundle.mjs; `npm start` runs dist/src/index.js, which calls
 * this) from V8's code cache when there is one. Node 20 has no compile cache of its own: compiling the
 * 1.6 MB bundle and then each function the start runs was a good part of the main thread's work before
 * the first answer. The bundle is a classic script (CommonJS), the only kind whose compiled code V8 can
 * hand back here.
 *
 * The bundle's file name carries its build id (`main.bundle.<id>.cjs`) and its cache is that name plus
 * `.v8cache`, so a cache can only ever meet the code it was made from (V8's own check compares only the
 * source's length, its version and its flags). A missing, damaged or refused cache means compiling as
 * without one; a folder the process may not write (a read-only image) means no cache.
 */
import { isAscii } from 'node:buffer';
import { accessSync, constants, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

/**
 * After a start came up, the cache is written once this much later: by then it holds the start's functions
 * and the first commands'. Not at exit after a long run, when V8 may have dropped the bytecode of
 * functions that have not run for a while (the start's among them).
 */
export const WRITE_CACHE_AFTER_MS = 10_000;

/** The CommonJS wrapper, strict as the ES modules it was bundled from, plus the loader's `import()` (src/bundled.ts, importBeside). */
const WRAPPER_START = '(function (exports, require, module, __filename, __dirname, __sbImport) {"use strict";';

function codeCacheFile(bundleFile: string): string {
  return `${bundleFile}.v8cache`;
}

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * The bundle's text. The build leaves it pure ASCII (scripts/bundle.mjs), which reads the same as Latin-1 and
 * so skips decoding UTF-8 (15 ms against 11 for the whole read); anything else is decoded as UTF-8, as before.
 */
function sourceOf(bytes: Buffer): string {
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

function writable(folder: string): boolean {
  try {
    accessSync(folder, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Writes the cache once, if the bundle is still the one this process compiled (a rebuild replaces it). */
function cacheWriter(script: Script, bundleFile: string): () => void {
  const built = statSync(bundleFile).mtimeMs;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    if (statSync(bundleFile, { throwIfNoEntry: false })?.mtimeMs !== built) return;
    const file = codeCacheFile(bundleFile);
    const partial = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(partial, script.createCachedData(), { mode: 0o644 });
      renameSync(partial, file);
    } catch {
      try {
        rmSync(partial, { force: true });
      } catch {
        // Nothing more to do: the next start compiles as without a cache.
      }
    }
  };
}

/**
 * Compiles the bundle (from its code cache when V8 takes it) and runs its top level; `main` is not called
 * yet. Without a cache to take, one is written at a clean exit (a refused start exits non-zero and leaves
 * none), or earlier through `cacheSoon` once the start came up.
 */
export function loadBundle(bundle: URL): { main: Main; fromCache: boolean; cacheSoon: () => void } {
  const file = fileURLToPath(bundle);
  const cachedData = readCache(codeCacheFile(file));
  const script = new Script(`${WRAPPER_START}${sourceOf(readFileSync(file))}\n})`, { filename: file, cachedData });
  const fromCache = cachedData !== undefined && script.cachedDataRejected === false;
  const module: { exports: BundleExports } = { exports: {} };
  const load = script.runInThisContext() as (...args: unknown[]) => void;
  load(module.exports, createRequire(file), module, file, dirname(file), (specifier: string) => import(specifier));
  const { main } = module.exports;
  if (typeof main !== 'function') throw new Error(`${file} is not the bot's bundle (it exports no main)`);
  if (fromCache || !writable(dirname(file))) return { main, fromCache, cacheSoon: () => undefined };
  const write = cacheWriter(script, file);
  process.once('exit', (code) => {
    if (code === 0) write();
  });
  return { main, fromCache, cacheSoon: () => void setTimeout(write, WRITE_CACHE_AFTER_MS).unref() };
}

export async function runBundle(bundle: URL): Promise<void> {
  const { main, fromCache, cacheSoon } = loadBundle(bundle);
  await main({ fromCodeCache: fromCache });
  cacheSoon();
}
