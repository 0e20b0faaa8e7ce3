import { LOG_TEXT_MAX } from '../store/log-record.js';
import type { HeldEntry } from './held-texts.js';
import { isFeeling } from './feelings.js';

/** "What happened" is short on purpose: a ten-second entry. The other two texts may be longer. */
export const HAPPENED_MAX = 200;
export const NOTE_MAX = LOG_TEXT_MAX;
export const STRENGTHS = Array.from({ length: 11 }, (_, i) => String(i));

/** The form's field ids. */
export const FIELD = { happened: 'happened', feelings: 'feelings', strength: 'strength', mind: 'mind', next: 'next' } as const;

export interface LogForm {
  happened?: string | undefined;
  feelings?: readonly string[] | undefined;
  strength?: readonly string[] | undefined;
  mind?: string | undefined;
  next?: string | undefined;
}

export type ParsedForm = { ok: true; entry: HeldEntry } | { ok: false; error: string; vars?: Record<string, string | number> };

/**
 * Checks a submitted form as if it came from anyone: Discord's client enforces the limits, a forged
 * request does not. Every problem is an interface-text key; nothing is saved unless all is well.
 */
export function parseLogForm(form: LogForm): ParsedForm {
  const happened = (form.happened ?? '').trim();
  if (!happened) return { ok: false, error: 'log.error.empty' };
  if (happened.length > HAPPENED_MAX) return { ok: false, error: 'log.error.tooLong', vars: { max: HAPPENED_MAX } };
  const mind = (form.mind ?? '').trim();
  const next = (form.next ?? '').trim();
  if (mind.length > NOTE_MAX || next.length > NOTE_MAX) return { ok: false, error: 'log.error.tooLong', vars: { max: NOTE_MAX } };
  const feelings = [...new Set(form.feelings ?? [])];
  if (!feelings.every(isFeeling)) return { ok: false, error: 'log.error.choice' };
  const strengths = form.strength ?? [];
  if (strengths.length > 1 || !strengths.every((s) => STRENGTHS.includes(s))) return { ok: false, error: 'log.error.strength' };
  const strength = strengths.length === 1 ? Number(strengths[0]) : null;
  return { ok: true, entry: { happened, feelings, strength, mind, next } };
}
