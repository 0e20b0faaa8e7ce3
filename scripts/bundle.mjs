// Bundles the bot's compiled entry (dist/src/index.js, from tsc) with every module it loads at start,
// its dependencies included, into that same file: Node 20 has no compile cache, and resolving, reading
// and compiling several hundred files (discord.js alone is most of them) was most of the time from
// `npm start` to the first answer. Run by `npm run build` and scripts/build-if-needed.mjs after tsc.
//
// What stays outside, loaded as before from dist/ or node_modules/: native and optional packages, the
// playground and the shard manager (imported only when used), and the worker threads' modules, which
// the bundle names by their path under dist/src (src/bundled.ts). Other scripts (deploy-commands,
// migrate-store, the playground) run the tsc output unbundled.
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'src', 'index.js');
const MARK = '/* secure-base: one-file bundle (scripts/bundle.mjs) */';

if (readFileSync(entry, 'utf8').startsWith(MARK)) {
  console.error('dist/src/index.js is already the bundle: run tsc first (npm run build).');
  process.exit(1);
}

const partial = `${entry}.bundling`;
try {
  await build({
    entryPoints: [entry],
    outfile: partial,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    legalComments: 'none',
    define: { SECURE_BASE_BUNDLED: 'true' },
    external: [
      // discord.js and its own packages stay one shared copy from node_modules: what the bot builds with
      // @discordjs/builders must be what discord.js checks against, and the benches' probe
      // (bench/lib/probe.ts) watches the discord.js client by patching that copy.
      'discord.js',
      '@discordjs/*',
      // Native, or optional and absent: resolved from node_modules at run time, as without the bundle.
      'sqlite3',
      'better-sqlite3',
      'pg-native',
      '@napi-rs/canvas',
      'zlib-sync',
      'bufferutil',
      'utf-8-validate',
      'erlpack',
      'pino-pretty',
      // Loaded only when asked for, from their compiled files beside the entry.
      './playground/main.js',
      './cluster/shard-manager.js',
    ],
    // CommonJS dependencies inside an ES module: `require` for what stays outside, and the file names
    // some of them read at load time.
    banner: {
      js: [
        MARK,
        "import { createRequire as __sbCreateRequire } from 'node:module';",
        "import { fileURLToPath as __sbFileURLToPath } from 'node:url';",
        "import { dirname as __sbDirname } from 'node:path';",
        'const require = __sbCreateRequire(import.meta.url);',
        'const __filename = __sbFileURLToPath(import.meta.url);',
        'const __dirname = __sbDirname(__filename);',
      ].join('\n'),
    },
  });
  renameSync(partial, entry);
} catch (error) {
  rmSync(partial, { force: true });
  throw error;
}
