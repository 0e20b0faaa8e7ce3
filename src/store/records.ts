import { z } from 'zod';
import type { RecordType } from './repository.js';
import { REMINDER_NAMESPACE, REMINDER_VERSION } from './layout.js';

/**
 * Member preferences that outlive a feature's own record (a reminder schedule can be turned off;
 * the zone chosen for it is still offered next time). A member who never opts in has no record.
 */
export const memberSchema = z.object({
  /** Last time zone the member chose, offered first next time. */
  lastTimeZone: z.string().max(64).optional(),
});
export type MemberRecord = z.infer<typeof memberSchema>;

export const memberRecord: RecordType<MemberRecord> = { namespace: 'members', version: 1, schema: memberSchema };

const snowflake = z.string().regex(/^\d{17,20}$/);

/** One moderator action, kept so moderators can see who changed what; rendered from content, so no words here. */
export const guildChangeSchema = z.object({
  at: z.number().int(),
  userId: snowflake,
  /** A content key suffix (config.change.<what>); a plain string so an unknown kind never makes the record unreadable. */
  what: z.string().min(1).max(40),
  /** Ids and values the text refers to (channel, role, time…), filled into the template. */
  vars: z.record(z.string(), z.string().max(100)).default({}),
});
export type GuildChange = z.infer<typeof guildChangeSchema>;

export const weeklyPromptSchema = z.object({
  channelId: snowflake,
  /** 0 = Sunday … 6 = Saturday, the order of Date#getUTCDay and of src/scheduler's day masks. */
  day: z.number().int().min(0).max(6),
  hour: z.number().int().min(0).max(23),
  minute: z.number().int().min(0).max(59),
  /** As canonicalTimeZone returns it. */
  timeZone: z.string().min(1).max(64),
  /** The next prompt to post; it only moves on after a successful post, so a skipped week is not lost. */
  promptIndex: z.number().int().min(0).default(0),
  lastPostedAt: z.number().int().optional(),
  /** When this setting was saved: occurrences before it are never posted. */
  since: z.number().int().optional(),
  /** The scheduled time (UTC ms) of the last occurrence handled, posted or skipped; never handled twice. */
  lastOccurrence: z.number().int().optional(),
  /** Why the last attempt did not post (a reason code, shown by /config show); cleared by the next success. */
  lastSkip: z.object({ at: z.number().int(), reason: z.string().min(1).max(40), detail: z.string().max(200).optional() }).optional(),
});
export type WeeklyPrompt = z.infer<typeof weeklyPromptSchema>;

export const MAX_PUBLIC_CHANNELS = 25;
export const MAX_GUILD_CHANGES = 10;

export const guildSchema = z.object({
  /** Channels where share:true may post; empty means anywhere the bot can post. */
  publicChannels: z.array(snowflake).max(MAX_PUBLIC_CHANNELS).default([]),
  /** A server-specific line shown by /resources and /crisis, e.g. where the server's support channel is. */
  resourcesNote: z.string().max(300).optional(),
  /** Members with this role may use /config without Manage Server. */
  moderatorRoleId: snowflake.optional(),
  weeklyPrompt: weeklyPromptSchema.optional(),
  /** The last changes, newest last. */
  changes: z.array(guildChangeSchema).max(MAX_GUILD_CHANGES).default([]),
});
export type GuildRecord = z.infer<typeof guildSchema>;

export const guildRecord: RecordType<GuildRecord> = { namespace: 'guilds', version: 1, schema: guildSchema };

/** Saved self-check results: only ever written when the member presses "Save this privately". */
export const selfcheckHistorySchema = z.object({
  results: z
    .array(
      z.object({
        at: z.number().int(),
        mean: z.number().min(1).max(5),
        band: z.enum(['few', 'some', 'many']),
        /** The content's statementsVersion the answers came from; absent on results saved before versions existed (read as 1). */
        statements: z.number().int().min(1).optional(),
        /** Whom the reflection was about (a relationship id from the self-check content); absent on version 1. */
        about: z.string().min(1).max(20).optional(),
      }),
    )
    .max(500),
});
export type SelfcheckHistoryRecord = z.infer<typeof selfcheckHistorySchema>;

export const selfcheckHistoryRecord: RecordType<SelfcheckHistoryRecord> = {
  namespace: 'selfcheck-history',
  // `statements` and `about` are optional additions: a record written before them still reads as it is.
  version: 1,
  schema: selfcheckHistorySchema,
};

/**
 * One member's reminder schedule: everything a send needs in one record, so the start-up rebuild and
 * each delivery decrypt one value and each DM costs one request. Deleted by `/reminders off` or Stop.
 */
export const reminderSchema = z.object({
  hour: z.number().int().min(0).max(23),
  minute: z.number().int().min(0).max(59),
  /** Bit 0 = Sunday ... bit 6 = Saturday, in `timeZone`. */
  days: z.number().int().min(1).max(127),
  timeZone: z.string().min(1).max(64),
  /** A strategy id, or 'mixed' for practices from all five. */
  focus: z.string().min(1).max(40),
  /** Leave out practices that need a partner (content tags them), for members who are not in a relationship. */
  skipPartner: z.boolean().default(false),
  /** Discord locale at the last `/reminders set`, so DMs arrive in the member's language. */
  locale: z.string().max(10),
  /** Opened at `set`; sending to it is one request. */
  dmChannelId: z.string().regex(/^\d{17,20}$/),
  /** See src/scheduler/schedule-math.ts for these four. */
  nextDueUtc: z.number(),
  lastSentOccurrence: z.number().nullable().default(null),
  pausedUntil: z.number().nullable().default(null),
  snoozedUntil: z.number().nullable().default(null),
  /** Set when Discord refused a send; nothing more is sent until `/reminders resume` or `set`. */
  pausedReason: z.enum(['dm-refused', 'unknown-user', 'unknown-channel']).nullable().default(null),
  /** When Discord's refusal paused it; such a schedule is removed after 90 days (src/retention.ts). */
  pausedAt: z.number().nullable().default(null),
  /** The member has not been told about `pausedReason` yet (they are, on their next command). */
  noticePending: z.boolean().default(false),
  /** The rotation: a per-member shuffle seed and how many practices have gone out. */
  rotationSeed: z.number().int().min(0),
  practicesSent: z.number().int().min(0).default(0),
  /** Practices marked done in the member's current week (Monday first, days since the epoch). */
  doneWeek: z.number().int().nullable().default(null),
  doneCount: z.number().int().min(0).default(0),
  /** The reminder last marked done (its button's key), so a second press on it is not counted again. */
  lastDoneKey: z.string().max(20).nullable().default(null),
  /**
   * The occurrence being sent and when the latest attempt began. After a crash, a resend is only
   * safe while Discord still remembers the nonce; see src/reminders/service.ts.
   */
  sending: z.object({ occurrence: z.number(), at: z.number() }).nullable().default(null),
});
export type ReminderRecord = z.infer<typeof reminderSchema>;

/** A record from the chosen schedule and its first due time; every state field starts at its default. */
export function newReminder(fields: z.input<typeof reminderSchema>): ReminderRecord {
  return reminderSchema.parse(fields);
}

export const reminderRecord: RecordType<ReminderRecord> = { namespace: REMINDER_NAMESPACE, version: REMINDER_VERSION, schema: reminderSchema };
