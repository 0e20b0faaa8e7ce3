import { chmodSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { StartupError } from '../startup-error.js';
import { parseKey } from './codec.js';
import { keyFileIn } from './layout.js';

export interface LoadedKey {
  key: Buffer;
  /** Set when the key came from (or was just written to) a file, so start-up can say where it lives. */
  file?: string;
  created: boolean;
  /** Removes a key file this start created; for a start that fails before anything was stored with it. */
  undo(): void;
}

const nothing = () => undefined;

/**
 * DATA_ENCRYPTION_KEY wins. Without it the key lives next to the data, created once with mode 0600:
 * losing it makes every stored value unreadable, so start-up logs where it is. A key file that is a
 * folder, unreadable or not a key stops start-up with one line naming it; it is never replaced.
 */
export function loadOrCreateKey(configured: string | undefined, dataDir: string): LoadedKey {
  if (configured) return { key: parseKey(configured), created: false, undo: nothing };
  const file = keyFileIn(dataDir);
  const existing = statOrUndefined(file);
  if (existing?.isDirectory()) throw new StartupError(`the encryption key file ${file} is a folder, not a file; move it aside or set DATA_ENCRYPTION_KEY`);
  if (existing) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new StartupError(`cannot read the encryption key file ${file}: ${(error as Error).message}`);
    }
    try {
      return { key: parseKey(text), file, created: false, undo: nothing };
    } catch {
      throw new StartupError(`the encryption key file ${file} does not hold a 32-byte key (base64 or hex); restore it from your backup`);
    }
  }
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32);
  // 'wx' refuses to overwrite: two processes starting at once must not each write a different key.
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { key, file, created: true, undo: () => rmSync(file, { force: true }) };
}

function statOrUndefined(file: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new StartupError(`cannot look at the encryption key file ${file}: ${(error as Error).message}`);
  }
}
