import { createHash } from 'node:crypto';
import type { BotContext } from '../interactions/context.js';
import type { ScheduleKind } from '../scheduler/service.js';
import type { GuildRecord, WeeklyPrompt } from '../store/records.js';
import { nextPromptAt, postWeeklyPrompt, type PromptPostingDeps } from './weekly-prompt.js';

export const WEEKLY_PROMPT_PREFIX = 'p';

/** What posting weekly prompts uses of the bot. */
export type WeeklyPromptDeps = PromptPostingDeps & Pick<BotContext, 'scheduler'>;

/** The next occurrence not yet handled: after the last one handled, and never before the setting was saved. */
export function promptDue(setting: WeeklyPrompt): number {
  return nextPromptAt(setting, setting.lastOccurrence ?? setting.since ?? 0);
}

/**
 * Files the guild's weekly prompt in the due index from its record as just written (undefined: deleted).
 * Every write that adds, changes or removes a prompt calls this, so the index never waits on a stale entry.
 */
export function fileWeeklyPrompt(scheduler: Pick<BotContext['scheduler'], 'file'>, guildId: string, record: GuildRecord | undefined): void {
  scheduler.file(WEEKLY_PROMPT_PREFIX, guildId, record?.weeklyPrompt ? promptDue(record.weeklyPrompt) : null);
}

/** Of the occurrences due by `now`, the latest: after downtime only the most recent prompt is considered. */
function latestOccurrence(setting: WeeklyPrompt, now: number): number {
  let occurrence = promptDue(setting);
  for (let next = nextPromptAt(setting, occurrence); next <= now; next = nextPromptAt(setting, next)) occurrence = next;
  return occurrence;
}

/** Failures worth another try within the grace window; the rest (a deleted channel, a missing permission) wait for a moderator. */
const TRANSIENT = new Set(['discordError', 'guildUnavailable']);
const RETRY_MS = 60_000;

async function setLastOccurrence(
  ctx: Pick<BotContext, 'store'>,
  guildId: string,
  channelId: string,
  occurrence: number | undefined,
): Promise<WeeklyPrompt | undefined> {
  const saved = await ctx.store.guilds.update(guildId, (current) => {
    // The setting may have changed meanwhile; then this occurrence is no longer its business.
    if (current?.weeklyPrompt?.channelId !== channelId) return current;
    const { lastOccurrence: _old, ...rest } = current.weeklyPrompt;
    return { ...current, weeklyPrompt: occurrence === undefined ? rest : { ...rest, lastOccurrence: occurrence } };
  });
  return saved?.weeklyPrompt;
}

function nonceFor(guildId: string, occurrence: number): string {
  return `p${createHash('sha256').update(`${guildId}:${occurrence}`).digest('base64url').slice(0, 23)}`;
}

/**
 * Weekly prompts as a scheduler kind: durable like reminders. Each occurrence is handled once
 * (posted, or skipped with a reason shown in /config show); one missed by more than the grace
 * window during downtime is skipped rather than posted days late.
 */
export function weeklyPromptKind(ctx: WeeklyPromptDeps, graceMs: number): ScheduleKind {
  return {
    prefix: WEEKLY_PROMPT_PREFIX,

    async load(found) {
      for await (const [guildId, record] of ctx.store.guilds.entries()) {
        found(guildId, record.weeklyPrompt ? promptDue(record.weeklyPrompt) : null);
      }
    },

    async run(guildId, now, paced) {
      const setting = (await ctx.store.guilds.get(guildId))?.weeklyPrompt;
      if (!setting) return ctx.scheduler.file(WEEKLY_PROMPT_PREFIX, guildId, null);
      if (promptDue(setting) > now) return ctx.scheduler.file(WEEKLY_PROMPT_PREFIX, guildId, promptDue(setting));

      const occurrence = latestOccurrence(setting, now);
      const previous = setting.lastOccurrence;
      // Claimed before posting: after a crash the prompt is never posted twice, even once Discord has
      // forgotten the nonce; at worst one week's prompt is lost.
      const claimed = await setLastOccurrence(ctx, guildId, setting.channelId, occurrence);
      if (now - occurrence > graceMs) {
        ctx.logger.info({ guild: guildId }, 'weekly prompt missed while offline; waiting for the next one');
      } else {
        const result = await paced(() => postWeeklyPrompt(ctx, guildId, now, { nonce: nonceFor(guildId, occurrence) }));
        if (!result.ok && TRANSIENT.has(result.reason) && now + RETRY_MS - occurrence <= graceMs) {
          // Discord or the server having a bad minute should not cost the week's prompt: try again shortly.
          await setLastOccurrence(ctx, guildId, setting.channelId, previous);
          return ctx.scheduler.file(WEEKLY_PROMPT_PREFIX, guildId, now + RETRY_MS);
        }
        if (!result.ok) ctx.logger.warn({ guild: guildId, reason: result.reason }, 'weekly prompt skipped');
      }
      ctx.scheduler.file(WEEKLY_PROMPT_PREFIX, guildId, claimed ? promptDue(claimed) : null);
    },
  };
}
