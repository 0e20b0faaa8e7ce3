/**
 * What the start-up rebuild keeps of each reminder schedule: when it is next due and whether a notice
 * waits. Also imported by the worker threads of the parallel scan (src/store/parallel-scan.ts), so it
 * imports nothing heavy.
 */
import { srcUrl } from '../bundled.js';
import { effectiveDue } from '../scheduler/schedule-math.js';
import type { ReminderRecord } from '../store/records.js';

/** When the due index should look at a record again; null when nothing will be sent. */
export function dueOf(r: ReminderRecord | undefined): number | null {
  return r === undefined || r.pausedReason !== null ? null : effectiveDue(r);
}

export type ReminderDue = [dueUtc: number | null, noticePending: boolean];

export function project(r: ReminderRecord): ReminderDue {
  return [dueOf(r), r.noticePending];
}

/** The worker threads import this module by URL: in the bundle of the entry, the compiled file it was built from. */
export const reminderDueProjection = { url: srcUrl('reminders/due-projection.js', import.meta.url, import.meta.url).href, project };
