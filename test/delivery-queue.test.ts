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

/** Virtual time whose sleeps end after pending continuations ran, so a job records the time its gate opened. */
function virtualTimeAfterContinuations(oversleepMs = 0) {
  let now = 0;
  return {
    now: () => now,
    sleep: (ms: number) =>
      new Promise<void>((done) =>
        setImmediate(() => {
          now += ms + oversleepMs;
          done();
        }),
      ),
  };
}

describe('delivery queue, gated sends', () => {
  it('paces the requests themselves, whatever each job did before its gate', async () => {
    const time = virtualTimeAfterContinuations();
    const queue = new DeliveryQueue({ perSecond: 40, concurrency: 16, ahead: 4, ...time });
    const sent: number[] = [];
    for (let i = 0; i < 60; i++) {
      queue.pushGated(async (gate) => {
        // A store read of varying length before the request.
        await new Promise((done) => setTimeout(done, i % 3));
        await gate();
        sent.push(time.now());
      });
    }
    await queue.whenIdle();
    expect(sent).toHaveLength(60);
    for (let i = 1; i < sent.length; i++) expect(sent[i]! - sent[i - 1]!).toBeGreaterThanOrEqual(25 - 1e-9);
  });

  it('a job that decides not to send takes no turn', async () => {
    const time = virtualTimeAfterContinuations();
    const queue = new DeliveryQueue({ perSecond: 10, concurrency: 4, ...time });
    const sent: number[] = [];
    for (let i = 0; i < 20; i++) {
      queue.pushGated(async (gate) => {
        if (i % 2 === 1) return;
        await gate();
        sent.push(time.now());
      });
    }
    await queue.whenIdle();
    expect(sent).toHaveLength(10);
    expect(sent.at(-1)! - sent[0]!).toBeCloseTo(9 * 100, 5);
  });

  it('makes up a late gate with its burst, and never lets more than rate + burst into any second', async () => {
    // Every sleep oversleeps by 30 ms, as a busy event loop would.
    const time = virtualTimeAfterContinuations(30);
    const queue = new DeliveryQueue({ perSecond: 46, burst: 2, concurrency: 16, ahead: 6, ...time });
    const sent: number[] = [];
    for (let i = 0; i < 460; i++) {
      queue.pushGated(async (gate) => {
        await gate();
        sent.push(time.now());
      });
    }
    await queue.whenIdle();
    for (let i = 0; i < sent.length; i++) {
      const inWindow = sent.filter((t) => t >= sent[i]! && t < sent[i]! + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(48);
    }
    // Without the burst, each 30 ms oversleep would cost the pace for good (about 20/s instead of 46).
    expect(459 / ((sent.at(-1)! - sent[0]!) / 1000)).toBeGreaterThan(30);
  });

  it('keeps at most `ahead` gated jobs preparing', async () => {
    const queue = new DeliveryQueue({ perSecond: 1000, concurrency: 16, ahead: 3, ...virtualTime() });
    let preparing = 0;
    let peak = 0;
    for (let i = 0; i < 12; i++) {
      queue.pushGated(async (gate) => {
        peak = Math.max(peak, ++preparing);
        await new Promise((done) => setTimeout(done, 2));
        preparing--;
        await gate();
      });
    }
    await queue.whenIdle();
    expect(peak).toBe(3);
  });

  it('after holdOff, the first request waits that long', async () => {
    const time = virtualTimeAfterContinuations();
    const queue = new DeliveryQueue({ perSecond: 46, burst: 2, concurrency: 4, ...time });
    queue.holdOff(1000);
    const sent: number[] = [];
    for (let i = 0; i < 3; i++) {
      queue.pushGated(async (gate) => {
        await gate();
        sent.push(time.now());
      });
    }
    await queue.whenIdle();
    expect(sent[0]).toBeGreaterThanOrEqual(1000);
  });

  it('with a window cap, no second holds more than it even when the schedule would make up more', async () => {
    const busiest = async (perWindow: number | undefined) => {
      let now = 0;
      let sleeps = 0;
      // Every seventh sleep oversleeps by two intervals, so the schedule makes up bursts.
      const sleep = (ms: number) =>
        new Promise<void>((done) =>
          setImmediate(() => {
            now += ms + (sleeps++ % 7 === 0 ? 50 : 0);
            done();
          }),
        );
      const queue = new DeliveryQueue({ perSecond: 40, burst: 3, perWindow, concurrency: 16, ahead: 9, now: () => now, sleep });
      const sent: number[] = [];
      for (let i = 0; i < 300; i++) {
        queue.pushGated(async (gate) => {
          await gate();
          sent.push(now);
        });
      }
      await queue.whenIdle();
      return Math.max(...sent.map((t) => sent.filter((u) => u >= t && u < t + 1000).length));
    };
    // The schedule alone lets 42 into one second here; the cap holds it to 41.
    expect(await busiest(undefined)).toBeGreaterThan(41);
    expect(await busiest(41)).toBeLessThanOrEqual(41);
  });
});
