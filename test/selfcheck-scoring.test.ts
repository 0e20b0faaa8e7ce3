import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { selfcheckSchema } from '../src/content/selfcheck-schema.js';
import {
  bandFor,
  DEFAULT_THRESHOLDS,
  isCrisisFeeling,
  scoreAnswers,
  SelfcheckAnswerError,
  thresholdsFromBands,
  type ScorableStatement,
} from '../src/selfcheck/scoring.js';

const content = selfcheckSchema().parse(JSON.parse(readFileSync(new URL('../content/en/selfcheck.json', import.meta.url), 'utf8')));

/** Four forward items and two reverse ones keep the arithmetic easy to follow by hand. */
const S: ScorableStatement[] = [
  { id: 'a', reverse: false, strategies: ['challenge-thoughts', 'notice-triggers'] },
  { id: 'b', reverse: false, strategies: ['self-soothe', 'communicate-openly'] },
  { id: 'c', reverse: false, strategies: ['challenge-thoughts', 'seek-support'] },
  { id: 'd', reverse: false, strategies: ['notice-triggers'] },
  { id: 'r1', reverse: true, strategies: ['seek-support'] },
  { id: 'r2', reverse: true, strategies: ['communicate-openly'] },
];
const all = (value: number, statements = S) => Object.fromEntries(statements.map((s) => [s.id, value]));

describe('reverse keying', () => {
  it('flips reverse-keyed answers to 6 - value', () => {
    const result = scoreAnswers(S, { a: 5, b: 4, c: 3, d: 2, r1: 5, r2: 2 });
    expect(result.itemScores).toEqual([
      { id: 'a', answer: 5, score: 5 },
      { id: 'b', answer: 4, score: 4 },
      { id: 'c', answer: 3, score: 3 },
      { id: 'd', answer: 2, score: 2 },
      { id: 'r1', answer: 5, score: 1 },
      { id: 'r2', answer: 2, score: 4 },
    ]);
    expect(result.mean).toBeCloseTo(19 / 6);
  });

  it('agreeing with everything does not give the maximum mean', () => {
    const result = scoreAnswers(S, all(5));
    expect(result.mean).toBeCloseTo((4 * 5 + 2 * 1) / 6);
    expect(result.mean).toBeLessThan(5);
    const maximum = scoreAnswers(S, { ...all(5), r1: 1, r2: 1 });
    expect(maximum.mean).toBe(5);
    expect(maximum.band).toBe('many');
  });

  it('the real content: all-agree is not the maximum and all-disagree not the minimum', () => {
    const agree = scoreAnswers(content.statements, all(5, content.statements));
    const disagree = scoreAnswers(content.statements, all(1, content.statements));
    expect(agree.mean).toBeLessThan(5);
    expect(disagree.mean).toBeGreaterThan(1);
    expect(scoreAnswers(content.statements, all(3, content.statements)).band).toBe('some');
  });
});

describe('bands', () => {
  it.each([
    [1, 'few'],
    [2.49, 'few'],
    [2.4999999, 'few'],
    [2.5, 'some'],
    [2.51, 'some'],
    [3.49, 'some'],
    [3.4999999, 'some'],
    [3.5, 'many'],
    [3.51, 'many'],
    [5, 'many'],
  ] as const)('mean %s is %s', (mean, band) => {
    expect(bandFor(mean)).toBe(band);
  });

  it('reaches the thresholds exactly from real answers', () => {
    // Six items, reverse ones at 3 (keyed 3): a sum of 15 is exactly 2.5, 14 just below; 21 is exactly 3.5, 20 just below.
    const sums: [Record<string, number>, number, string][] = [
      [{ a: 2, b: 2, c: 2, d: 2, r1: 3, r2: 3 }, 14 / 6, 'few'],
      [{ a: 3, b: 2, c: 2, d: 2, r1: 3, r2: 3 }, 15 / 6, 'some'],
      [{ a: 4, b: 4, c: 3, d: 3, r1: 3, r2: 3 }, 20 / 6, 'some'],
      [{ a: 4, b: 4, c: 4, d: 3, r1: 3, r2: 3 }, 21 / 6, 'many'],
    ];
    for (const [answers, mean, band] of sums) {
      const result = scoreAnswers(S, answers);
      expect(result.mean).toBe(mean);
      expect(result.band).toBe(band);
    }
  });

  it('the content file and the code agree on the thresholds', () => {
    expect(thresholdsFromBands(content.bands)).toEqual(DEFAULT_THRESHOLDS);
  });

  it('uses thresholds passed in', () => {
    expect(scoreAnswers(S, all(3), { some: 3.1, many: 4 }).band).toBe('few');
  });
});

describe('suggested strategies', () => {
  it('picks from the highest-scored statements, without repeats, up to three', () => {
    // c (5) then a (4): challenge-thoughts appears in both and is listed once.
    const result = scoreAnswers(S, { a: 4, b: 2, c: 5, d: 1, r1: 3, r2: 3 });
    expect(result.suggestedStrategies).toEqual(['challenge-thoughts', 'seek-support', 'notice-triggers']);
  });

  it('breaks ties by statement order', () => {
    const result = scoreAnswers(S, { a: 1, b: 4, c: 1, d: 4, r1: 3, r2: 3 });
    expect(result.suggestedStrategies).toEqual(['self-soothe', 'communicate-openly', 'notice-triggers']);
  });

  it('de-duplicates across tied statements', () => {
    const statements: ScorableStatement[] = [
      { id: 'x', reverse: false, strategies: ['self-soothe', 'notice-triggers'] },
      { id: 'y', reverse: false, strategies: ['notice-triggers', 'self-soothe'] },
      { id: 'z', reverse: false, strategies: ['self-soothe', 'seek-support'] },
    ];
    const result = scoreAnswers(statements, { x: 4, y: 4, z: 4 });
    expect(result.suggestedStrategies).toEqual(['self-soothe', 'notice-triggers', 'seek-support']);
  });

  it('a reverse-keyed statement suggests only when it scores high after keying', () => {
    // r1 answered 1 ("I can't turn to anyone") keys to 5, the top score.
    expect(scoreAnswers(S, { a: 3, b: 2, c: 2, d: 2, r1: 1, r2: 3 }).suggestedStrategies[0]).toBe('seek-support');
    // Answered 3, r1 keys to 3 and ties with a: a counts, r1 is skipped, so seek-support doesn't make the three.
    const middling = scoreAnswers(S, { a: 3, b: 2, c: 1, d: 2, r1: 3, r2: 3 });
    expect(middling.suggestedStrategies).toEqual(['challenge-thoughts', 'notice-triggers', 'self-soothe']);
  });

  it('still suggests two or three when every answer is "strongly disagree"', () => {
    const result = scoreAnswers(content.statements, all(1, content.statements));
    expect(result.band).toBe('few');
    expect(result.suggestedStrategies.length).toBeGreaterThanOrEqual(2);
    expect(result.suggestedStrategies.length).toBeLessThanOrEqual(3);
  });

  it('always gives 2 or 3 distinct known strategies for the real content', () => {
    const known = new Set(['notice-triggers', 'challenge-thoughts', 'communicate-openly', 'self-soothe', 'seek-support']);
    for (let seed = 1; seed <= 200; seed++) {
      const answers = Object.fromEntries(content.statements.map((s, i) => [s.id, ((seed * 7 + i * i * 3) % 5) + 1]));
      const picks = scoreAnswers(content.statements, answers).suggestedStrategies;
      expect(picks.length === 2 || picks.length === 3).toBe(true);
      expect(new Set(picks).size).toBe(picks.length);
      for (const p of picks) expect(known.has(p)).toBe(true);
    }
  });
});

describe('invalid answers', () => {
  const expectProblem = (answers: Record<string, number>, problem: string, id: string) => {
    try {
      scoreAnswers(S, answers);
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(SelfcheckAnswerError);
      expect((error as SelfcheckAnswerError).problem).toBe(problem);
      expect((error as SelfcheckAnswerError).statementId).toBe(id);
    }
  };

  it('rejects a missing answer', () => {
    const { b: _b, ...rest } = all(3);
    expectProblem(rest, 'missing', 'b');
  });
  it('rejects an answer to an unknown statement', () => expectProblem({ ...all(3), zz: 3 }, 'unknown-statement', 'zz'));
  it.each([0, 6, 2.5, Number.NaN, -1])('rejects the value %s', (value) => expectProblem({ ...all(3), c: value }, 'out-of-range', 'c'));
  it('rejects a value that is not a number', () => expectProblem({ ...all(3), d: '4' as unknown as number }, 'out-of-range', 'd'));
});

describe('crisis feeling', () => {
  it('flags only the lowest option', () => {
    expect(isCrisisFeeling(1)).toBe(true);
    for (const v of [2, 3, 4, 5]) expect(isCrisisFeeling(v)).toBe(false);
  });
  it('follows the content flags when given', () => {
    expect(content.feeling.options.filter((o) => isCrisisFeeling(o.value, content.feeling.options)).map((o) => o.value)).toEqual([1]);
    expect(isCrisisFeeling(2, [{ value: 2, crisis: true }])).toBe(true);
  });
});
