import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { MemoryHold } from '../src/hard-moment/memory-hold.js';
import { phaseAt, phaseStart, PHASES } from '../src/hard-moment/breathing.js';
import { parseBelief } from '../src/hard-moment/thought-record.js';
import { Ticker } from '../src/ticker.js';
import { captureLogs } from './helpers/logs.js';

function ticker(clock = new ManualClock(0)) {
  return { clock, ticker: new Ticker({ clock, logger: captureLogs().logger }) };
}

describe('Ticker', () => {
  it('runs tasks in due order once the clock reaches them, each once', async () => {
    const { clock, ticker: t } = ticker();
    const ran: string[] = [];
    t.after(3000, () => void ran.push('c'));
    t.after(1000, () => void ran.push('a'));
    t.after(1000, () => void ran.push('b'));
    t.poll();
    expect(ran).toEqual([]);
    clock.advance(1000);
    t.poll();
    await t.settle();
    expect(ran).toEqual(['a', 'b']);
    clock.advance(10_000);
    t.poll();
    t.poll();
    await t.settle();
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('skips cancelled tasks and keeps going after one throws', async () => {
    const { clock, ticker: t } = ticker();
    const ran: number[] = [];
    t.after(10, () => {
      throw new Error('boom');
    });
    t.after(10, () => void ran.push(1)).cancel();
    t.after(20, () => void ran.push(2));
    clock.advance(20);
    t.poll();
    await t.settle();
    expect(ran).toEqual([2]);
  });

  it('polls real time on its own once started, reading the moved clock', async () => {
    const { clock, ticker: t } = ticker();
    t.start();
    let ran = false;
    t.after(60_000, () => {
      ran = true;
    });
    clock.advance(60_000);
    await sleep(600);
    expect(ran).toBe(true);
    await t.stop();
  });

  it('drops everything on stop: nothing survives in memory', async () => {
    const { clock, ticker: t } = ticker();
    let ran = false;
    t.after(10, () => {
      ran = true;
    });
    await t.stop();
    clock.advance(100);
    t.poll();
    expect(ran).toBe(false);
    expect(t.pending).toBe(0);
  });
});

describe('MemoryHold', () => {
  it('gives an item only to its owner, once with take, and forgets it after its time', async () => {
    const { clock, ticker: t } = ticker();
    const hold = new MemoryHold<string>(t, 60_000);
    const id = hold.put('alice', 'draft');
    expect(id).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(hold.get(id, 'bob')).toBeUndefined();
    expect(hold.get('forged-id', 'alice')).toBeUndefined();
    expect(hold.get(id, 'alice')).toBe('draft');
    const other = hold.put('alice', 'second');
    expect(hold.take(other, 'alice')).toBe('second');
    expect(hold.take(other, 'alice')).toBeUndefined();
    clock.advance(60_000);
    t.poll();
    await t.settle();
    expect(hold.get(id, 'alice')).toBeUndefined();
    expect(hold.size).toBe(0);
  });

  it('drops the oldest item past its cap', () => {
    const { ticker: t } = ticker();
    const hold = new MemoryHold<number>(t, 60_000, 2);
    const first = hold.put('a', 1);
    hold.put('a', 2);
    hold.put('a', 3);
    expect(hold.size).toBe(2);
    expect(hold.get(first, 'a')).toBeUndefined();
  });
});

describe('breathing phases and belief ratings', () => {
  it('alternates in 4 s and out 6 s for six rounds, about a minute', () => {
    expect([0, 1, 2, 3].map(phaseStart)).toEqual([0, 4000, 10_000, 14_000]);
    expect(phaseAt(0)).toBe(0);
    expect(phaseAt(3999)).toBe(0);
    expect(phaseAt(4000)).toBe(1);
    expect(phaseAt(10_000)).toBe(2);
    expect(phaseAt(59_999)).toBe(PHASES - 1);
    expect(phaseAt(60_000)).toBe(PHASES);
  });

  it('reads a belief from 0 to 100 and nothing else', () => {
    expect(parseBelief('0')).toBe(0);
    expect(parseBelief(' 70 ')).toBe(70);
    expect(parseBelief('85%')).toBe(85);
    expect(parseBelief('100')).toBe(100);
    for (const bad of ['101', '-5', '7.5', 'seventy', '', '1e2']) expect(parseBelief(bad), bad).toBeNull();
  });
});

describe('Ticker and MemoryHold together', () => {
  it('a task due in the same poll can still be cancelled by an earlier one (a draft touched when it comes back)', async () => {
    const { clock, ticker: t } = ticker();
    const hold = new MemoryHold<string>(t, 60 * 60_000);
    const id = hold.put('alice', 'draft');
    let seen: string | undefined;
    t.after(2 * 60_000, () => {
      seen = hold.get(id, 'alice');
      hold.touch(id);
    });
    clock.advance(60 * 60_000);
    t.poll();
    await t.settle();
    expect(seen).toBe('draft');
    expect(hold.get(id, 'alice')).toBe('draft');
  });
});
