/**
 * Trains the crisis concept model on the TUNING data only and writes src/crisis/model-weights.json.
 *
 *   npx tsx scripts/crisis-train.ts
 *
 * The threshold is chosen by 10-fold cross-validation (crisis-eval.ts): the lowest score at which the
 * phrase rules and cue scorer OR-ed with the out-of-fold model stay within the false-positive budget.
 * Deterministic: the same data and code give the same file. Never reads the held-out fixtures.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/project-root.js';
import { BRIEF_FROM, tuningCases } from './crisis-data.js';
import { CUE_GATE_RECALL, DETECTOR_FP_BUDGET, prepare, repeatedCvThresholds, THRESHOLD_SEEDS } from './crisis-eval.js';
import { DEFAULT_OPTIONS, train } from './crisis-model-lib.js';

const cases = tuningCases();
const data = prepare(cases, BRIEF_FROM);
const { threshold, cueThreshold } = repeatedCvThresholds(data);
const model = train(
  data.map((d) => d.features),
  data.map((d) => d.risk),
);
const out = {
  about: `Logistic regression over concept features (src/crisis/concepts.ts), written by scripts/crisis-train.ts from the ${cases.length} tuning cases (test/crisis-language.test.ts inline cases and test/fixtures/crisis-phrases-tuning.json; never the held-out parts). Options: ${JSON.stringify(DEFAULT_OPTIONS)}. Thresholds from 10-fold CV repeated with seeds ${THRESHOLD_SEEDS.join(', ')}, out-of-fold scores pooled: the model alone fires at \`threshold\`, the lowest score at which the whole detector (phrase rules in-sample, gated cues and the model out-of-fold) has at most ${DETECTOR_FP_BUDGET * 100} % false positives on the tuning cases written from the labelling brief; the cue scorer counts only at \`cueThreshold\`, the highest score that keeps ${CUE_GATE_RECALL * 100} % of the cue-only risk cases out-of-fold. Do not edit by hand: change the data or the features and re-run the script.`,
  threshold,
  cueThreshold,
  bias: model.bias,
  weights: model.weights,
};
const file = join(PROJECT_ROOT, 'src', 'crisis', 'model-weights.json');
writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote ${file}: ${Object.keys(model.weights).length} weights, threshold ${threshold}, cue gate ${cueThreshold}`);
