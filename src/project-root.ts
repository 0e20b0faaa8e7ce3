import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding package.json and content/: found by walking up, so the same code works from
 * src/ (tsx, tests) and from dist/src/ (the compiled bot that `npm start` runs).
 */
function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'content'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no project root (package.json beside content/) above ${from}`);
  }
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
