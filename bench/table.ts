/**
 * `npm run bench:table`: writes the README's benchmark table from bench/results/latest.json (one run),
 * between the bench-table markers. test/readme-bench-table.test.ts fails when they disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { markdownTable, withTable, type BenchResults } from './lib/table.js';

const root = join(import.meta.dirname, '..');
const results = JSON.parse(readFileSync(join(root, 'bench', 'results', 'latest.json'), 'utf8')) as BenchResults;
const readmeFile = join(root, 'README.md');
const readme = readFileSync(readmeFile, 'utf8');
const updated = withTable(readme, markdownTable(results));
writeFileSync(readmeFile, updated);
console.log(updated === readme ? 'README.md table already matches bench/results/latest.json' : `README.md table rewritten from the run of ${results.date}`);
