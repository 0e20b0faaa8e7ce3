import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../src/safety/rate-limit.js';
import { Cooldown } from '../src/crisis/cooldown.js';

function fakeClock(start = 1_000_000) {
  let now = start;
  return {
    clock: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('RateLimiter', () => {
  it('refuses the 11th call inside 10 s with the time until the oldest call expires', () => {
    const t = fakeClock();
    const rl = new RateLimiter({ limit: 10, windowMs: 10_000, clock: t.clock });
    for (let i = 0; i < 10; i++) {
      expect(rl.take('u1')).toEqual({ allowed: true, retryAfterMs: 0 });
      t.advance(500); // calls at 0, 0.5 s, ..., 4.5 s
    }
    // now = 5 s; the first call leaves the window at 10 s.
    expect(rl.take('u1')).toEqual({ allowed: false, retryAfterMs: 5_000 });
  });

  it('slides: capacity returns one call at a time as old calls age out', () => {
    const t = fakeClock();
    const rl = new RateLimiter({ limit: 10, windowMs: 10_000, clock: t.clock });
    for (let i = 0; i < 10; i++) {
      rl.take('u1');
      t.advance(1_000); // calls at 0..9 s
    }
    // now = 10 s: the call at 0 s has just left the window, the one at 1 s has not.
    expect(rl.take('u1').allowed).toBe(true);
    const refused = rl.take('u1');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBe(1_000);
    t.advance(1_000);
    expect(rl.take('u1').allowed).toBe(true);
  });

  it('does not extend the wait for refused calls', () => {
    const t = fakeClock();
    const rl = new RateLimiter({ limit: 2, windowMs: 10_000, clock: t.clock });
    rl.take('u1');
    rl.take('u1');
    for (let i = 0; i < 50; i++) rl.take('u1');
    t.advance(10_000);
    expect(rl.take('u1').allowed).toBe(true);
  });

  it('keeps keys independent', () => {
    const t = fakeClock();
    const rl = new RateLimiter({ limit: 10, windowMs: 10_000, clock: t.clock });
    for (let i = 0; i < 10; i++) rl.take('u1');
    expect(rl.take('u1').allowed).toBe(false);
    expect(rl.take('u2').allowed).toBe(true);
  });

  it('evicts keys whose calls have all left the window', () => {
    const t = fakeClock();
    const rl = new RateLimiter({ limit: 10, windowMs: 10_000, clock: t.clock });
    for (let i = 0; i < 100; i++) rl.take(`user-${i}`);
    expect(rl.size).toBe(100);
    t.advance(10_001);
    rl.take('late');
    expect(rl.size).toBe(1);
  });

  it('caps the number of keys, dropping the least recently used', () => {
    const t = fakeClock();
    const rl = new RateLimiter({ limit: 1, windowMs: 10_000, clock: t.clock, maxKeys: 3 });
    rl.take('a');
    rl.take('b');
    rl.take('c');
    rl.take('a'); // refused, but marks "a" as recently used
    rl.take('d'); // pushes out "b"
    expect(rl.size).toBe(3);
    expect(rl.take('a').allowed).toBe(false);
    expect(rl.take('b').allowed).toBe(true); // forgotten: lenient, never stricter
  });

  it('rejects nonsense options', () => {
    expect(() => new RateLimiter({ limit: 0, windowMs: 1 })).toThrow(RangeError);
    expect(() => new RateLimiter({ limit: 1, windowMs: 0 })).toThrow(RangeError);
  });
});

describe('Cooldown', () => {
  const DAY = 24 * 60 * 60 * 1000;

  it('fires once per period per key', () => {
    const t = fakeClock();
    const cd = new Cooldown({ periodMs: DAY, clock: t.clock });
    expect(cd.tryFire('u1')).toBe(true);
    expect(cd.tryFire('u1')).toBe(false);
    expect(cd.tryFire('u2')).toBe(true);
    t.advance(DAY - 1);
    expect(cd.tryFire('u1')).toBe(false);
    t.advance(1);
    expect(cd.tryFire('u1')).toBe(true);
    expect(cd.tryFire('u1')).toBe(false);
  });

  it('forgets expired keys and caps memory', () => {
    const t = fakeClock();
    const cd = new Cooldown({ periodMs: DAY, clock: t.clock, maxKeys: 50 });
    for (let i = 0; i < 80; i++) cd.tryFire(`user-${i}`);
    expect(cd.size).toBe(50);
    expect(cd.tryFire('user-0')).toBe(true); // evicted, so shown again: the safe direction
    t.advance(DAY);
    cd.tryFire('someone');
    expect(cd.size).toBe(1);
  });

  it('fires again if the clock steps backwards instead of staying silent', () => {
    const t = fakeClock();
    const cd = new Cooldown({ periodMs: DAY, clock: t.clock });
    cd.tryFire('u1');
    t.advance(-60_000);
    expect(cd.tryFire('u1')).toBe(true);
  });
});
