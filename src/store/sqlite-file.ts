import { closeSync, existsSync, mkdirSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { StartupError } from '../startup-error.js';

const SQLITE_HEADER = 'SQLite format 3\0';

/** What start-up created, so a start that fails leaves nothing behind. */
export interface PreparedLocation {
  /** The database file did not exist before this start. */
  newFile: boolean;
  /** Removes what this start created (folder, database and its WAL files); for a failed start only. */
  undo(): void;
}

function kindOf(path: string): 'missing' | 'file' | 'folder' | 'other' {
  try {
    const stat = statSync(path);
    return stat.isDirectory() ? 'folder' : stat.isFile() ? 'file' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw new StartupError(`cannot look at ${path}: ${(error as Error).message}`);
  }
}

/** The nearest existing ancestor of `path` (checked so a file in the way is named, not a raw ENOTDIR). */
function firstExisting(path: string): string {
  let dir = path;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/**
 * Checks an SQLite store's folder and file before anything is written: the folder must be a folder
 * (created when missing), an existing file must be an SQLite database. Names the path in every error.
 */
export function prepareSqliteFile(file: string): PreparedLocation {
  const folder = dirname(file);
  const folderKind = kindOf(folder);
  if (folderKind === 'missing') {
    const existing = firstExisting(folder);
    if (kindOf(existing) !== 'folder')
      throw new StartupError(`the data folder ${existing} is a file, not a folder (from STORE_URL); move it aside or change STORE_URL`);
  } else if (folderKind !== 'folder') {
    throw new StartupError(`the data folder ${folder} is a file, not a folder (from STORE_URL); move it aside or change STORE_URL`);
  }
  const fileKind = kindOf(file);
  if (fileKind === 'folder' || fileKind === 'other') throw new StartupError(`the store ${file} is a folder, not a database file (from STORE_URL)`);
  if (fileKind === 'file' && !hasSqliteHeader(file)) {
    throw new StartupError(`the store ${file} is not an SQLite database; restore it from a backup or move it aside to start with an empty store`);
  }
  const createdFolder = folderKind === 'missing' ? mkdirSync(folder, { recursive: true }) : undefined;
  const newFile = fileKind === 'missing';
  return {
    newFile,
    undo() {
      if (newFile) for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
      if (createdFolder) rmSync(createdFolder, { recursive: true, force: true });
    },
  };
}

/** An empty file is a valid, empty SQLite database; anything else must start with SQLite's header. */
function hasSqliteHeader(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const read = readSync(fd, header, 0, header.length, 0);
    return read === 0 || header.toString('latin1') === SQLITE_HEADER;
  } catch (error) {
    throw new StartupError(`cannot read the store ${file}: ${(error as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

/** SQLite's answer at open, as the operator's one line. */
export function describeOpenError(file: string, error: unknown): StartupError | undefined {
  const code = (error as { code?: string } | null)?.code;
  if (code === 'SQLITE_READONLY')
    return new StartupError(`the store ${file} is read-only: the bot must be able to write the file and its folder (for the -wal and -shm files)`);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
    return new StartupError(`the store ${file} is not a readable SQLite database (${code}); restore it from a backup`);
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM' || code === 'SQLITE_IOERR')
    return new StartupError(`the store ${file} cannot be opened (${code}): check that the file and its folder exist and are writable by the bot's user`);
  return undefined;
}

/** The file's identity, to notice it being deleted or replaced under a running bot. */
export interface FileIdentity {
  dev: number;
  ino: number;
}

export function identityOf(file: string): FileIdentity | undefined {
  try {
    const stat = statSync(file);
    return { dev: stat.dev, ino: stat.ino };
  } catch {
    return undefined;
  }
}
