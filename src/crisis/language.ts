import { CONTEXT_MASKS, CRISIS_RULES, type CrisisRule } from './rules.js';
import { CONTEXT_MASKS_ES, CRISIS_RULES_ES } from './rules-es.js';
import { maskCueIdioms, scoreCrisisCues } from './cues.js';
import { crisisFeatures } from './concepts.js';
import { crisisModel, modelScore } from './model.js';

export interface CrisisDetection {
  matched: boolean;
  /** Id of the rule that fired. Never the text: callers may log it. */
  reason?: string;
}

/** Modal inputs are capped well below this; the cap keeps regex work bounded for any caller. */
const MAX_CHARS = 8_000;

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

/**
 * Folds the spellings people use (or use to dodge filters) onto one form the rules can match.
 * Exported for tests and for anyone writing new rules.
 */
export function normaliseForCrisis(text: string): string {
  let t = text
    .slice(0, MAX_CHARS)
    .normalize('NFKD')
    // Diacritics and zero-width characters are classic filter dodges ("suïcide", "sui\u200Bcide").
    .replace(/[\p{M}\u200B-\u200D\u2060\uFEFF\u00AD]/gu, '')
    .toLowerCase()
    // Delete every apostrophe variant so don't / don’t / dont all read "dont".
    .replace(/['\u2018\u2019\u201A\u201B\u2032\u02BC`\u00B4]/g, '');

  t = t
    .split(/\s+/)
    .map((token) =>
      // Leetspeak only inside words that have letters; "5kms", "3am", "2nd" are quantities.
      /[a-z]/.test(token) && !/^\d+[a-z]+\W*$/.test(token) ? token.replace(/[013457@$]/g, (c) => LEET[c] ?? c) : token,
    )
    .join(' ')
    .replace(/(?<=[a-z])[!|](?=[a-z])/g, 'i');

  return (
    t
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      // "k i l l", "s.u.i.c.i.d.e": runs of 3+ single letters are a word spelled out.
      .replace(/\b(?:[a-z] ){2,}[a-z]\b/g, (run) => run.replace(/ /g, ''))
      // Stretched words: "diiie" -> "die", "killlll" -> "kill" (no English word has 3 in a row).
      .replace(/([aeiou])\1{2,}/g, '$1')
      .replace(/([a-z])\1{2,}/g, '$1$1')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

const globalPattern = (rule: CrisisRule) => new RegExp(rule.pattern.source, `${rule.pattern.flags.replace('g', '')}g`);

/**
 * One set of rules per language, each with its own masks. Every text goes through every set,
 * whatever the member's Discord language: people often write in another language than their
 * client's, and a missed signal costs far more than an extra crisis card.
 */
const ENGLISH_MASKS = CONTEXT_MASKS.map(globalPattern);

/**
 * Second and third passes for English, after the phrase rules. The concept model (model.ts) scores the
 * text once. The cue scorer's class combination (cues.ts) counts only when the model does not find
 * the text clearly harmless (score >= cueThreshold): its classes alone also meet in breakup talk
 * ("I wish he would disappear from my feed forever"). The model alone fires at its own threshold, for
 * wordings neither rules nor cues own.
 */
function englishCues(masked: string): { matched: boolean; reason?: string } {
  const model = crisisModel();
  const score = modelScore(crisisFeatures(maskCueIdioms(masked)), model);
  // The cue scorer is asked only where its verdict would count.
  const cue = score >= model.cueThreshold ? scoreCrisisCues(masked) : undefined;
  if (cue?.matched) return cue;
  return score >= model.threshold ? { matched: true, reason: 'model:concepts' } : { matched: false };
}

const RULE_SETS = [
  { masks: ENGLISH_MASKS, rules: CRISIS_RULES, cues: englishCues },
  { masks: CONTEXT_MASKS_ES.map(globalPattern), rules: CRISIS_RULES_ES, cues: undefined },
];

/** A mask removes only its own span, so a real signal elsewhere in the message still fires. */
function applyMasks(text: string, masks: readonly RegExp[]): string {
  let t = text;
  for (const mask of masks) t = t.replace(mask, ' | ');
  return t;
}

function maskedEnglish(text: string): string {
  return applyMasks(normaliseForCrisis(text), ENGLISH_MASKS);
}

/** The model's feature ids for a text, exactly as detectCrisisLanguage computes them (for the training scripts). */
export function crisisModelFeatures(text: string): string[] {
  return crisisFeatures(maskCueIdioms(maskedEnglish(text)));
}

/** Which English pass fires, and the model's features: for the offline scripts only. Never logs text. */
export function crisisPasses(text: string): { rule: boolean; cue: boolean; features: string[] } {
  const masked = maskedEnglish(text);
  return {
    rule: CRISIS_RULES.some((r) => r.pattern.test(masked)),
    cue: scoreCrisisCues(masked).matched,
    features: crisisFeatures(maskCueIdioms(masked)),
  };
}

export function detectCrisisLanguage(text: string): CrisisDetection {
  const normalised = normaliseForCrisis(text);
  for (const { masks, rules, cues } of RULE_SETS) {
    const t = applyMasks(normalised, masks);
    for (const rule of rules) {
      if (rule.pattern.test(t)) return { matched: true, reason: rule.id };
    }
    // Second pass: ingredients in the writer's own words (cues.ts) and the concept model (model.ts),
    // for wordings no phrase rule owns.
    const cue = cues?.(t);
    if (cue?.matched) return { matched: true, reason: cue.reason };
  }
  return { matched: false };
}
