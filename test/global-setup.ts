import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Compiles the bot to dist/ once per test run, as `npm start` does, for the tests that start it as
 * operators do (its own process, compiled JS). Once, before any file runs: two files compiling while a
 * third starts dist/src/index.js could read a half-written file.
 */
export default function setup(): void {
  const root = join(import.meta.dirname, '..');
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
  // dist/src/index.js as `npm run build` leaves it: the entry bundled into one file (scripts/bundle.mjs).
  execFileSync(process.execPath, [join(root, 'scripts', 'bundle.mjs')], { cwd: root, stdio: 'pipe' });
}
