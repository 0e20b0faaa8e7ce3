import { describe, expect, it } from 'vitest';
import { prepare, repeatedCvThresholds } from '../scripts/crisis-eval.js';
import { BRIEF_FROM, tuningCases } from '../scripts/crisis-data.js';
import { train } from '../scripts/crisis-model-lib.js';
import { crisisModelFeatures, detectCrisisLanguage } from '../src/crisis/language.js';
import { crisisModel, modelScore } from '../src/crisis/model.js';
import weights from '../src/crisis/model-weights.json' with { type: 'json' };

/**
 * The concept model (src/crisis/model.ts). Its recall and false positives are measured by
 * scripts/crisis-eval.ts (cross-validation on the tuning data) and asserted with the rest of the
 * detector in crisis-language.test.ts; here: that the committed weights are what the training script
 * makes from the committed data, and that the model's verdict carries an id, never text.
 */
describe('crisis concept model', () => {
  it('has the weights and thresholds scripts/crisis-train.ts makes from the tuning data (re-run it after changing data or features)', () => {
    const data = prepare(tuningCases(), BRIEF_FROM);
    const thresholds = repeatedCvThresholds(data);
    const model = train(
      data.map((d) => d.features),
      data.map((d) => d.risk),
    );
    expect({ threshold: weights.threshold, cueThreshold: weights.cueThreshold }).toEqual(thresholds);
    expect(weights.bias).toBe(model.bias);
    expect(weights.weights).toEqual(model.weights);
  }, 180_000);

  it('fires on a wording no phrase rule owns, and reports the model id, never the text', () => {
    const text = 'Robin here, i want to stop breathing';
    expect(modelScore(crisisModelFeatures(text))).toBeGreaterThanOrEqual(crisisModel().threshold);
    expect(detectCrisisLanguage(text)).toEqual({ matched: true, reason: 'model:concepts' });
  });

  it('keeps everyday relationship talk below its threshold', () => {
    for (const text of [
      "I'm done with him, I deleted his number",
      'my phone died during our call',
      'I want to end this conversation and go to bed',
      'the new meds my doctor gave me for anxiety are finally helping',
    ]) {
      expect(modelScore(crisisModelFeatures(text))).toBeLessThan(crisisModel().threshold);
    }
  });

  // Guards, not a measurement: everyday text without partner words once fired the model when the tuning
  // negatives were nearly all relationship talk; the everyday texts now in the tuning data teach it.
  it('leaves everyday text without partner words alone', () => {
    for (const text of [
      'I need to plan my week better',
      'I made a plan with my friends for Saturday',
      'I keep forgetting to drink water',
      'I finally finished my essay, so relieved',
      'work was exhausting today, I just want to sleep',
      'My safety plan',
      'How to do it',
    ]) {
      expect(detectCrisisLanguage(text)).toEqual({ matched: false });
    }
  });

  it('gives the same score for the same text every time, and nothing for no text', () => {
    const text = 'I keep counting the pills in the bathroom cabinet';
    expect(modelScore(crisisModelFeatures(text))).toBe(modelScore(crisisModelFeatures(text)));
    expect(detectCrisisLanguage('')).toEqual({ matched: false });
  });
});
