import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { Codec } from './codec.js';
import type { RawStore } from './raw-store.js';
import { snapshotFile } from './layout.js';

const META = 'meta';

/**
 * Sits in front of every write to the records a snapshot is made from. While a snapshot may vouch for
 * the store (from start until this process discarded it, and again once one is being written), the
 * next write first deletes the token, so no snapshot can outlive a change it does not contain.
 */
export class WriteGuard {
  #armed = true;
  #discarding: Promise<void> | null = null;
  inFlight = 0;
  started = 0;

  constructor(private readonly discard: () => Promise<void>) {}

  /** From now on the next write discards the snapshot first. */
  arm(): void {
    this.#armed = true;
  }

  around<T>(write: () => Promise<T>): Promise<T> {
    this.inFlight++;
    this.started++;
    const work = this.#armed ? this.#disarm().then(write) : write();
    const settled = () => void this.inFlight--;
    void work.then(settled, settled);
    return work;
  }

  #disarm(): Promise<void> {
    this.#discarding ??= this.discard().then(
      () => {
        this.#armed = false;
        this.#discarding = null;
      },
      (error: unknown) => {
        this.#discarding = null;
        throw error;
      },
    );
    return this.#discarding;
  }
}

/**
 * A compact copy of something derived from the store (the reminders' due index), written encrypted
 * beside the database on a graceful stop so the next start can skip a full scan. It is trusted only
 * while it provably matches the store: writing it puts a fresh random token in the store; taking it
 * (once, at start) deletes the token, and so does the first write through its WriteGuard in any
 * process. A snapshot whose token is not in the store is ignored, so a crash, a restored backup or a
 * write after the stop all fall back to the full scan.
 */
export class StopSnapshots {
  readonly #guards = new Map<string, WriteGuard>();

  constructor(
    private readonly raw: RawStore,
    private readonly codec: Codec,
    /** Database file; snapshots sit beside it. */
    private readonly databaseFile: string,
  ) {}

  /** The guard the repository of the snapshotted records writes through. */
  guard(name: string): WriteGuard {
    let guard = this.#guards.get(name);
    if (!guard) {
      guard = new WriteGuard(() => this.discard(name));
      this.#guards.set(name, guard);
    }
    return guard;
  }

  #file(name: string): string {
    return snapshotFile(this.databaseFile, name);
  }

  #tokenId(name: string): string {
    return `stop-snapshot:${name}`;
  }

  /**
   * Writes what `collect` returns, only if no guarded write is under way, and keeps it only if none
   * started while it was written. The file first, then the token that vouches for it. True when kept.
   */
  async write(name: string, collect: () => string | null): Promise<boolean> {
    const guard = this.guard(name);
    if (guard.inFlight > 0) return false;
    guard.arm();
    const started = guard.started;
    const data = collect();
    if (data === null) return false;
    const token = randomBytes(16).toString('base64url');
    const file = this.#file(name);
    await writeFile(`${file}.tmp`, this.codec.encrypt(JSON.stringify({ token, data })), { mode: 0o600 });
    await rename(`${file}.tmp`, file);
    await this.raw.set(META, this.#tokenId(name), token);
    if (guard.started === started) return true;
    await this.discard(name);
    return false;
  }

  /** Whether a snapshot file is there (it may still not vouch for the store: `take` decides). */
  has(name: string): boolean {
    return existsSync(this.#file(name));
  }

  /** The snapshot's data if its token is in the store; either way, afterwards neither exists. */
  async take(name: string): Promise<string | undefined> {
    const file = this.#file(name);
    const stored = await this.raw.get(META, this.#tokenId(name));
    let text: string | undefined;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      text = undefined;
    }
    await this.discard(name);
    if (stored === undefined || text === undefined) return undefined;
    try {
      const snapshot = JSON.parse(this.codec.decrypt(text)) as { token?: unknown; data?: unknown };
      return snapshot.token === stored && typeof snapshot.data === 'string' ? snapshot.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Makes any snapshot of `name` untrustworthy: the token first, then the file. */
  async discard(name: string): Promise<void> {
    await this.raw.delete(META, this.#tokenId(name));
    await rm(this.#file(name), { force: true });
  }
}
