import { randomBytes } from 'node:crypto';
import { isValidAnswer } from './scoring.js';

/**
 * One member's /selfcheck run, as a plain JSON-safe value so it can sit in any key-value store.
 * Pure: every function returns a new state and never reads the clock itself.
 *
 * Buttons carry the step they were shown for; a press only counts when that step is still the
 * current one, so a double click or an old message's button never records twice.
 */
export interface SelfcheckSession {
  /** Random, short enough to go into a button custom_id (100 characters at most). */
  id: string;
  userId: string;
  /** Index into statementIds of the question on screen; equals statementIds.length once all are answered. */
  step: number;
  statementIds: string[];
  /** statementId -> 1..5, the shape scoreAnswers takes. */
  answers: Record<string, number>;
  /** Optional last question, 1..5; null until answered or when skipped. */
  feeling: number | null;
  /** Milliseconds since the epoch. */
  startedAt: number;
  /** Bumped on every applied change, so a store can compare-and-set when two presses race. */
  version: number;
}

/** Discord interaction tokens last 15 minutes; after that the ephemeral message can't be edited. */
export const SESSION_TTL_MS = 15 * 60 * 1000;

export type NotApplied = 'expired' | 'stale-step' | 'at-start' | 'invalid-value' | 'complete' | 'not-complete' | 'already-answered';

export interface Transition {
  state: SelfcheckSession;
  applied: boolean;
  /** Why nothing changed; absent when applied. */
  reason?: NotApplied;
}

export function newSessionId(): string {
  return randomBytes(9).toString('base64url');
}

export function start(userId: string, now: number, statementIds: readonly string[], id = newSessionId()): SelfcheckSession {
  if (statementIds.length === 0) throw new Error('a self-check needs at least one statement');
  return { id, userId, step: 0, statementIds: [...statementIds], answers: {}, feeling: null, startedAt: now, version: 0 };
}

export function isExpired(state: SelfcheckSession, now: number): boolean {
  return now - state.startedAt >= SESSION_TTL_MS;
}

export function isComplete(state: SelfcheckSession): boolean {
  return state.step >= state.statementIds.length && state.statementIds.every((id) => Object.hasOwn(state.answers, id));
}

/** The statement on screen, or undefined once every statement is answered. */
export function currentStatementId(state: SelfcheckSession): string | undefined {
  return state.statementIds[state.step];
}

const unchanged = (state: SelfcheckSession, reason: NotApplied): Transition => ({ state, applied: false, reason });

export function answer(state: SelfcheckSession, step: number, value: number, now: number): Transition {
  if (isExpired(state, now)) return unchanged(state, 'expired');
  if (!isValidAnswer(value)) return unchanged(state, 'invalid-value');
  const statementId = state.statementIds[state.step];
  if (statementId === undefined) return unchanged(state, 'complete');
  if (step !== state.step) return unchanged(state, 'stale-step');
  return {
    state: { ...state, step: state.step + 1, answers: { ...state.answers, [statementId]: value }, version: state.version + 1 },
    applied: true,
  };
}

/**
 * Steps back one question, keeping its answer so the buttons can show it. Pass the step the Back
 * button was shown for (fromStep) so a double press only goes back once.
 */
export function back(state: SelfcheckSession, fromStep: number = state.step): Transition {
  if (fromStep !== state.step) return unchanged(state, 'stale-step');
  if (state.step === 0) return unchanged(state, 'at-start');
  // Once the last question has its feeling answer the run is over; going back would only confuse.
  if (state.feeling !== null) return unchanged(state, 'complete');
  return { state: { ...state, step: state.step - 1, version: state.version + 1 }, applied: true };
}

/** Records the optional "How are you feeling right now?" answer, once, after every statement. */
export function recordFeeling(state: SelfcheckSession, value: number, now: number): Transition {
  if (isExpired(state, now)) return unchanged(state, 'expired');
  if (!isValidAnswer(value)) return unchanged(state, 'invalid-value');
  if (!isComplete(state)) return unchanged(state, 'not-complete');
  if (state.feeling !== null) return unchanged(state, 'already-answered');
  return { state: { ...state, feeling: value, version: state.version + 1 }, applied: true };
}
