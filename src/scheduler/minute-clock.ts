import cron from 'node-cron';
import type { Logger } from '../logger.js';
import type { Scheduler } from './service.js';

/**
 * The one clock: a single cron task at the top of every minute. Started only by the bot's `start()`
 * when built with `minuteClock`; tests call `scheduler.tick()` themselves with a manual clock.
 */
export function startMinuteClock(scheduler: Scheduler, logger: Logger): { stop(): void } {
  const task = cron.schedule(
    '* * * * *',
    () => {
      // Not awaited: a fan-out longer than a minute must not make cron skip the next tick.
      scheduler.tick().catch((error: unknown) => logger.error({ err: error }, 'tick failed'));
    },
    { name: 'scheduler-tick' },
  );
  return { stop: () => void task.stop() };
}
