import { z } from 'zod';
import type { RecordType } from './repository.js';

export const FOCUS_OWN_WORDS_MAX = 200;
export const FOCUS_MAX_WEEKS = 520;
export const FOCUS_ANSWERS = ['helped', 'mixed', 'notYet', 'skip'] as const;
export type FocusAnswer = (typeof FOCUS_ANSWERS)[number];

/** One small change: an idea from a strategy's "something small to try this week", or the member's own words. */
export const focusChangeSchema = z.object({
  strategyId: z.string().min(1).max(40).nullable(),
  /** Index into that strategy's tryThisWeek; null with own words. */
  idea: z.number().int().min(0).nullable(),
  ownWords: z.string().min(1).max(FOCUS_OWN_WORDS_MAX).nullable(),
  since: z.number().int(),
});
export type FocusChange = z.infer<typeof focusChangeSchema>;

/** When the end-of-week question goes out: one weekday, a time, a zone; state as in src/scheduler/schedule-math.ts. */
export const focusQuestionSchema = z.object({
  day: z.number().int().min(0).max(6),
  hour: z.number().int().min(0).max(23),
  minute: z.number().int().min(0).max(59),
  timeZone: z.string().min(1).max(64),
  locale: z.string().max(10),
  dmChannelId: z.string().regex(/^\d{17,20}$/),
  nextDueUtc: z.number(),
  lastSentOccurrence: z.number().nullable().default(null),
  /** Set when Discord refused the DM; nothing more is sent until `/focus set`. */
  pausedReason: z.enum(['dm-refused', 'unknown-user', 'unknown-channel']).nullable().default(null),
  pausedAt: z.number().nullable().default(null),
  /** The question could not be delivered: it is asked after the member's next command instead, once. */
  noticePending: z.boolean().default(false),
  /** The occurrence being sent and when the attempt began (a resend is safe only while Discord keeps the nonce). */
  sending: z.object({ occurrence: z.number(), at: z.number() }).nullable().default(null),
});
export type FocusQuestion = z.infer<typeof focusQuestionSchema>;

export const focusWeekSchema = z.object({
  /** The occurrence of the end-of-week question (UTC ms): names the week. */
  at: z.number(),
  change: focusChangeSchema,
  answer: z.enum(FOCUS_ANSWERS).nullable().default(null),
});
export type FocusWeek = z.infer<typeof focusWeekSchema>;

/** A member's weekly focus: written only by `/focus set`, removed by `/privacy delete`. */
export const focusSchema = z.object({
  change: focusChangeSchema.nullable(),
  question: focusQuestionSchema.nullable(),
  /** Oldest first. */
  weeks: z.array(focusWeekSchema).max(FOCUS_MAX_WEEKS).default([]),
});
export type FocusRecord = z.infer<typeof focusSchema>;

export const focusRecord: RecordType<FocusRecord> = { namespace: 'focus', version: 1, schema: focusSchema };
