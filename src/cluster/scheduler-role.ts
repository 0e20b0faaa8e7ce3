import type { Logger } from '../logger.js';
import type { Scheduler } from '../scheduler/service.js';
import type { Leadership, Repository } from '../store/index.js';

/** A new scheduler's first request waits this long after taking over (Discord's limit is per second, for every process together). */
const TAKEOVER_HOLD_OFF_MS = 1000;

/** A kind of schedule record other processes may change: its namespace, and how a hashed key becomes an entry. */
export interface FollowedSchedule {
  prefix: string;
  namespace: string;
  /** The id and due time stored under a hashed key; undefined when the record is gone. */
  resolve(key: string): Promise<{ id: string; due: number | null } | undefined>;
}

export function followSchedule<T>(prefix: string, repository: Repository<T>, dueOf: (record: T) => number | null): FollowedSchedule {
  return {
    prefix,
    namespace: repository.namespace,
    async resolve(key) {
      const found = await repository.getByKey(key);
      return found && { id: found[0], due: dueOf(found[1]) };
    },
  };
}

export interface SchedulerRoleOptions {
  leadership: Leadership;
  scheduler: Scheduler;
  followed: readonly FollowedSchedule[];
  logger: Logger;
}

/**
 * Runs the scheduler only while this process holds the role: on taking it, rebuild from the store
 * (another process may have sent and re-filed meanwhile) and catch up at once; on losing it, stop
 * sending before anything else. While leading, a schedule another process wrote is re-read by its
 * hashed key and filed, so it does not wait for a rebuild.
 */
export async function runSchedulerRole(options: SchedulerRoleOptions): Promise<void> {
  const { leadership, scheduler, logger } = options;
  const byNamespace = new Map(options.followed.map((f) => [f.namespace, f]));
  scheduler.suspend();
  // Taking the role at start-up: the caller ticks once ready (src/index.ts). Taking it over later: catch
  // up at once rather than at the next full minute, so a failover costs seconds, not a minute.
  let starting = true;
  await leadership.start({
    async acquired() {
      await scheduler.rebuild();
      if (!leadership.isLeader) return;
      // Taken over: the previous scheduler's last second of requests still counts at Discord.
      scheduler.resume(starting ? 0 : TAKEOVER_HOLD_OFF_MS);
      if (!starting) void scheduler.tick().catch((error: unknown) => logger.error({ err: error }, 'catch-up tick failed'));
    },
    lost() {
      scheduler.suspend();
    },
    changed(namespace, key) {
      const followed = byNamespace.get(namespace);
      if (!followed) return;
      followed
        .resolve(key)
        .then((found) => {
          // Deleted: the index may keep a stale entry, whose run reads nothing and drops it.
          if (found && leadership.isLeader) scheduler.file(followed.prefix, found.id, found.due);
        })
        .catch((error: unknown) => logger.warn({ err: error, namespace }, 'could not read a changed schedule; the next rebuild picks it up'));
    },
  });
  starting = false;
}
