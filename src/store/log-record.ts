import { z } from 'zod';
import type { RecordType } from './repository.js';

/** What one entry may hold; the form asks for less ("what happened" is short), a writing exercise may save more. */
export const LOG_TEXT_MAX = 1000;
export const LOG_MAX_ENTRIES = 5000;

export const logEntrySchema = z.object({
  /** Random, custom_id-safe: the list's delete buttons name an entry by it. */
  id: z.string().regex(/^[a-z0-9]{4,16}$/),
  at: z.number().int(),
  happened: z.string().min(1).max(LOG_TEXT_MAX),
  /** Feeling ids (src/log/feelings.ts); words come from content. */
  feelings: z.array(z.string().min(1).max(40)).max(25).default([]),
  strength: z.number().int().min(0).max(10).nullable().default(null),
  mind: z.string().max(LOG_TEXT_MAX).default(''),
  next: z.string().max(LOG_TEXT_MAX).default(''),
  /** The strategy whose writing exercise it was saved from, if any. */
  source: z.string().max(40).optional(),
});
export type LogEntry = z.infer<typeof logEntrySchema>;

/**
 * A member's private log. Created only when they confirm the first-time explanation, so a member
 * who never opts in has no record; entries older than LOG_RETENTION_DAYS are swept daily.
 */
export const logSchema = z.object({
  consentedAt: z.number().int(),
  /** Oldest first. */
  entries: z.array(logEntrySchema).max(LOG_MAX_ENTRIES).default([]),
});
export type LogRecord = z.infer<typeof logSchema>;

export const logRecord: RecordType<LogRecord> = { namespace: 'log', version: 1, schema: logSchema };
