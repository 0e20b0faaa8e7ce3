import { describe, expect, it } from 'vitest';
import { DueIndex } from '../src/scheduler/due-index.js';
import { seededRandom } from './helpers/seeded-random.js';

describe('DueIndex', () => {
  it('takes everything due at or before now, earliest first, and removes it', () => {
    const index = new DueIndex();
    index.upsert('a', 300);
    index.upsert('b', 100);
    index.upsert('c', 200);
    index.upsert('d', 201);
    expect(index.size).toBe(4);
    expect(index.nextDueAt()).toBe(100);
    expect(index.takeDue(99)).toEqual([]);
    expect(index.takeDue(200)).toEqual(['b', 'c']);
    expect(index.size).toBe(2);
    expect(index.has('b')).toBe(false);
    expect(index.nextDueAt()).toBe(201);
    expect(index.takeDue(1000)).toEqual(['d', 'a']);
    expect(index.size).toBe(0);
    expect(index.nextDueAt()).toBeUndefined();
    expect(index.takeDue(1000)).toEqual([]);
  });

  it('moves an id on upsert instead of duplicating it', () => {
    const index = new DueIndex();
    index.upsert('a', 100);
    index.upsert('b', 200);
    index.upsert('a', 300);
    expect(index.size).toBe(2);
    expect(index.dueAt('a')).toBe(300);
    expect(index.takeDue(250)).toEqual(['b']);
    index.upsert('a', 50);
    expect(index.nextDueAt()).toBe(50);
    expect(index.takeDue(1000)).toEqual(['a']);
  });

  it('removes ids and reuses their slots', () => {
    const index = new DueIndex(16);
    for (let i = 0; i < 100; i++) index.upsert(`m${i}`, i);
    expect(index.remove('m0')).toBe(true);
    expect(index.remove('m0')).toBe(false);
    expect(index.remove('nobody')).toBe(false);
    for (let i = 1; i < 100; i += 2) index.remove(`m${i}`);
    expect(index.size).toBe(49);
    for (let i = 0; i < 50; i++) index.upsert(`n${i}`, 1000 + i);
    expect(index.size).toBe(99);
    const taken = index.takeDue(2000);
    expect(taken).toHaveLength(99);
    expect(new Set(taken).size).toBe(99);
  });

  it('forgets a taken id unless it is filed again', () => {
    const index = new DueIndex();
    index.upsert('kept', 10);
    index.upsert('gone', 10);
    expect(index.takeDue(10).sort()).toEqual(['gone', 'kept']);
    expect(index.dueAt('kept')).toBeUndefined();
    index.upsert('kept', 20);
    expect(index.takeDue(15)).toEqual([]);
    expect(index.has('kept')).toBe(true);
    expect(index.has('gone')).toBe(false);
    expect(index.remove('gone')).toBe(false);
    index.upsert('gone', 5);
    expect(index.takeDue(30).sort()).toEqual(['gone', 'kept']);
  });

  it('rejects a non-finite due time', () => {
    expect(() => new DueIndex().upsert('a', Number.NaN)).toThrow(RangeError);
  });

  it('stays correct against a plain Map under random upserts, removes and takes', () => {
    const random = seededRandom(42);
    const index = new DueIndex(16);
    const model = new Map<string, number>();
    let now = 0;
    for (let step = 0; step < 20_000; step++) {
      const roll = random();
      const id = `u${Math.floor(random() * 500)}`;
      if (roll < 0.6) {
        const due = now + Math.floor(random() * 1000);
        index.upsert(id, due);
        model.set(id, due);
      } else if (roll < 0.75) {
        expect(index.remove(id)).toBe(model.delete(id));
      } else {
        now += Math.floor(random() * 200);
        const expected = [...model].filter(([, due]) => due <= now).map(([key]) => key);
        const taken = index.takeDue(now);
        expect(taken.slice().sort()).toEqual(expected.sort());
        for (const key of expected) model.delete(key);
      }
      expect(index.size).toBe(model.size);
      const min = model.size === 0 ? undefined : Math.min(...model.values());
      expect(index.nextDueAt()).toBe(min);
    }
  });

  it('takes a bulk batch by one pass and keeps the rest ordered', () => {
    const index = new DueIndex();
    for (let i = 0; i < 10_000; i++) index.upsert(`m${i}`, i % 2 === 0 ? 5 : 1000 + i);
    const taken = index.takeDue(5);
    expect(taken).toHaveLength(5000);
    expect(new Set(taken).size).toBe(5000);
    expect(index.size).toBe(5000);
    let previous = -Infinity;
    while (index.size > 0) {
      const at = index.nextDueAt()!;
      expect(at).toBeGreaterThan(previous);
      const [id, ...rest] = index.takeDue(at);
      expect(rest).toEqual([]);
      expect(Number(id!.slice(1)) % 2).toBe(1);
      previous = at;
    }
  });

  // Speed is measured by bench/scheduler.bench.ts; here only correctness at scale.
  it('at 100k entries an idle tick takes nobody, and 1M due in one minute all come out once', () => {
    const index = new DueIndex();
    const minute = 60_000;
    for (let i = 0; i < 100_000; i++) index.upsert(`1${String(i).padStart(17, '0')}`, (1 + (i % 10_080)) * minute);
    expect(index.takeDue(0)).toEqual([]);
    expect(index.size).toBe(100_000);

    const big = new DueIndex();
    for (let i = 0; i < 1_000_000; i++) big.upsert(`1${String(i).padStart(17, '0')}`, 7 * minute + (i % 60) * 1000);
    const due = big.takeDue(8 * minute);
    expect(due).toHaveLength(1_000_000);
    expect(new Set(due).size).toBe(1_000_000);
    expect(big.size).toBe(0);
  }, 30_000);
});
