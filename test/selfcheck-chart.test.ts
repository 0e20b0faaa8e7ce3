import { describe, expect, it } from 'vitest';
import { CHART_HEIGHT, CHART_WIDTH, formatMean, renderHistoryChart, statementChanges, textFallback, type HistoryPoint } from '../src/selfcheck/chart.js';

const labels = {
  title: 'Your self-check history',
  yAxis: 'Average (1–5)',
  empty: 'No self-checks saved yet.',
  bandNames: { few: 'A few', some: 'Some', many: 'Many' },
};
const day = (iso: string) => new Date(`${iso}T12:00:00Z`);
const history: HistoryPoint[] = [
  { date: day('2026-09-02'), mean: 3.9 },
  { date: day('2026-09-16'), mean: 3.4 },
  { date: day('2026-10-01'), mean: 2.9 },
  { date: day('2026-10-20'), mean: 2.3 },
];

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function expectPng(png: Buffer): void {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  // The first chunk is always IHDR: length(4) type(4) width(4) height(4).
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  expect(png.readUInt32BE(16)).toBe(CHART_WIDTH);
  expect(png.readUInt32BE(20)).toBe(CHART_HEIGHT);
  expect(png.length).toBeGreaterThan(5 * 1024);
  expect(png.length).toBeLessThan(200 * 1024);
}

describe('renderHistoryChart', () => {
  it('renders an 800x400 PNG of sensible size', async () => {
    expect([CHART_WIDTH, CHART_HEIGHT]).toEqual([800, 400]);
    expectPng(await renderHistoryChart(history, labels));
  });

  it('handles an empty history', async () => {
    expectPng(await renderHistoryChart([], labels));
  });

  it('handles a single point', async () => {
    expectPng(await renderHistoryChart([history[0]!], labels));
  });

  it('copes with unsorted, same-day, out-of-range and broken points', async () => {
    const messy: HistoryPoint[] = [
      history[2]!,
      history[0]!,
      { date: history[0]!.date, mean: 7 },
      { date: new Date('not a date'), mean: 3 },
      { date: day('2026-10-05'), mean: Number.NaN },
    ];
    expectPng(await renderHistoryChart(messy, labels));
  });

  it('marks where the statements changed, and only there', async () => {
    const versioned = history.map((p, i) => ({ ...p, statements: i < 2 ? 1 : 2 }));
    const withLabels = { ...labels, statementsChanged: 'New statements', upsAndDowns: 'Ups and downs are normal.' };
    const marked = await renderHistoryChart(versioned, withLabels);
    const unmarked = await renderHistoryChart(history, withLabels);
    expectPng(marked);
    expect(marked.equals(unmarked)).toBe(false);
    expect(statementChanges(versioned)).toEqual([2]);
    expect(statementChanges(history)).toEqual([]);
    // Older records carry no version: they read as version 1, so a first version-1 result marks nothing.
    expect(statementChanges([history[0]!, { ...history[1]!, statements: 1 }])).toEqual([]);
  });

  it('draws different pictures for different histories', async () => {
    const a = await renderHistoryChart(history, labels);
    const b = await renderHistoryChart(
      history.map((p) => ({ ...p, mean: 6 - p.mean })),
      labels,
    );
    expect(a.equals(b)).toBe(false);
  });
});

describe('textFallback', () => {
  it('lists each point oldest first with its band', () => {
    const text = textFallback([...history].reverse(), { ...labels, heading: 'History:' });
    expect(text.split('\n')).toEqual([
      'History:',
      '2 Sept 2026: 3.9 / 5 (Many)',
      '16 Sept 2026: 3.4 / 5 (Some)',
      '1 Oct 2026: 2.9 / 5 (Some)',
      '20 Oct 2026: 2.3 / 5 (A few)',
    ]);
  });

  it('notes where the statements changed and that ups and downs are normal', () => {
    const versioned = history.map((p, i) => ({ ...p, statements: i < 2 ? 1 : 2 }));
    const text = textFallback(versioned, { ...labels, changedNote: 'The statements changed on {date}.', upsAndDowns: 'Ups and downs are normal.' });
    expect(text.split('\n')).toEqual([
      '2 Sept 2026: 3.9 / 5 (Many)',
      '16 Sept 2026: 3.4 / 5 (Some)',
      '*The statements changed on 1 Oct 2026.*',
      '1 Oct 2026: 2.9 / 5 (Some)',
      '20 Oct 2026: 2.3 / 5 (A few)',
      '',
      'Ups and downs are normal.',
    ]);
  });

  it('says so when there is no history', () => {
    expect(textFallback([], labels)).toBe('No self-checks saved yet.');
  });

  it('handles a single point', () => {
    expect(textFallback([history[0]!], labels)).toBe('2 Sept 2026: 3.9 / 5 (Many)');
  });

  it('never rounds a number across a band edge', () => {
    expect(formatMean(3.46)).toBe('3.4');
    expect(formatMean(2.45)).toBe('2.4');
    expect(formatMean(3.5)).toBe('3.5');
    expect(formatMean(3.44)).toBe('3.4');
    expect(formatMean(41 / 12)).toBe('3.4');
  });
});
