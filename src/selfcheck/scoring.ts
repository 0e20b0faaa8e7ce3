/**
 * Scoring for /selfcheck. Pure: no discord.js, no I/O, so it is tested directly.
 *
 * Rule: each answer is 1..5 on one agree–disagree scale; reverse-keyed statements count as
 * 6 - value, so agreeing with "I can get on with my day" lowers the score. The mean of the keyed
 * scores (always 1..5) falls in a band:
 *   few  : mean < 2.5
 *   some : 2.5 <= mean < 3.5
 *   many : mean >= 3.5
 * 2.5 and 3.5 sit halfway between "disagree"/"neither" and "neither"/"agree", so a person who
 * mostly answers "neither agree nor disagree" lands in the middle band.
 */

export type BandId = 'few' | 'some' | 'many';

export interface ScorableStatement {
  id: string;
  reverse: boolean;
  strategies: readonly string[];
}

export interface BandThresholds {
  /** Lowest mean (inclusive) of the `some` band. */
  some: number;
  /** Lowest mean (inclusive) of the `many` band. */
  many: number;
}

export const DEFAULT_THRESHOLDS: BandThresholds = { some: 2.5, many: 3.5 };

/** A keyed score at or above this counts as "high": the only way a reverse-keyed item may suggest. */
export const HIGH_SCORE = 4;
export const MIN_SUGGESTIONS = 2;
export const MAX_SUGGESTIONS = 3;

export interface ItemScore {
  id: string;
  answer: number;
  /** After reverse keying. */
  score: number;
}

export interface SelfcheckScore {
  mean: number;
  band: BandId;
  /** In statement order. */
  itemScores: ItemScore[];
  suggestedStrategies: string[];
}

export type AnswerProblem = 'missing' | 'unknown-statement' | 'out-of-range';

export class SelfcheckAnswerError extends Error {
  override readonly name = 'SelfcheckAnswerError';
  constructor(
    readonly problem: AnswerProblem,
    readonly statementId: string,
  ) {
    super(`self-check answer ${problem}: ${statementId}`);
  }
}

export function isValidAnswer(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
}

export function keyedScore(answer: number, reverse: boolean): number {
  return reverse ? 6 - answer : answer;
}

export function bandFor(mean: number, thresholds: BandThresholds = DEFAULT_THRESHOLDS): BandId {
  if (mean >= thresholds.many) return 'many';
  if (mean >= thresholds.some) return 'some';
  return 'few';
}

/** Builds thresholds from the content file's bands (`few`, `some`, `many` with their `from`). */
export function thresholdsFromBands(bands: readonly { id: string; from: number }[]): BandThresholds {
  const from = (id: BandId) => {
    const band = bands.find((b) => b.id === id);
    if (!band) throw new Error(`self-check band ${id} is missing`);
    return band.from;
  };
  return { some: from('some'), many: from('many') };
}

/**
 * Throws SelfcheckAnswerError unless every statement has exactly one answer in 1..5 and nothing else
 * is answered. A record can't hold two answers for one id, so "exactly once" reduces to these checks.
 */
export function validateAnswers(statements: readonly ScorableStatement[], answers: Readonly<Record<string, unknown>>): void {
  const known = new Set(statements.map((s) => s.id));
  for (const id of Object.keys(answers)) {
    if (!known.has(id)) throw new SelfcheckAnswerError('unknown-statement', id);
  }
  for (const s of statements) {
    if (!Object.hasOwn(answers, s.id)) throw new SelfcheckAnswerError('missing', s.id);
    if (!isValidAnswer(answers[s.id])) throw new SelfcheckAnswerError('out-of-range', s.id);
  }
}

export function scoreAnswers(
  statements: readonly ScorableStatement[],
  answers: Readonly<Record<string, number>>,
  thresholds: BandThresholds = DEFAULT_THRESHOLDS,
): SelfcheckScore {
  if (statements.length === 0) throw new Error('self-check has no statements');
  validateAnswers(statements, answers);

  const itemScores = statements.map((s) => {
    const answer = answers[s.id] as number;
    return { id: s.id, answer, score: keyedScore(answer, s.reverse) };
  });
  const mean = itemScores.reduce((sum, item) => sum + item.score, 0) / itemScores.length;

  return { mean, band: bandFor(mean, thresholds), itemScores, suggestedStrategies: suggestStrategies(statements, itemScores) };
}

/**
 * Walks the statements from highest keyed score down (ties keep statement order) and collects their
 * strategies, without repeats, up to MAX_SUGGESTIONS. A reverse-keyed statement only counts when it
 * scored high: a middling "I can get on with my day" says little about what would help.
 */
export function suggestStrategies(statements: readonly ScorableStatement[], itemScores: readonly ItemScore[]): string[] {
  const ranked = statements
    .map((statement, index) => ({ statement, index, score: itemScores[index]?.score ?? 0 }))
    .sort((a, b) => b.score - a.score || a.index - b.index);

  const picked: string[] = [];
  const take = (eligible: (r: (typeof ranked)[number]) => boolean) => {
    for (const r of ranked) {
      if (!eligible(r)) continue;
      for (const strategy of r.statement.strategies) {
        if (picked.length >= MAX_SUGGESTIONS) return;
        if (!picked.includes(strategy)) picked.push(strategy);
      }
    }
  };
  take((r) => !r.statement.reverse || r.score >= HIGH_SCORE);
  // Only reachable with unusual content (few distinct strategies on forward items): still offer two.
  if (picked.length < MIN_SUGGESTIONS) take(() => true);
  return picked;
}

/** The lowest option of "How are you feeling right now?" leads straight to crisis support. */
export const CRISIS_FEELING_VALUE = 1;

export function isCrisisFeeling(value: number, options?: readonly { value: number; crisis?: boolean }[]): boolean {
  if (options) return options.some((o) => o.value === value && o.crisis === true);
  return value === CRISIS_FEELING_VALUE;
}

/** A low feeling that is not the crisis one: the result adds a gentle pointer to support. */
export function isGentleFeeling(value: number, options: readonly { value: number; gentle?: boolean }[]): boolean {
  return options.some((o) => o.value === value && o.gentle === true);
}
