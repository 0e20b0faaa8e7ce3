import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { parseLogForm, HAPPENED_MAX } from '../src/log/entry.js';
import { HeldTexts, HOLD_MS } from '../src/log/held-texts.js';
import { reviewLog } from '../src/log/review.js';
import type { LogEntry } from '../src/store/index.js';

const entry = (at: number, fields: Partial<LogEntry> = {}): LogEntry => ({
  id: `e${at.toString(36)}`,
  at,
  happened: 'x',
  feelings: [],
  strength: null,
  mind: '',
  next: '',
  ...fields,
});

describe('reviewLog', () => {
  it('places entries by weekday and part of day in the member zone, Monday first', () => {
    // Tuesday 3 March 2026 23:30 UTC is Wednesday 08:30 in Tokyo (morning), and Tuesday evening in UTC.
    const at = Date.UTC(2026, 2, 3, 23, 30);
    const tokyo = reviewLog([entry(at)], [], 'Asia/Tokyo');
    expect(tokyo.grid[2]![1]).toBe(1);
    expect(tokyo.busiest).toEqual({ row: 2, part: 1, count: 1 });
    const utc = reviewLog([entry(at)], [], 'UTC');
    expect(utc.grid[1]![3]).toBe(1);
    expect(utc.grid.flat().reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('counts feelings, averages strength with its trend, and picks the fitting strategy', () => {
    const entries = [
      entry(1, { feelings: ['angry', 'worried'], strength: 8 }),
      entry(2, { feelings: ['angry'], strength: 6 }),
      entry(3, { feelings: ['calm'] }),
    ];
    const review = reviewLog(entries, [entry(0, { strength: 4 })], 'UTC');
    expect(review.count).toBe(3);
    expect(review.topFeelings).toEqual([
      { id: 'angry', count: 2 },
      { id: 'worried', count: 1 },
      { id: 'calm', count: 1 },
    ]);
    expect(review.averageStrength).toBe(7);
    expect(review.trend).toBe('higher');
    expect(review.strategy).toBe('communicate-openly');
    expect(reviewLog(entries, [entry(0, { strength: 7.2 })], 'UTC').trend).toBe('same');
    expect(reviewLog([], [], 'UTC')).toMatchObject({ count: 0, averageStrength: null, trend: null, busiest: null, strategy: 'notice-triggers' });
  });
});

describe('parseLogForm', () => {
  it('needs only what happened, and refuses forged or over-long values', () => {
    expect(parseLogForm({ happened: '  late reply  ' })).toEqual({
      ok: true,
      entry: { happened: 'late reply', feelings: [], strength: null, mind: '', next: '' },
    });
    expect(parseLogForm({ happened: 'a', feelings: ['sad', 'sad'], strength: ['0'] })).toMatchObject({ ok: true, entry: { feelings: ['sad'], strength: 0 } });
    expect(parseLogForm({})).toMatchObject({ ok: false, error: 'log.error.empty' });
    expect(parseLogForm({ happened: 'a'.repeat(HAPPENED_MAX + 1) })).toMatchObject({ ok: false, error: 'log.error.tooLong' });
    expect(parseLogForm({ happened: 'a', mind: 'm'.repeat(1001) })).toMatchObject({ ok: false, error: 'log.error.tooLong' });
    expect(parseLogForm({ happened: 'a', strength: ['-1'] })).toMatchObject({ ok: false, error: 'log.error.strength' });
    expect(parseLogForm({ happened: 'a', strength: ['5.5'] })).toMatchObject({ ok: false, error: 'log.error.strength' });
    expect(parseLogForm({ happened: 'a', feelings: ['__proto__'] })).toMatchObject({ ok: false, error: 'log.error.choice' });
  });
});

describe('HeldTexts', () => {
  it('gives the text back once, only to its owner, and forgets it after 15 minutes', () => {
    const clock = new ManualClock(0);
    const held = new HeldTexts(clock);
    const text = { happened: 'h', feelings: [], strength: null, mind: '', next: '' };
    const key = held.hold('1', text);
    expect(held.take('2', key)).toBeUndefined();
    expect(held.take('1', key)).toEqual(text);
    expect(held.take('1', key)).toBeUndefined();
    const later = held.hold('1', text);
    clock.advance(HOLD_MS + 1);
    expect(held.take('1', later)).toBeUndefined();
    expect(held.size).toBe(0);
  });
});

describe('the list view', () => {
  it('keeps five fully written entries within Discord limits, newest first', async () => {
    const { ContentLibrary } = await import('../src/content/index.js');
    const { listView } = await import('../src/log/views.js');
    const content = new ContentLibrary();
    const ctx = { content } as unknown as Parameters<typeof listView>[0];
    const long = 'line one\n'.repeat(120);
    const entries = Array.from({ length: 6 }, (_, i) =>
      entry(i * 1000, { happened: long, mind: long, next: long, feelings: ['worried', 'sad', 'angry'], strength: 9 }),
    );
    const view = listView(ctx, 'en', '123456789012345678', entries, 0);
    const embed = view.embeds[0]!.toJSON();
    expect(embed.fields).toHaveLength(5);
    for (const field of embed.fields!) expect(field.value.length).toBeLessThanOrEqual(1024);
    const total = (embed.title?.length ?? 0) + (embed.footer?.text.length ?? 0) + embed.fields!.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
    expect(embed.fields![0]!.name).toContain(`<t:${Math.floor(5000 / 1000)}:f>`);
  });
});
