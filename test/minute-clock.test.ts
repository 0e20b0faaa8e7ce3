import { afterEach, describe, expect, it, vi } from 'vitest';
import { startMinuteClock, untilNextMinute } from '../src/scheduler/minute-clock.js';
import type { Scheduler } from '../src/scheduler/service.js';
import { captureLogs } from './helpers/logs.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A scheduler that only records when it was ticked (fake time, epoch ms). */
function counting() {
  const ticks: number[] = [];
  const scheduler = { tick: () => (ticks.push(Date.now()), Promise.resolve()) } as unknown as Scheduler;
  return { ticks, scheduler };
}

describe('the minute clock', () => {
  it('counts to the next top of a minute', () => {
    expect(untilNextMinute(Date.UTC(2026, 0, 1, 12, 0, 59, 500))).toBe(500);
    expect(untilNextMinute(Date.UTC(2026, 0, 1, 12, 0, 0, 0))).toBe(60_000);
    expect(untilNextMinute(Date.UTC(2026, 0, 1, 12, 0, 0, 1))).toBe(59_999);
  });

  it('ticks at the top of every minute, not at start, and not after stop', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1, 12, 0, 20) });
    const { ticks, scheduler } = counting();
    const clock = startMinuteClock(scheduler, captureLogs().logger);
    vi.advanceTimersByTime(39_999);
    expect(ticks).toEqual([]);
    vi.advanceTimersByTime(1);
    vi.advanceTimersByTime(3 * 60_000);
    expect(ticks).toEqual([1, 2, 3, 4].map((m) => Date.UTC(2026, 0, 1, 12, m)));
    clock.stop();
    vi.advanceTimersByTime(5 * 60_000);
    expect(ticks).toHaveLength(4);
  });

  it('never ticks before the minute when the wall clock lags the timer', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1, 12, 0, 30) });
    const { ticks, scheduler } = counting();
    const clock = startMinuteClock(scheduler, captureLogs().logger);
    // The wall clock is set back 2 s while the timer runs: at the timer's end it reads 12:00:58.
    vi.advanceTimersByTime(10_000);
    vi.setSystemTime(Date.now() - 2000);
    vi.advanceTimersByTime(20_000);
    expect(ticks).toEqual([]);
    vi.advanceTimersByTime(2000);
    expect(ticks).toEqual([Date.UTC(2026, 0, 1, 12, 1)]);
    clock.stop();
  });

  it('keeps ticking when a tick fails, and logs it', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1, 12, 0, 0) });
    const logs = captureLogs();
    let calls = 0;
    const scheduler = { tick: () => (calls++, Promise.reject(new Error('boom'))) } as unknown as Scheduler;
    const clock = startMinuteClock(scheduler, logs.logger);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    clock.stop();
    expect(calls).toBe(2);
    expect(logs.text()).toContain('tick failed');
  });
});
