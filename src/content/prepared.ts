/**
 * Content validated at build time. `npm run build` (scripts/bundle.mjs) loads every locale through the
 * same loaders and schemas the bot uses and writes what they returned beside the bundle, with a hash of
 * every file under content/ and the id of the bundle it was made with. The bundled bot then takes that
 * instead of validating again, but only while both still hold: the same bundle (so the same schemas and
 * loaders) and byte for byte the same content files. Anything else (content edited after the build, a
 * file added or removed, a build without the prepared file, the code run unbundled) validates at start
 * exactly as before, so a bad file still stops start-up with the same message.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD_ID } from '../bundled.js';
import type { CrisisTranslation } from './crisis-tier.js';
import type { LocaleContent } from './schema.js';

export const PREPARED_CONTENT_FILE = 'content.prepared.json';

export interface PreparedContent {
  /** The bundle this was made for (esbuild defines SECURE_BASE_BUILD_ID in it). */
  build: string;
  /** contentHash() of the folder it was made from. */
  hash: string;
  /** What loadLocale returned for each full locale. */
  full: Record<string, LocaleContent>;
  /** What loadCrisisTranslation returned for each crisis-tier locale. */
  crisis: Record<string, CrisisTranslation>;
}

/** SHA-256 over every file under `dir` (sorted relative path, size and bytes), so any change, addition or removal shows. */
export function contentHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (relative: string) => {
    const entries = readdirSync(join(dir, relative), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        hash.update(`d\0${path}\0`);
        walk(path);
      } else {
        const bytes = readFileSync(join(dir, path));
        hash.update(`f\0${path}\0${bytes.length}\0`);
        hash.update(bytes);
      }
    }
  };
  walk('');
  return hash.digest('hex');
}

/**
 * The prepared content for `dir` if this is the bundle it was made with and `dir` still hashes the
 * same; undefined otherwise (the caller validates the files itself). `file` is where the build wrote it.
 */
export function preparedContent(dir: string, file: URL | string | undefined): PreparedContent | undefined {
  if (!BUILD_ID || !file) return undefined;
  let prepared: PreparedContent;
  try {
    prepared = JSON.parse(readFileSync(file, 'utf8')) as PreparedContent;
  } catch {
    return undefined;
  }
  if (prepared?.build !== BUILD_ID || typeof prepared.hash !== 'string') return undefined;
  try {
    return contentHash(dir) === prepared.hash ? prepared : undefined;
  } catch {
    // An unreadable content folder: the loaders say what is wrong with it.
    return undefined;
  }
}
