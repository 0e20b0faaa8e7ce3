/**
 * Honest evaluation of the English crisis detector on the TUNING data only (never the held-out parts).
 *
 *   npx tsx scripts/crisis-eval.ts            10-fold stratified cross-validation of the concept model,
 *                                             alone and combined with the phrase rules and cue scorer
 *   npx tsx scripts/crisis-eval.ts --probe F  also train on all tuning data and score the cases in the
 *                                             JSON file F ({ cases: [...] } or [...]) once, first sight
 *   npx tsx scripts/crisis-eval.ts --batches  also leave one writing batch out at a time (crisis-data.ts):
 *                                             the closest proxy the tuning data has for other writers
 *   npx tsx scripts/crisis-eval.ts --time     CPU time per text of detectCrisisLanguage
 *
 * The detector is: a phrase rule fires, OR the cue scorer fires and the model score >= cueThreshold,
 * OR the model score >= threshold. Both thresholds are chosen here from
 * out-of-fold scores of a 10-fold CV repeated over THRESHOLD_SEEDS (crisis-train.ts writes them). The rules and cues were written while looking at every tuning case,
 * so their share of the combined figure is in-sample (optimistic); the model's share is out-of-fold.
 * The "model alone" line is the honest estimate for wordings nobody wrote a rule for.
 * Prints counts only, never text.
 */
import { readFileSync } from 'node:fs';
import { crisisPasses, detectCrisisLanguage } from '../src/crisis/language.js';
import { BRIEF_FROM, batchOf, type LabelledCase, TUNING_BATCHES, tuningCases } from './crisis-data.js';
import { DEFAULT_OPTIONS, score, stratifiedFolds, type TrainOptions, train } from './crisis-model-lib.js';

const K = 10;
/**
 * False positives the whole detector (rules, gated cues and model) may have, out-of-fold, on the tuning
 * cases written from the labelling brief (crisis-data.ts BRIEF_FROM): issue #16's 10 %, less a little
 * because an author the detector never saw always scores worse than cross-validation.
 */
export const DETECTOR_FP_BUDGET = 0.09;
/** Share of the cue-only risk cases the cue gate must keep, out-of-fold. */
export const CUE_GATE_RECALL = 0.97;

export interface Prepared {
  risk: boolean;
  /** Written from the labelling brief by an author blind to the detector (the held-out parts' kind of text). */
  brief: boolean;
  rule: boolean;
  cue: boolean;
  features: string[];
}

export function prepare(cases: readonly LabelledCase[], briefFrom = Number.POSITIVE_INFINITY): Prepared[] {
  return cases.map((c, i) => ({ risk: c.risk, brief: i >= briefFrom, ...crisisPasses(c.text) }));
}

/** Out-of-fold model scores for every case, and the fold of each case (stratified random folds unless given). */
export function outOfFold(data: readonly Prepared[], options: TrainOptions = DEFAULT_OPTIONS, k = K, seed = 16, given?: readonly number[]) {
  const folds =
    given ??
    stratifiedFolds(
      data.map((d) => d.risk),
      k,
      seed,
    );
  const scores = new Array<number>(data.length).fill(0);
  for (let f = 0; f < k; f++) {
    const trainIdx = data.map((_, i) => i).filter((i) => folds[i] !== f);
    const model = train(
      trainIdx.map((i) => data[i]?.features ?? []),
      trainIdx.map((i) => data[i]?.risk ?? false),
      options,
    );
    data.forEach((d, i) => {
      if (folds[i] === f) scores[i] = score(model, d.features);
    });
  }
  return { folds, scores };
}

interface Rates {
  tp: number;
  pos: number;
  fp: number;
  neg: number;
  recall: number;
  fpr: number;
}

function rates(data: readonly Prepared[], fired: (i: number) => boolean, subset: (i: number) => boolean = () => true): Rates {
  let tp = 0;
  let pos = 0;
  let fp = 0;
  let neg = 0;
  data.forEach((d, i) => {
    if (!subset(i)) return;
    if (d.risk) {
      pos++;
      if (fired(i)) tp++;
    } else {
      neg++;
      if (fired(i)) fp++;
    }
  });
  return { tp, pos, fp, neg, recall: pos ? tp / pos : 0, fpr: neg ? fp / neg : 0 };
}

export interface Thresholds {
  threshold: number;
  cueThreshold: number;
}

const GRID = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);

/** Both thresholds from out-of-fold scores (see DETECTOR_FP_BUDGET and CUE_GATE_RECALL). */
export function chooseThresholds(data: readonly Prepared[], scores: readonly number[]): Thresholds {
  const cueOnly = (i: number) => (data[i]?.cue ?? false) && !(data[i]?.rule ?? false);
  let cueThreshold = 0;
  for (const t of GRID) if (rates(data, (i) => (scores[i] ?? 0) >= t, cueOnly).recall >= CUE_GATE_RECALL) cueThreshold = t;
  // The budget holds on the cases written from the labelling brief when there are any (the kind of text the
  // held-out parts are), else on all: the older batches are easier and would let the threshold drop.
  const briefOnly = data.some((d) => d.brief) ? (i: number) => data[i]?.brief ?? false : () => true;
  let threshold = 1;
  for (const t of [...GRID].reverse()) {
    const candidate = { threshold: t, cueThreshold };
    if (rates(data, (i) => combined(data[i] as Prepared, scores[i] ?? 0, candidate), briefOnly).fpr > DETECTOR_FP_BUDGET) break;
    threshold = t;
  }
  return { threshold, cueThreshold };
}

export function combined(d: Prepared, modelScore: number, t: Thresholds): boolean {
  return d.rule || (d.cue && modelScore >= t.cueThreshold) || modelScore >= t.threshold;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const line = (r: Rates) => `recall ${r.tp}/${r.pos} = ${pct(r.recall)}, false positives ${r.fp}/${r.neg} = ${pct(r.fpr)}`;
const spread = (xs: number[]) => `mean ${pct(xs.reduce((s, x) => s + x, 0) / xs.length)}, min ${pct(Math.min(...xs))}, max ${pct(Math.max(...xs))}`;

function crossValidate(data: readonly Prepared[]): Thresholds {
  const { folds, scores } = outOfFold(data);
  const t = repeatedCvThresholds(data);
  const model = (i: number) => (scores[i] ?? 0) >= t.threshold;
  const all = (i: number) => combined(data[i] as Prepared, scores[i] ?? 0, t);
  console.log(
    `cases: ${data.length} (${data.filter((d) => d.risk).length} risk), ${K}-fold stratified CV; threshold ${t.threshold}, cue gate ${t.cueThreshold}`,
  );
  console.log(`rules alone (IN-SAMPLE): ${line(rates(data, (i) => data[i]?.rule ?? false))}`);
  console.log(`rules + ungated cues (IN-SAMPLE): ${line(rates(data, (i) => (data[i]?.rule ?? false) || (data[i]?.cue ?? false)))}`);
  console.log(`model alone, out-of-fold: ${line(rates(data, model))}`);
  console.log(`detector (rules in-sample, gate and model out-of-fold): ${line(rates(data, all))}`);
  for (const [name, fired] of [
    ['model alone', model],
    ['detector', all],
  ] as const) {
    const recalls: number[] = [];
    const fprs: number[] = [];
    for (let f = 0; f < K; f++) {
      const r = rates(data, fired, (i) => folds[i] === f);
      recalls.push(r.recall);
      fprs.push(r.fpr);
    }
    console.log(`per fold, ${name}: recall ${spread(recalls)}; false positives ${spread(fprs)}`);
  }
  for (const seed of [1, 2, 3, 4]) {
    const other = outOfFold(data, DEFAULT_OPTIONS, K, seed).scores;
    const r = rates(data, (i) => (other[i] ?? 0) >= t.threshold);
    const all = rates(data, (i) => combined(data[i] as Prepared, other[i] ?? 0, t));
    console.log(`  other folds (seed ${seed}): model alone ${line(r)}; detector ${line(all)}`);
  }
  for (const x of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) {
    console.log(`  model alone at ${x}: ${line(rates(data, (i) => (scores[i] ?? 0) >= x))}`);
  }
  return t;
}

/** Leave one writing batch out: train on the others, score the batch, with the CV thresholds. */
function leaveBatchOut(data: readonly Prepared[], t: Thresholds) {
  const batches = batchOf(data.length);
  const { scores } = outOfFold(data, DEFAULT_OPTIONS, TUNING_BATCHES.length, 0, batches);
  console.log('leave one writing batch out (model trained on the other batches; rules and cues in-sample):');
  TUNING_BATCHES.forEach((b, f) => {
    const inBatch = (i: number) => batches[i] === f;
    const model = rates(data, (i) => (scores[i] ?? 0) >= t.threshold, inBatch);
    const all = rates(data, (i) => combined(data[i] as Prepared, scores[i] ?? 0, t), inBatch);
    console.log(`  ${b.name}: model alone ${line(model)}; detector ${line(all)}`);
  });
  console.log(`  all batches: model alone ${line(rates(data, (i) => (scores[i] ?? 0) >= t.threshold))}`);
}

function probe(file: string, data: readonly Prepared[], t: Thresholds) {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as LabelledCase[] | { cases: LabelledCase[] };
  const probeData = prepare(Array.isArray(raw) ? raw : raw.cases);
  const model = train(
    data.map((d) => d.features),
    data.map((d) => d.risk),
  );
  const scores = probeData.map((d) => score(model, d.features));
  console.log(`probe ${file}: ${probeData.length} cases, model trained on the ${data.length} tuning cases`);
  console.log(`  rules + ungated cues: ${line(rates(probeData, (i) => (probeData[i]?.rule ?? false) || (probeData[i]?.cue ?? false)))}`);
  console.log(`  model alone: ${line(rates(probeData, (i) => (scores[i] ?? 0) >= t.threshold))}`);
  console.log(`  detector: ${line(rates(probeData, (i) => combined(probeData[i] as Prepared, scores[i] ?? 0, t)))}`);
}

function timing(cases: readonly LabelledCase[]) {
  const rounds = 50;
  for (const c of cases) detectCrisisLanguage(c.text);
  const before = process.cpuUsage();
  for (let r = 0; r < rounds; r++) for (const c of cases) detectCrisisLanguage(c.text);
  const used = process.cpuUsage(before);
  const micros = (used.user + used.system) / (rounds * cases.length);
  console.log(`detectCrisisLanguage: ${micros.toFixed(1)} µs CPU per text (mean over ${rounds} x ${cases.length} tuning texts)`);
}

/** Seeds of the repeated 10-fold CV the thresholds are chosen on: one seed's folds flatter its own threshold. */
export const THRESHOLD_SEEDS: readonly number[] = [16, 17, 18];

/** Thresholds chosen on the out-of-fold scores of every seed in THRESHOLD_SEEDS, pooled. */
export function repeatedCvThresholds(data: readonly Prepared[]): Thresholds {
  const pooled = THRESHOLD_SEEDS.flatMap(() => data);
  const scores = THRESHOLD_SEEDS.flatMap((seed) => outOfFold(data, DEFAULT_OPTIONS, K, seed).scores);
  return chooseThresholds(pooled, scores);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const cases = tuningCases();
  const data = prepare(cases, BRIEF_FROM);
  const t = crossValidate(data);
  const probeAt = process.argv.indexOf('--probe');
  const probeFile = probeAt >= 0 ? process.argv[probeAt + 1] : undefined;
  if (probeFile) probe(probeFile, data, t);
  if (process.argv.includes('--batches')) leaveBatchOut(data, t);
  if (process.argv.includes('--time')) timing(cases);
}
