/**
 * Offline training for the crisis concept model (src/crisis/model.ts): L2-regularised logistic
 * regression by full-batch gradient descent with a fixed iteration count, so the same data gives the
 * same weights on every machine. Shared by crisis-train.ts and crisis-eval.ts.
 */
export interface TrainOptions {
  /** L2 strength per case. */
  l2: number;
  /** Extra weight on risk cases (a miss costs more than a false alarm). */
  positiveWeight: number;
  /** Drop `w:` word features seen in fewer training cases than this. */
  minWordCount: number;
  /** Feature-id prefixes to use (c: concepts, p: pairs, s: subjects, o: objects, w: words). */
  prefixes: readonly string[];
  /** L2 multiplier for `w:` word features: words overfit to wordings more than concepts do. */
  wordL2Scale: number;
  iterations: number;
  learningRate: number;
}

export const DEFAULT_OPTIONS: TrainOptions = {
  l2: 0.0005,
  positiveWeight: 1.5,
  minWordCount: 2,
  prefixes: ['c:', 'p:', 's:', 'o:', 'w:'],
  wordL2Scale: 1,
  iterations: 3000,
  learningRate: 0.5,
};

/**
 * Prior weights: the L2 penalty pulls these features toward the value given instead of toward 0.
 * They encode what is known before any data: an accident, someone else's death, a therapy exercise or
 * an idiom next to a dramatic word makes it much less likely to be about the writer's own risk. The
 * tuning data has too few such cases for the model to learn that weight by itself.
 */
export const PRIORS: Readonly<Record<string, number>> = {
  'c:ACCIDENT': -3,
  'c:OTHER_DEATH': -2,
  'c:THERAPY': -1,
  'c:IDIOM': -1,
  'c:POOL': -0.5,
  'c:TEMPORARY': -1,
  'c:MEDICAL': -1.5,
  'c:HELP': -1,
  'c:PANIC': -1,
  'c:POSITIVE': -1.5,
  'c:LEAVE_REL': -1,
  'c:RECOVERED': -1,
  'c:EVERYDAY': -0.5,
  'c:REL_END': -0.5,
  'c:ORDINARY_REASON': -0.5,
  's:MINE>DEATH': -1,
  's:PARTNER>DEATH': -1,
  's:PARTNER>NONEXIST': -1,
};

export interface TrainedModel {
  bias: number;
  weights: Record<string, number>;
}

export function train(featureLists: readonly (readonly string[])[], labels: readonly boolean[], options: TrainOptions = DEFAULT_OPTIONS): TrainedModel {
  const counts = new Map<string, number>();
  for (const list of featureLists) for (const f of list) counts.set(f, (counts.get(f) ?? 0) + 1);
  const keep = (f: string) => options.prefixes.some((p) => f.startsWith(p)) && (!f.startsWith('w:') || (counts.get(f) ?? 0) >= options.minWordCount);
  // Prior features stay in the model even when a training set lacks them: their prior is their weight.
  const vocabulary = [...new Set([...counts.keys()].filter(keep).concat(Object.keys(PRIORS)))].sort();
  const index = new Map(vocabulary.map((f, i) => [f, i]));
  const rows = featureLists.map((list) => list.map((f) => index.get(f)).filter((i): i is number => i !== undefined));
  const l2 = vocabulary.map((f) => (f.startsWith('w:') ? options.l2 * options.wordL2Scale : options.l2));
  const prior = vocabulary.map((f) => PRIORS[f] ?? 0);
  const w = Float64Array.from(prior);
  let b = 0;
  const caseWeights = labels.map((y) => (y ? options.positiveWeight : 1));
  const total = caseWeights.reduce((s, x) => s + x, 0);
  const grad = new Float64Array(vocabulary.length);
  for (let it = 0; it < options.iterations; it++) {
    grad.fill(0);
    let gb = 0;
    for (let n = 0; n < rows.length; n++) {
      const row = rows[n] ?? [];
      let z = b;
      for (const i of row) z += w[i] ?? 0;
      const p = 1 / (1 + Math.exp(-z));
      const err = ((p - (labels[n] ? 1 : 0)) * (caseWeights[n] ?? 1)) / total;
      gb += err;
      for (const i of row) grad[i] = (grad[i] ?? 0) + err;
    }
    for (let i = 0; i < w.length; i++) w[i] = (w[i] ?? 0) - options.learningRate * ((grad[i] ?? 0) + (l2[i] ?? 0) * ((w[i] ?? 0) - (prior[i] ?? 0)));
    b -= options.learningRate * gb;
  }
  const weights: Record<string, number> = {};
  vocabulary.forEach((f, i) => {
    const v = Math.round((w[i] ?? 0) * 1e4) / 1e4;
    if (v !== 0) weights[f] = v;
  });
  return { bias: Math.round(b * 1e4) / 1e4, weights };
}

export function score(model: TrainedModel, features: readonly string[]): number {
  let z = model.bias;
  for (const f of features) z += model.weights[f] ?? 0;
  return 1 / (1 + Math.exp(-z));
}

/** Stratified k folds with a fixed seed: fold[i] is the fold of case i. */
export function stratifiedFolds(labels: readonly boolean[], k: number, seed = 16): number[] {
  let state = seed >>> 0;
  const random = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const folds = new Array<number>(labels.length).fill(0);
  for (const cls of [true, false]) {
    const members = labels
      .map((y, i) => [y, i] as const)
      .filter(([y]) => y === cls)
      .map(([, i]) => i);
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j] ?? 0, members[i] ?? 0];
    }
    members.forEach((caseIndex, n) => {
      folds[caseIndex] = n % k;
    });
  }
  return folds;
}
