// Runs before `npm start`, `npm run playground` and `npm run deploy-commands`.
// A development install (TypeScript present) compiles and bundles the entry, so edits are always what runs. A production
// install (`npm prune --omit=dev` after `npm run build`) has no TypeScript and runs the dist/ it was
// built with; only a production install without dist/ is an error, said in one line.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'package.json');

if (existsSync(tsc)) {
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  // The entry as one file, as `npm run build` leaves it (scripts/bundle.mjs).
  const bundled = spawnSync(process.execPath, [join(root, 'scripts', 'bundle.mjs')], { cwd: root, stdio: 'inherit' });
  process.exit(bundled.status ?? 1);
}
if (!existsSync(join(root, 'dist', 'src', 'index.js'))) {
  console.error('dist/ is missing and TypeScript is not installed: build before removing dev dependencies (npm ci && npm run build && npm prune --omit=dev).');
  process.exit(1);
}
