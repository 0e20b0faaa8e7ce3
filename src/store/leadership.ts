/**
 * The scheduler role's contract, and its SQLite form. Kept apart from leader-lock.ts (PostgreSQL's
 * advisory lock) so a bot on SQLite never loads pg at start.
 */
import type { Logger } from '../logger.js';

export interface LeadershipEvents {
  /** This process now holds the lock: rebuild from the store and start sending. */
  acquired(): Promise<void> | void;
  /** The lock is gone (connection lost or stopping): stop sending at once. */
  lost(): void;
  /** Another process changed a schedule record (namespace and hashed key); only while leader. */
  changed(namespace: string, key: string): void;
}

export interface LeadershipOptions {
  logger: Logger;
  /** How often a standby tries the lock, and how often the leader checks its connection. */
  retryMs: number;
}

export interface Leadership {
  /** Whether this process runs the scheduler now (health reports it as "scheduler"). */
  readonly isLeader: boolean;
  /** Starts campaigning; resolves after the first try (and, if it won, after `acquired` finished). */
  start(events: LeadershipEvents): Promise<void>;
  /** Gives the role up (releasing the lock) and stops campaigning. */
  stop(): Promise<void>;
}

/** SQLite is one process: it is the scheduler from the start. */
export class SoleLeadership implements Leadership {
  #leader = false;
  get isLeader(): boolean {
    return this.#leader;
  }
  async start(events: LeadershipEvents): Promise<void> {
    this.#leader = true;
    await events.acquired();
  }
  async stop(): Promise<void> {
    this.#leader = false;
  }
}
