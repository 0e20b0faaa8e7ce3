import { describe, expect, it } from 'vitest';
import { scoreAnswers } from '../src/selfcheck/scoring.js';
import {
  answer,
  back,
  currentStatementId,
  isComplete,
  isExpired,
  recordFeeling,
  SESSION_TTL_MS,
  start,
  type SelfcheckSession,
} from '../src/selfcheck/session.js';

const IDS = ['a', 'b', 'c'];
const T0 = Date.UTC(2026, 10, 1, 12);

function answerAll(state: SelfcheckSession, value = 4): SelfcheckSession {
  let s = state;
  for (let step = 0; step < s.statementIds.length; step++) s = answer(s, step, value, T0 + 1000).state;
  return s;
}

describe('start', () => {
  it('begins at step 0 with nothing answered', () => {
    const s = start('user-1', T0, IDS);
    expect(s).toMatchObject({ userId: 'user-1', step: 0, answers: {}, feeling: null, startedAt: T0, version: 0 });
    expect(s.statementIds).toEqual(IDS);
    expect(currentStatementId(s)).toBe('a');
    expect(isComplete(s)).toBe(false);
  });

  it('gives each session a random, custom_id-friendly id', () => {
    const ids = new Set(Array.from({ length: 50 }, () => start('u', T0, IDS).id));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{8,32}$/);
  });

  it('is JSON-safe, so a store can hold it', () => {
    const s = answer(start('u', T0, IDS), 0, 3, T0).state;
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('refuses an empty statement list', () => {
    expect(() => start('u', T0, [])).toThrow();
  });
});

describe('answer', () => {
  it('records the answer and moves on', () => {
    const first = start('u', T0, IDS);
    const { state, applied } = answer(first, 0, 5, T0 + 1);
    expect(applied).toBe(true);
    expect(state.answers).toEqual({ a: 5 });
    expect(state.step).toBe(1);
    expect(state.version).toBe(1);
    expect(first.answers).toEqual({}); // the old state is untouched
  });

  it('counts a double press only once', () => {
    const s0 = start('u', T0, IDS);
    const s1 = answer(s0, 0, 2, T0).state;
    const again = answer(s1, 0, 2, T0);
    expect(again).toEqual({ state: s1, applied: false, reason: 'stale-step' });
  });

  it("ignores an old step's button", () => {
    const s2 = answer(answer(start('u', T0, IDS), 0, 2, T0).state, 1, 3, T0).state;
    const old = answer(s2, 0, 5, T0);
    expect(old.applied).toBe(false);
    expect(old.state.answers).toEqual({ a: 2, b: 3 });
  });

  it('ignores a step from the future', () => {
    expect(answer(start('u', T0, IDS), 2, 3, T0).reason).toBe('stale-step');
  });

  it.each([0, 6, 1.5, Number.NaN])('rejects the value %s', (value) => {
    expect(answer(start('u', T0, IDS), 0, value, T0)).toMatchObject({ applied: false, reason: 'invalid-value' });
  });

  it('does nothing once every statement is answered', () => {
    const done = answerAll(start('u', T0, IDS));
    expect(answer(done, 3, 3, T0)).toMatchObject({ applied: false, reason: 'complete' });
  });

  it('does nothing after the session has expired', () => {
    expect(answer(start('u', T0, IDS), 0, 3, T0 + SESSION_TTL_MS)).toMatchObject({ applied: false, reason: 'expired' });
  });
});

describe('back', () => {
  it('steps back one and keeps the earlier answer so it can be shown', () => {
    const s2 = answer(answer(start('u', T0, IDS), 0, 2, T0).state, 1, 3, T0).state;
    const { state, applied } = back(s2);
    expect(applied).toBe(true);
    expect(state.step).toBe(1);
    expect(state.answers).toEqual({ a: 2, b: 3 });
    // Re-answering replaces, never adds.
    const re = answer(state, 1, 5, T0).state;
    expect(re.answers).toEqual({ a: 2, b: 5 });
    expect(re.step).toBe(2);
  });

  it('a double press of Back goes back only once', () => {
    const s2 = answer(answer(start('u', T0, IDS), 0, 2, T0).state, 1, 3, T0).state;
    const once = back(s2, 2).state;
    expect(back(once, 2)).toMatchObject({ applied: false, reason: 'stale-step' });
    expect(once.step).toBe(1);
  });

  it('cannot go before the first statement', () => {
    expect(back(start('u', T0, IDS))).toMatchObject({ applied: false, reason: 'at-start' });
  });

  it('can leave the finished screen to change the last answer', () => {
    const done = answerAll(start('u', T0, IDS));
    const { state } = back(done);
    expect(isComplete(state)).toBe(false);
    expect(isComplete(answer(state, 2, 1, T0).state)).toBe(true);
  });
});

describe('expiry', () => {
  it('expires exactly 15 minutes after start, when the interaction token does', () => {
    const s = start('u', T0, IDS);
    expect(SESSION_TTL_MS).toBe(15 * 60 * 1000);
    expect(isExpired(s, T0)).toBe(false);
    expect(isExpired(s, T0 + SESSION_TTL_MS - 1)).toBe(false);
    expect(isExpired(s, T0 + SESSION_TTL_MS)).toBe(true);
  });
});

describe('completion and the feeling question', () => {
  it('is complete when every statement is answered, and the answers feed scoring', () => {
    const done = answerAll(start('u', T0, IDS), 3);
    expect(isComplete(done)).toBe(true);
    expect(currentStatementId(done)).toBeUndefined();
    const statements = IDS.map((id) => ({ id, reverse: false, strategies: ['self-soothe'] }));
    expect(scoreAnswers(statements, done.answers).mean).toBe(3);
  });

  it('takes the feeling answer once, only after the statements', () => {
    const s = start('u', T0, IDS);
    expect(recordFeeling(s, 3, T0).reason).toBe('not-complete');
    const done = answerAll(s);
    const felt = recordFeeling(done, 1, T0);
    expect(felt.applied).toBe(true);
    expect(felt.state.feeling).toBe(1);
    expect(recordFeeling(felt.state, 4, T0)).toMatchObject({ applied: false, reason: 'already-answered' });
    expect(recordFeeling(done, 9, T0).reason).toBe('invalid-value');
    expect(recordFeeling(done, 3, T0 + SESSION_TTL_MS).reason).toBe('expired');
    expect(back(felt.state)).toMatchObject({ applied: false, reason: 'complete' });
  });
});
