import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/bot-cli.js';
import { tempDir } from './helpers/temp-dir.js';

/**
 * The bundle's loader (src/run-bundle.ts, compiled in dist/ by test/global-setup.ts), on a small bundle of
 * its own: each start is a process of its own, since the code cache is written as a process exits.
 */
const LOADER = pathToFileURL(join(ROOT, 'dist', 'src', 'run-bundle.js')).href;
const dirs: { remove(): void }[] = [];
afterAll(() => {
  for (const dir of dirs) dir.remove();
});

function bundleDir(): string {
  const dir = tempDir('secure-base-bundle-');
  dirs.push(dir);
  // Something to compile and run: the functions main calls are compiled lazily, as in the real bundle.
  writeFileSync(
    join(dir.path, 'main.bundle.cjs'),
    `function greet(name) { return 'hello ' + name; }
exports.main = async (entry) => {
  const { x } = await __sbImport(require('node:url').pathToFileURL(require('node:path').join(__dirname, 'beside.mjs')).href);
  console.log(JSON.stringify({ said: greet('world'), beside: x, fromCodeCache: entry.fromCodeCache }));
};
`,
  );
  writeFileSync(join(dir.path, 'beside.mjs'), 'export const x = 42;\n');
  return dir.path;
}

/** One start of the bundle in `dir` as build `buildId`: what its main printed. */
function start(dir: string, buildId: string): { said: string; beside: number; fromCodeCache: boolean } {
  const script = `import { runBundle } from ${JSON.stringify(LOADER)};
await runBundle(new URL('./main.bundle.cjs', ${JSON.stringify(pathToFileURL(join(dir, 'x.mjs')).href)}), ${JSON.stringify(buildId)});`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout.trim()) as { said: string; beside: number; fromCodeCache: boolean };
}

const cacheOf = (dir: string, buildId: string) => join(dir, `main.bundle.cjs.${buildId}.v8cache`);

describe('the bundle loader (src/run-bundle.ts)', () => {
  it('compiles on the first start, writes the code cache as the process exits, and the next start runs from it', () => {
    const dir = bundleDir();
    expect(start(dir, 'build-a')).toEqual({ said: 'hello world', beside: 42, fromCodeCache: false });
    expect(existsSync(cacheOf(dir, 'build-a'))).toBe(true);
    expect(start(dir, 'build-a')).toEqual({ said: 'hello world', beside: 42, fromCodeCache: true });
    // Nothing half-written is left beside it.
    expect(readdirSync(dir).sort()).toEqual(['beside.mjs', 'main.bundle.cjs', 'main.bundle.cjs.build-a.v8cache']);
  });

  it("never takes another build's cache, even for a bundle of the same length", () => {
    const dir = bundleDir();
    start(dir, 'build-a');
    // Same length, other code: V8's own check (the source's length) would take the old cache for it.
    const file = join(dir, 'main.bundle.cjs');
    writeFileSync(file, readFileSync(file, 'utf8').replace("'hello '", "'howdy '"));
    expect(start(dir, 'build-b')).toEqual({ said: 'howdy world', beside: 42, fromCodeCache: false });
    expect(start(dir, 'build-b')).toEqual({ said: 'howdy world', beside: 42, fromCodeCache: true });
  });

  it('compiles as without a cache when the cache is damaged, and replaces it', () => {
    const dir = bundleDir();
    start(dir, 'build-a');
    const cache = readFileSync(cacheOf(dir, 'build-a'));
    writeFileSync(cacheOf(dir, 'build-a'), cache.subarray(0, cache.length >> 1));
    expect(start(dir, 'build-a')).toEqual({ said: 'hello world', beside: 42, fromCodeCache: false });
    expect(start(dir, 'build-a').fromCodeCache).toBe(true);
  });

  it('runs as usual where the cache cannot be read or written', () => {
    const dir = bundleDir();
    // A directory where the cache file would be: reading it fails, and so does renaming onto it.
    mkdirSync(cacheOf(dir, 'build-a'));
    expect(start(dir, 'build-a')).toEqual({ said: 'hello world', beside: 42, fromCodeCache: false });
    expect(start(dir, 'build-a').fromCodeCache).toBe(false);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
