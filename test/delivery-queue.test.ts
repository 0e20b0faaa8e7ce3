import { describe, expect, it } from 'vitest';
import { DeliveryQueue } from '../src/scheduler/delivery-queue.js';

/** Virtual time: sleeping moves the clock instead of waiting, so pacing is checked exactly. */
function virtualTime() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

describe('delivery queue', () => {
  it('starts sends no faster than the rate, and finishes all of them', async () => {
    const time = virtualTime();
    const queue = new DeliveryQueue({ perSecond: 40, concurrency: 10, ...time });
    const starts: number[] = [];
    for (let i = 0; i < 100; i++) queue.push(async () => void starts.push(time.now()));
    await queue.whenIdle();
    expect(starts).toHaveLength(100);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(25 - 1e-9);
    expect(starts.at(-1)! - starts[0]!).toBeCloseTo(99 * 25, 5);
  });

  it('keeps at most `concurrency` sends in flight', async () => {
    const time = virtualTime();
    const queue = new DeliveryQueue({ perSecond: 1000, concurrency: 3, ...time });
    let inFlight = 0;
    let peak = 0;
    for (let i = 0; i < 12; i++) {
      queue.push(async () => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((done) => setTimeout(done, 2));
        inFlight--;
      });
    }
    await queue.whenIdle();
    expect(peak).toBe(3);
  });

  it('a failing job does not stop the queue', async () => {
    const queue = new DeliveryQueue({ perSecond: 1000, concurrency: 2, ...virtualTime() });
    const done: number[] = [];
    queue.push(async () => {
      throw new Error('boom');
    });
    queue.push(async () => void done.push(2));
    await queue.whenIdle();
    expect(done).toEqual([2]);
    expect(queue.pending).toBe(0);
  });
});
