import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseKey } from './codec.js';

export interface LoadedKey {
  key: Buffer;
  /** Set when the key came from (or was just written to) a file, so start-up can say where it lives. */
  file?: string;
  created: boolean;
}

/**
 * DATA_ENCRYPTION_KEY wins. Without it the key lives next to the data, created once with mode 0600:
 * losing it makes every stored value unreadable, so start-up logs where it is.
 */
export function loadOrCreateKey(configured: string | undefined, dataDir: string): LoadedKey {
  if (configured) return { key: parseKey(configured), created: false };
  const file = resolve(dataDir, 'encryption.key');
  if (existsSync(file)) return { key: parseKey(readFileSync(file, 'utf8')), file, created: false };
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32);
  // 'wx' refuses to overwrite: two processes starting at once must not each write a different key.
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { key, file, created: true };
}
