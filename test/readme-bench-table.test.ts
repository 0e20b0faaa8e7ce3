import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { END_MARKER, markdownTable, START_MARKER, withTable, type BenchResults } from '../bench/lib/table.js';

const ROOT = join(import.meta.dirname, '..');
const results = JSON.parse(readFileSync(join(ROOT, 'bench', 'results', 'latest.json'), 'utf8')) as BenchResults;
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe("the README's benchmark table", () => {
  it('is the one run in bench/results/latest.json (npm run bench:table rewrites it)', () => {
    expect(readme).toBe(withTable(readme, markdownTable(results)));
  });

  it('shows every row of that run, with its date, and no figure outside the generated block', () => {
    const block = readme.slice(readme.indexOf(START_MARKER), readme.indexOf(END_MARKER));
    const rows = results.sections.flatMap((s) => s.rows);
    expect(block.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| figure'))).toHaveLength(rows.length);
    expect(block).toContain(results.date.slice(0, 10));
    const outside = readme.slice(0, readme.indexOf(START_MARKER)) + readme.slice(readme.indexOf(END_MARKER));
    expect(outside).not.toMatch(/^\| figure \|/m);
  });

  it('marks a failed section as failed, never as a figure', () => {
    const failed: BenchResults = {
      ...results,
      sections: [
        { name: 'store', seconds: 1, detail: {}, rows: [{ figure: 'store bench', value: Number.NaN, unit: '', met: null, note: 'FAILED: Error: disk full' }] },
      ],
    };
    expect(markdownTable(failed)).toContain('| store bench | **failed**: Error: disk full |');
  });
});
