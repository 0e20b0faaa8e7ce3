import type { Logger } from '../logger.js';
import type { Scheduler } from './service.js';

const MINUTE_MS = 60_000;

/** Milliseconds from `now` (epoch ms) to the top of the next minute; a full minute at :00.000 itself. */
export function untilNextMinute(now: number): number {
  return MINUTE_MS - (now % MINUTE_MS);
}

/**
 * The one clock: a tick at the top of every minute (one timer, re-armed after each tick). Started only
 * by the bot's `start()` when built with `minuteClock`; tests call `scheduler.tick()` themselves with a
 * manual clock.
 *
 * A plain timer rather than a cron library: it does the one thing needed, and it never formats dates
 * (node-cron's first match created an `Intl.DateTimeFormat`, which pages about 5 MB of ICU data into
 * an otherwise idle process; bench/README.md, Memory).
 */
export function startMinuteClock(scheduler: Scheduler, logger: Logger, now: () => number = Date.now): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let due = now() + untilNextMinute(now());
  const arm = () => {
    if (stopped) return;
    timer = setTimeout(fire, Math.max(0, due - now()));
  };
  const fire = () => {
    const at = now();
    // The wall clock can disagree with the timer's (monotonic) clock by a little, or jump: never tick
    // before the minute has come, and never wait more than one minute for it.
    if (at < due && due - at <= MINUTE_MS) {
      arm();
      return;
    }
    // Not awaited: a fan-out longer than a minute must not hold up the next tick.
    scheduler.tick().catch((error: unknown) => logger.error({ err: error }, 'tick failed'));
    due = at + untilNextMinute(at);
    arm();
  };
  arm();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
