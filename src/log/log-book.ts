import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { LogEntry, LogRecord, Store } from '../store/index.js';
import { LOG_MAX_ENTRIES } from '../store/log-record.js';
import type { HeldEntry } from './held-texts.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The log's records: consent, entries in, entries out. Every write is the repository's atomic update. */
export class LogBook {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  get(userId: string): Promise<LogRecord | undefined> {
    return this.store.log.get(userId);
  }

  async hasConsented(userId: string): Promise<boolean> {
    return (await this.get(userId)) !== undefined;
  }

  /** The member said yes to the first-time explanation: the (empty) log now exists. */
  consent(userId: string): Promise<LogRecord | undefined> {
    const now = this.clock.now();
    return this.store.log.update(userId, (current) => current ?? { consentedAt: now, entries: [] });
  }

  /** Adds an entry; undefined when the member has no log (they never agreed, or deleted it meanwhile). */
  async add(userId: string, entry: HeldEntry): Promise<LogEntry | undefined> {
    const saved: LogEntry = { ...entry, id: randomBytes(5).toString('hex'), at: this.clock.now() };
    let added = false;
    await this.store.log.update(userId, (current) => {
      if (!current) return current;
      added = true;
      // At the cap the oldest entry makes room: a log that stops taking entries would be worse.
      return { ...current, entries: [...current.entries, saved].slice(-LOG_MAX_ENTRIES) };
    });
    return added ? saved : undefined;
  }

  async remove(userId: string, entryId: string): Promise<boolean> {
    let removed = false;
    await this.store.log.update(userId, (current) => {
      if (!current?.entries.some((e) => e.id === entryId)) return current;
      removed = true;
      return { ...current, entries: current.entries.filter((e) => e.id !== entryId) };
    });
    return removed;
  }
}

/** Entries from the last `days` days (and the `days` before those, for the trend). */
export function entriesWithin(entries: readonly LogEntry[], now: number, days: number, offsetDays = 0): LogEntry[] {
  const end = now - offsetDays * DAY_MS;
  const start = end - days * DAY_MS;
  return entries.filter((e) => e.at > start && e.at <= end);
}
