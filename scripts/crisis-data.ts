/**
 * The crisis-language TUNING data, for the offline scripts (crisis-train.ts, crisis-eval.ts).
 *
 * Reads the inline POSITIVES / NEGATIVES of test/crisis-language.test.ts (from its source text, so the
 * test module, which also loads the held-out fixture, is never imported) and
 * test/fixtures/crisis-phrases-tuning.json. It never opens the held-out fixtures: nothing in these
 * scripts may see them, or the held-out score stops meaning anything.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/project-root.js';

export interface LabelledCase {
  text: string;
  risk: boolean;
  knownMiss?: string;
}

function inlineCases(): LabelledCase[] {
  const source = readFileSync(join(PROJECT_ROOT, 'test', 'crisis-language.test.ts'), 'utf8');
  const start = source.indexOf('const POSITIVES');
  const end = source.indexOf('function fixture');
  if (start < 0 || end < start) throw new Error('inline cases not found in test/crisis-language.test.ts');
  // The slice is two array literals with a type annotation each; drop the annotations and evaluate the literals.
  const literals = source.slice(start, end).replace(/: Case\[\]/g, '');
  const evaluate = new Function(`${literals}; return [...POSITIVES, ...NEGATIVES];`) as () => LabelledCase[];
  return evaluate();
}

function fixtureCases(): LabelledCase[] {
  const file = join(PROJECT_ROOT, 'test', 'fixtures', 'crisis-phrases-tuning.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { cases: LabelledCase[] }).cases;
}

/** Every tuning case, inline ones first, in a fixed order. */
export function tuningCases(): LabelledCase[] {
  return [...inlineCases(), ...fixtureCases()];
}

/**
 * The batches the tuning cases were written in, in tuningCases() order (the fixture's `about` tells
 * their history). Each batch was written at another time, eleven of them as held-out parts by other
 * writers, so leaving one batch out is the closest the tuning data comes to unseen authors.
 */
export const TUNING_BATCHES: readonly { name: string; size: number }[] = [
  { name: 'inline cases', size: 67 },
  { name: 'first fixture cases', size: 40 },
  { name: 'first held-out part', size: 54 },
  { name: 'second held-out part', size: 84 },
  { name: 'third held-out part', size: 123 },
  { name: 'cue-scorer probes', size: 16 },
  { name: 'concept-model probes', size: 50 },
  { name: 'fourth held-out part', size: 104 },
  { name: 'fifth held-out part', size: 109 },
  { name: 'sixth held-out part', size: 60 },
  { name: 'seventh held-out part', size: 90 },
  { name: 'everyday texts (author E)', size: 200 },
  { name: 'eighth held-out part', size: 130 },
  { name: 'ninth held-out part', size: 130 },
  { name: 'tenth held-out part', size: 130 },
  { name: 'eleventh held-out part', size: 129 },
];

/**
 * Index in tuningCases() of the first case written from the one-page labelling brief by an author blind
 * to the detector (author E and held-out parts 8 to 11, all later batches too): the held-out parts'
 * kind of text, on which crisis-eval.ts sets the false-positive budget.
 */
export const BRIEF_FROM: number = TUNING_BATCHES.slice(
  0,
  TUNING_BATCHES.findIndex((b) => b.name.startsWith('everyday texts')),
).reduce((sum, b) => sum + b.size, 0);

/** Batch index of every case in tuningCases() order. */
export function batchOf(count: number): number[] {
  const total = TUNING_BATCHES.reduce((s, b) => s + b.size, 0);
  if (total !== count) throw new Error(`TUNING_BATCHES covers ${total} cases, the tuning data has ${count}: update it`);
  return TUNING_BATCHES.flatMap((b, i) => new Array<number>(b.size).fill(i));
}
