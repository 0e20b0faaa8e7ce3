import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/bot-cli.js';
import { tempDir } from './helpers/temp-dir.js';

/**
 * The bundle's loader (src/run-bundle.ts, compiled in dist/ by test/global-setup.ts), on a small bundle of
 * its own: each start is a process of its own, since a start this short writes its code cache as it exits.
 */
const LOADER = pathToFileURL(join(ROOT, 'dist', 'src', 'run-bundle.js')).href;
const dirs: { remove(): void }[] = [];
afterAll(() => {
  for (const dir of dirs) dir.remove();
});

interface Said {
  said: string;
  beside: number;
  strict: boolean;
  fromCodeCache: boolean;
}

const BUNDLE = 'main.bundle.build-a.cjs';

function bundleDir(): string {
  const dir = tempDir('secure-base-bundle-');
  dirs.push(dir);
  // Something to compile and run: the functions main calls are compiled lazily, as in the real bundle.
  writeFileSync(
    join(dir.path, BUNDLE),
    `function greet(name) { return 'hello ' + name; }
function self() { return this; }
exports.main = async (entry) => {
  const { x } = await __sbImport(require('node:url').pathToFileURL(require('node:path').join(__dirname, 'beside.mjs')).href);
  console.log(JSON.stringify({ said: greet('world'), beside: x, strict: self() === undefined, fromCodeCache: entry.fromCodeCache }));
};
`,
  );
  writeFileSync(join(dir.path, 'beside.mjs'), 'export const x = 42;\n');
  return dir.path;
}

/** One start of the bundle `name` in `dir`: what its main printed. */
function start(dir: string, name = BUNDLE, exitCode = 0): Said {
  const script = `import { runBundle } from ${JSON.stringify(LOADER)};
await runBundle(new URL(${JSON.stringify(pathToFileURL(join(dir, name)).href)}));
process.exitCode = ${exitCode};`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(exitCode);
  return JSON.parse(run.stdout.trim()) as Said;
}

const cacheOf = (dir: string, name = BUNDLE) => join(dir, `${name}.v8cache`);
const HELLO = { said: 'hello world', beside: 42, strict: true };

describe('the bundle loader (src/run-bundle.ts)', () => {
  it('compiles on the first start, runs the bundle strict, keeps the code cache, and the next start runs from it', () => {
    const dir = bundleDir();
    expect(start(dir)).toEqual({ ...HELLO, fromCodeCache: false });
    expect(existsSync(cacheOf(dir))).toBe(true);
    expect(start(dir)).toEqual({ ...HELLO, fromCodeCache: true });
    // Nothing half-written is left beside it.
    expect(readdirSync(dir).sort()).toEqual(['beside.mjs', BUNDLE, `${BUNDLE}.v8cache`]);
  });

  it("never takes another bundle's cache, even one of the same length", () => {
    const dir = bundleDir();
    start(dir);
    // Another build: same length, other code, its own name. V8's own check (the length) would take the old cache.
    const other = 'main.bundle.build-b.cjs';
    writeFileSync(join(dir, other), readFileSync(join(dir, BUNDLE), 'utf8').replace("'hello '", "'howdy '"));
    expect(start(dir, other)).toEqual({ ...HELLO, said: 'howdy world', fromCodeCache: false });
    expect(start(dir, other)).toEqual({ ...HELLO, said: 'howdy world', fromCodeCache: true });
  });

  it('compiles as without a cache when the cache is damaged, and replaces it', () => {
    const dir = bundleDir();
    start(dir);
    const cache = readFileSync(cacheOf(dir));
    writeFileSync(cacheOf(dir), cache.subarray(0, cache.length >> 1));
    expect(start(dir)).toEqual({ ...HELLO, fromCodeCache: false });
    expect(start(dir).fromCodeCache).toBe(true);
  });

  it('writes no cache after a start that ends in an error, nor for a bundle replaced while it ran', () => {
    const dir = bundleDir();
    start(dir, BUNDLE, 2);
    expect(existsSync(cacheOf(dir))).toBe(false);
    // The bundle file changes under the process (a rebuild): what it compiled is no longer that file's code.
    const script = `import { utimesSync } from 'node:fs';
import { runBundle } from ${JSON.stringify(LOADER)};
await runBundle(new URL(${JSON.stringify(pathToFileURL(join(dir, BUNDLE)).href)}));
utimesSync(${JSON.stringify(join(dir, BUNDLE))}, new Date(), new Date(Date.now() + 5000));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(existsSync(cacheOf(dir))).toBe(false);
    utimesSync(join(dir, BUNDLE), new Date(), new Date());
    expect(start(dir).fromCodeCache).toBe(false);
    expect(existsSync(cacheOf(dir))).toBe(true);
  });

  it.runIf(process.getuid?.() === 0)('writes nothing where the process may not write (a read-only install), and runs as usual', () => {
    const dir = bundleDir();
    // Root may write anywhere: the start runs as nobody, in a folder only root may write to.
    chmodSync(dir, 0o755);
    const script = `import { runBundle } from ${JSON.stringify(LOADER)};
await runBundle(new URL(${JSON.stringify(pathToFileURL(join(dir, BUNDLE)).href)}));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', uid: 65534, gid: 65534 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout.trim())).toEqual({ ...HELLO, fromCodeCache: false });
    expect(readdirSync(dir).sort()).toEqual(['beside.mjs', BUNDLE]);
  });

  it('runs as usual where the cache cannot be read or written', () => {
    const dir = bundleDir();
    // A directory where the cache file would be: reading it fails, and so does renaming onto it.
    mkdirSync(cacheOf(dir));
    expect(start(dir)).toEqual({ ...HELLO, fromCodeCache: false });
    expect(start(dir).fromCodeCache).toBe(false);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('reads a bundle with characters past ASCII as UTF-8 (one not made by the build)', () => {
    const dir = bundleDir();
    const other = 'main.bundle.build-c.cjs';
    writeFileSync(join(dir, other), readFileSync(join(dir, BUNDLE), 'utf8').replace("'hello '", "'h\u00e9llo \u2014 '"));
    expect(readFileSync(join(dir, other)).some((byte) => byte > 0x7f)).toBe(true);
    expect(start(dir, other)).toEqual({ ...HELLO, said: 'h\u00e9llo \u2014 world', fromCodeCache: false });
  });

  it("is given the build's bundle in pure ASCII, which it reads as Latin-1 (the build escapes the rest)", () => {
    // test/global-setup.ts ran the build; the source has comments and regular expressions past ASCII.
    const bundles = readdirSync(join(ROOT, 'dist', 'src')).filter((name) => /^main\.bundle\.[\w-]+\.cjs$/.test(name));
    expect(bundles).toHaveLength(1);
    const bytes = readFileSync(join(ROOT, 'dist', 'src', bundles[0]!));
    expect(bytes.findIndex((byte) => byte > 0x7f)).toBe(-1);
    // At least one Latin-1 character in a comment or expression was escaped (it would otherwise be a byte past 0x7f).
    expect(bytes.toString('latin1')).toMatch(/\\u00[89a-f][0-9a-f]/);
  });
});
