import type { BotContext } from './interactions/context.js';
import type { ScheduleKind } from './scheduler/service.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A schedule Discord keeps refusing (DMs closed, account gone) is kept this long for the member to fix it, then removed. */
export const REFUSED_REMINDER_RETENTION_DAYS = 90;
const RETENTION_ID = 'daily';
/** Quiet hours for most servers; and once a day is plenty for limits counted in days. */
const SWEEP_HOUR_UTC = 3;

function nextSweepAt(after: number): number {
  const day = Math.floor(after / DAY_MS) * DAY_MS + SWEEP_HOUR_UTC * 60 * 60 * 1000;
  return day > after ? day : day + DAY_MS;
}

/**
 * Data kept only as long as promised (PRIVACY.md): saved self-check results older than the
 * configured days, log entries older than theirs, and reminder schedules paused by a refusal for 90 days,
 * are removed daily.
 */
export function retentionKind(ctx: BotContext, selfcheckRetentionDays: number, logRetentionDays = selfcheckRetentionDays): ScheduleKind {
  return {
    prefix: 'm',
    async load(found) {
      found(RETENTION_ID, nextSweepAt(ctx.clock.now()));
    },
    async run(id, now) {
      try {
        const removed = { ...(await sweep(ctx, now, selfcheckRetentionDays)), logEntries: await sweepLog(ctx, now, logRetentionDays) };
        ctx.logger.info(removed, 'retention sweep done');
      } finally {
        ctx.scheduler.file('m', id, nextSweepAt(now));
      }
    },
  };
}

export async function sweep(ctx: BotContext, now: number, selfcheckRetentionDays: number): Promise<{ selfcheckResults: number; reminders: number }> {
  const removed = { selfcheckResults: 0, reminders: 0 };
  const oldest = now - selfcheckRetentionDays * DAY_MS;
  for await (const [userId, history] of ctx.store.selfcheckHistory.entries()) {
    if (!history.results.some((r) => r.at < oldest)) continue;
    await ctx.store.selfcheckHistory.update(userId, (current) => {
      if (!current) return current;
      const kept = current.results.filter((r) => r.at >= oldest);
      removed.selfcheckResults += current.results.length - kept.length;
      return kept.length > 0 ? { ...current, results: kept } : undefined;
    });
  }
  const refusedBefore = now - REFUSED_REMINDER_RETENTION_DAYS * DAY_MS;
  for await (const [userId, reminder] of ctx.store.reminders.entries()) {
    if (reminder.pausedReason === null || reminder.pausedAt === null || reminder.pausedAt > refusedBefore) continue;
    await ctx.store.reminders.update(userId, (current) =>
      current && current.pausedReason !== null && current.pausedAt !== null && current.pausedAt <= refusedBefore
        ? (removed.reminders++, undefined)
        : current,
    );
  }
  return removed;
}

/** Log entries older than the retention; a log left empty stays (the member's opt-in), holding no entries. */
export async function sweepLog(ctx: BotContext, now: number, logRetentionDays: number): Promise<number> {
  let removed = 0;
  const oldest = now - logRetentionDays * DAY_MS;
  for await (const [userId, log] of ctx.store.log.entries()) {
    if (!log.entries.some((e) => e.at < oldest)) continue;
    await ctx.store.log.update(userId, (current) => {
      if (!current) return current;
      const kept = current.entries.filter((e) => e.at >= oldest);
      removed += current.entries.length - kept.length;
      return { ...current, entries: kept };
    });
  }
  return removed;
}
