/**
 * The build's half of src/content/prepared.ts: what scripts/bundle.mjs writes beside the bundle. Kept apart
 * from prepared.ts, which the bot reads at every start, because it needs the whole content library.
 */
import { readdirSync } from 'node:fs';
import { loadCrisisTranslation } from './crisis-tier.js';
import { ContentLibrary, loadLocale } from './index.js';
import { tierOf } from './parity.js';
import { contentHash, type PreparedContent } from './prepared.js';

/**
 * Every locale under `dir` through the loaders, after the same checks a start from the files makes: the
 * whole library, crisis-tier overlays included (the bundled bot overlays a prepared one only when a member
 * first reads it, so it must not be able to fail then), and `check`, which the build uses to build every
 * command definition from it (the bundled bot no longer does at start). Throws what such a start would.
 */
export function prepareContent(dir: string, build: string, check: (library: ContentLibrary) => void): PreparedContent {
  const prepared: PreparedContent = { build, hash: contentHash(dir), full: {}, crisis: {} };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    if (tierOf(dir, entry.name) === 'crisis') prepared.crisis[entry.name] = loadCrisisTranslation(dir, entry.name);
    else prepared.full[entry.name] = loadLocale(entry.name, dir);
  }
  // The library the bundled bot will make from this, every crisis-tier locale overlaid now rather than on first read.
  const library = new ContentLibrary(dir, prepared);
  void library.locales;
  check(library);
  return prepared;
}
