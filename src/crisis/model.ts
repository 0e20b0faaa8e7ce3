/**
 * A small logistic-regression model over concept features (concepts.ts): the third pass after the
 * phrase rules and the cue scorer, for wordings neither owns. Trained offline on the TUNING data only
 * by scripts/crisis-train.ts, which writes model-weights.json; the threshold is the one its
 * cross-validation chose (see the JSON's `about`). Deterministic, no I/O at call time.
 */
import { lazily } from '../lazily.js';
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

/**
 * The model trained for the bot, made on first use: its 5,000-odd weights become a Map in a few ms,
 * which a start need not pay before its first answer (most starts see no free text for a while).
 */
export const crisisModel: () => CrisisModel = lazily(() => loadModel(weights as ModelWeights));

/** Probability-like score in [0, 1] for a list of feature ids (unknown features weigh nothing). */
export function modelScore(features: readonly string[], model: CrisisModel = crisisModel()): number {
  let z = model.bias;
  for (const f of features) z += model.weights.get(f) ?? 0;
  return 1 / (1 + Math.exp(-z));
}
