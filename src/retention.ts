import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { Reminders } from './reminders/service.js';
import type { ScheduleKind, Scheduler } from './scheduler/service.js';
import type { Store } from './store/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A schedule Discord keeps refusing (DMs closed, account gone) is kept this long for the member to fix it, then removed. */
export const REFUSED_REMINDER_RETENTION_DAYS = 90;
/** The scheduler prefix of the daily retention sweep. */
export const RETENTION_PREFIX = 'm';
const RETENTION_ID = 'daily';
/** Quiet hours for most servers; and once a day is plenty for limits counted in days. */
const SWEEP_HOUR_UTC = 3;

/** What the sweep uses: saved self-check results directly, reminder schedules through their service. */
export interface RetentionDeps {
  clock: Clock;
  logger: Logger;
  scheduler: Pick<Scheduler, 'file'>;
  store: Pick<Store, 'selfcheckHistory'>;
  reminders: Pick<Reminders, 'removeRefusedBefore'>;
}

function nextSweepAt(after: number): number {
  const day = Math.floor(after / DAY_MS) * DAY_MS + SWEEP_HOUR_UTC * 60 * 60 * 1000;
  return day > after ? day : day + DAY_MS;
}

/**
 * Data kept only as long as promised (PRIVACY.md): saved self-check results older than the
 * configured days, and reminder schedules paused by a refusal for 90 days, are removed daily.
 */
export function retentionKind(deps: RetentionDeps, selfcheckRetentionDays: number): ScheduleKind {
  return {
    prefix: RETENTION_PREFIX,
    async load(found) {
      found(RETENTION_ID, nextSweepAt(deps.clock.now()));
    },
    async run(id, now) {
      try {
        const removed = await sweep(deps, now, selfcheckRetentionDays);
        deps.logger.info(removed, 'retention sweep done');
      } finally {
        deps.scheduler.file(RETENTION_PREFIX, id, nextSweepAt(now));
      }
    },
  };
}

export async function sweep(
  deps: Pick<RetentionDeps, 'store' | 'reminders'>,
  now: number,
  selfcheckRetentionDays: number,
): Promise<{ selfcheckResults: number; reminders: number }> {
  const removed = { selfcheckResults: 0, reminders: 0 };
  const oldest = now - selfcheckRetentionDays * DAY_MS;
  for await (const [userId, history] of deps.store.selfcheckHistory.entries()) {
    if (!history.results.some((r) => r.at < oldest)) continue;
    await deps.store.selfcheckHistory.update(userId, (current) => {
      if (!current) return current;
      const kept = current.results.filter((r) => r.at >= oldest);
      removed.selfcheckResults += current.results.length - kept.length;
      return kept.length > 0 ? { ...current, results: kept } : undefined;
    });
  }
  removed.reminders = await deps.reminders.removeRefusedBefore(now - REFUSED_REMINDER_RETENTION_DAYS * DAY_MS);
  return removed;
}
