import { z } from 'zod';
import type { RecordType } from './repository.js';

/**
 * One record per member holds everything the bot keeps about them, so /privacy can show,
 * export and delete it in one place. Every field is optional: a member who never opts in has no record.
 */
export const memberSchema = z.object({
  /** Discord locale of the last command, so DMs arrive in the member's language. */
  locale: z.string().max(10).optional(),
  /** The DM channel id, so a reminder costs one request. */
  dmChannelId: z.string().regex(/^\d{17,20}$/).optional(),
  /** Last time zone the member chose, offered first next time. */
  lastTimeZone: z.string().max(64).optional(),
});
export type MemberRecord = z.infer<typeof memberSchema>;

export const memberRecord: RecordType<MemberRecord> = { namespace: 'members', version: 1, schema: memberSchema };

export const guildSchema = z.object({
  /** Channels where share:true may post; empty means anywhere the bot can post. */
  publicChannels: z.array(z.string()).default([]),
  /** A server-specific line shown by /resources and /crisis, e.g. where the server's support channel is. */
  resourcesNote: z.string().max(300).optional(),
});
export type GuildRecord = z.infer<typeof guildSchema>;

export const guildRecord: RecordType<GuildRecord> = { namespace: 'guilds', version: 1, schema: guildSchema };

/** Saved self-check results: only ever written when the member presses "Save this privately". */
export const selfcheckHistorySchema = z.object({
  results: z
    .array(z.object({ at: z.number().int(), mean: z.number().min(1).max(5), band: z.enum(['few', 'some', 'many']) }))
    .max(500),
});
export type SelfcheckHistoryRecord = z.infer<typeof selfcheckHistorySchema>;

export const selfcheckHistoryRecord: RecordType<SelfcheckHistoryRecord> = {
  namespace: 'selfcheck-history',
  version: 1,
  schema: selfcheckHistorySchema,
};
