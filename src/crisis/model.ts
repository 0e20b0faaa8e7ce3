/**
 * A small logistic-regression model over concept features (concepts.ts): the third pass after the
 * phrase rules and the cue scorer, for wordings neither owns. Trained offline on the TUNING data only
 * by scripts/crisis-train.ts, which writes model-weights.json; the threshold is the one its
 * cross-validation chose (see the JSON's `about`). Deterministic, no I/O at call time.
 */
import weights from './model-weights.json' with { type: 'json' };

interface ModelWeights {
  about: string;
  threshold: number;
  cueThreshold: number;
  bias: number;
  weights: Record<string, number>;
}

export interface CrisisModel {
  /** The model alone fires at or above this score. */
  threshold: number;
  /** The cue scorer's verdict counts only at or above this score. */
  cueThreshold: number;
  bias: number;
  weights: ReadonlyMap<string, number>;
}

export function loadModel(data: Pick<ModelWeights, 'threshold' | 'cueThreshold' | 'bias' | 'weights'>): CrisisModel {
  return { threshold: data.threshold, cueThreshold: data.cueThreshold, bias: data.bias, weights: new Map(Object.entries(data.weights)) };
}

export const CRISIS_MODEL: CrisisModel = loadModel(weights as ModelWeights);

/**
 * When the model alone may fire. A death, self-harm or command-voice class is enough on its
 * own ("suicidal thoughts are back"); any other core class needs the writer to speak of themselves or
 * a second core class ("what's the point of living": hopelessness and absence). A text with only
 * generic classes ("How to do it", "I want pizza") has too little to go on: the tuning data, nearly all
 * relationship talk, teaches the model little about neutral text.
 */
const STRONG = ['c:DEATH', 'c:HARM', 'c:COMMAND'];
const CORE = ['MEANS', 'NONEXIST', 'BURDEN', 'HOPELESS', 'ENDING', 'DEPART', 'LAST_ACT', 'FAREWELL', 'FUTURE', 'KEEPING', 'PREP', 'PLAN'].map(
  (id) => `c:${id}`,
);

/** Core classes about life itself, not about a means, a plan or leaving ("how to do it", "leave them"). */
const LIFE_ITSELF = ['NONEXIST', 'BURDEN', 'HOPELESS', 'ENDING', 'LAST_ACT', 'FAREWELL', 'FUTURE', 'KEEPING'].map((id) => `c:${id}`);

export function modelMayFire(features: readonly string[]): boolean {
  if (STRONG.some((f) => features.includes(f))) return true;
  if (features.includes('c:SELF')) return CORE.some((f) => features.includes(f));
  // Without the writer in it, two ideas about life itself ("what's the point of living").
  return LIFE_ITSELF.filter((f) => features.includes(f)).length >= 2;
}

/** Probability-like score in [0, 1] for a list of feature ids (unknown features weigh nothing). */
export function modelScore(features: readonly string[], model: CrisisModel = CRISIS_MODEL): number {
  let z = model.bias;
  for (const f of features) z += model.weights.get(f) ?? 0;
  return 1 / (1 + Math.exp(-z));
}
