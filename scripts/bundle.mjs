// Bundles the bot's compiled entry (dist/src/index.js, from tsc) with every module it loads at start,
// its dependencies included, into that same file: Node 20 has no compile cache, and resolving, reading
// and compiling several hundred files (discord.js alone is most of them) was most of the time from
// `npm start` to the first answer. Run by `npm run build` and scripts/build-if-needed.mjs after tsc.
//
// What stays outside, loaded as before from dist/ or node_modules/: native and optional packages, the
// playground and the shard manager (imported only when used), and the worker threads' modules, which
// the bundle names by their path under dist/src (src/bundled.ts). Other scripts (deploy-commands,
// migrate-store, the playground) run the tsc output unbundled.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, transform } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'src', 'index.js');
// What the bundle is made from: the entry's body (src/main.ts), which src/index.ts only calls.
const main = join(root, 'dist', 'src', 'main.js');
const MARK = '/* secure-base: one-file bundle (scripts/bundle.mjs) */';

if (readFileSync(entry, 'utf8').startsWith(MARK)) {
  console.error('dist/src/index.js is already the bundle: run tsc first (npm run build).');
  process.exit(1);
}

const partial = `${entry}.bundling`;

/**
 * zod's namespace object carries every translation of its error messages (`z.locales`, over a third of
 * zod's size in the bundle, parsed at every start). The bot never reads them: zod itself uses English,
 * which stays; `z.locales` keeps only `en` in the bundle.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-locales' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), 'en.js'))};`,
      resolveDir: dirname(args.path),
    }));
  },
};
// Ties what this build prepares (the validated content below) to this bundle alone, and names the bundle,
// so its code cache (src/run-bundle.ts: the bundle's name plus .v8cache) can only meet this code.
const buildId = randomBytes(12).toString('base64url');
const bundleName = `main.bundle.${buildId}.cjs`;
const bundleFile = join(root, 'dist', 'src', bundleName);
const preparedFile = join(root, 'dist', 'src', 'content.prepared.json');
try {
  await build({
    entryPoints: [main],
    outfile: partial,
    bundle: true,
    platform: 'node',
    // A classic script, so that src/run-bundle.ts can run it from V8's code cache (ES modules cannot
    // have one on Node 20).
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
    plugins: [zodEnglishOnly],
    legalComments: 'none',
    // Every module's import.meta.url is the entry's, dist/src/index.js, as when the bundle was an ES module
    // written over it: files beside the entry (worker threads, prepared content) resolve as before.
    define: { SECURE_BASE_BUNDLED: 'true', SECURE_BASE_BUILD_ID: JSON.stringify(buildId), 'import.meta.url': '__sbEntryUrl' },
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
      // The playground and the shard manager are loaded only when asked for, through importBeside
      // (src/bundled.ts), from their compiled files beside the entry: esbuild never sees those imports.
    ],
    banner: {
      js: [MARK, "var __sbEntryUrl = require('node:url').pathToFileURL(require('node:path').join(__dirname, 'index.js')).href;"].join('\n'),
    },
  });
  await asciiOnly(partial);
  rmSync(preparedFile, { force: true });
  await prepareContent();
  renameSync(partial, bundleFile);
  writeFileSync(
    `${entry}.tmp`,
    [
      MARK,
      "// npm start runs this: the bot in one file, from V8's code cache after the first run (src/run-bundle.ts).",
      "import { runBundle } from './run-bundle.js';",
      `await runBundle(new URL('./${bundleName}', import.meta.url));`,
      '',
    ].join('\n'),
  );
  renameSync(`${entry}.tmp`, entry);
  // Earlier bundles and their code caches: nothing names them any more.
  for (const name of readdirSync(dirname(bundleFile))) {
    if (name.startsWith('main.bundle.') && !name.startsWith(bundleName)) rmSync(join(dirname(bundleFile), name), { force: true });
  }
} catch (error) {
  rmSync(partial, { force: true });
  throw error;
}

/**
 * V8 keeps a script's source one byte a character only while every character is Latin-1; a single em dash
 * in a comment makes it hold the whole 1.5 MB bundle at two bytes a character (measured: 3.6 MB instead of
 * 1.8 MB for as long as the process runs). esbuild escapes such characters in strings but keeps comments
 * and regular expressions as written, so what is left is escaped here: `\uXXXX` reads the same in a regular
 * expression and is plain text in a comment. Everything past ASCII is escaped, not only past Latin-1: the
 * loader (src/run-bundle.ts) then reads the file as Latin-1, which for ASCII is the same text and takes a
 * few ms less than decoding UTF-8. esbuild parses the result again, so a character in a place where the
 * escape would change the meaning fails the build instead of shipping.
 */
async function asciiOnly(file) {
  const code = readFileSync(file, 'utf8');
  const escaped = code.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (escaped === code) return;
  await transform(escaped, { loader: 'js', format: 'cjs', logLevel: 'silent' });
  writeFileSync(file, escaped);
}

/**
 * content/ validated now, through the compiled loaders the bundle was made from (tsc's dist/src/content/),
 * and written beside the bundle with the content's hash and this bundle's id: the bundled bot takes it
 * while content/ still hashes the same (src/content/prepared.ts) instead of validating at every start.
 * Everything such a start would check is checked here (src/content/prepare.ts), every command definition
 * included. Content that does not pass is not prepared: the bot then validates at start and refuses it
 * there, with the same message as before.
 */
async function prepareContent() {
  const from = (path) => import(pathToFileURL(join(root, 'dist', path)).href);
  const [{ CONTENT_DIR }, { prepareContent: prepare }, { commandDefinitions }, { commands }] = await Promise.all([
    from('src/content/index.js'),
    from('src/content/prepare.js'),
    from('src/interactions/definitions.js'),
    from('commands/index.js'),
  ]);
  let prepared;
  try {
    prepared = prepare(CONTENT_DIR, buildId, (library) => commandDefinitions(commands, library));
  } catch (error) {
    console.error(`content/ was not prepared at build time (the bot validates it at start and will say the same): ${error.message}`);
    return;
  }
  writeFileSync(`${preparedFile}.tmp`, JSON.stringify(prepared));
  renameSync(`${preparedFile}.tmp`, preparedFile);
}
