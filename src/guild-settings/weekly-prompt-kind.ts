import { createHash } from 'node:crypto';
import type { BotContext } from '../interactions/context.js';
import type { ScheduleKind } from '../scheduler/service.js';
import type { WeeklyPrompt } from '../store/records.js';
import { nextPromptAt, postWeeklyPrompt } from './weekly-prompt.js';

export const WEEKLY_PROMPT_PREFIX = 'p';

/** The next occurrence not yet handled: after the last one handled, and never before the setting was saved. */
export function promptDue(setting: WeeklyPrompt): number {
  return nextPromptAt(setting, setting.lastOccurrence ?? setting.since ?? 0);
}

/** Of the occurrences due by `now`, the latest: after downtime only the most recent prompt is considered. */
function latestOccurrence(setting: WeeklyPrompt, now: number): number {
  let occurrence = promptDue(setting);
  for (let next = nextPromptAt(setting, occurrence); next <= now; next = nextPromptAt(setting, next)) occurrence = next;
  return occurrence;
}

function nonceFor(guildId: string, occurrence: number): string {
  return `p${createHash('sha256').update(`${guildId}:${occurrence}`).digest('base64url').slice(0, 23)}`;
}

/**
 * Weekly prompts as a scheduler kind: durable like reminders. Each occurrence is handled once
 * (posted, or skipped with a reason shown in /config show); one missed by more than the grace
 * window during downtime is skipped rather than posted days late.
 */
export function weeklyPromptKind(ctx: BotContext, graceMs: number): ScheduleKind {
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
      if (now - occurrence <= graceMs) {
        const result = await paced(() => postWeeklyPrompt(ctx, guildId, now, { nonce: nonceFor(guildId, occurrence) }));
        if (!result.ok) ctx.logger.warn({ guild: guildId, reason: result.reason }, 'weekly prompt skipped');
      } else {
        ctx.logger.info({ guild: guildId }, 'weekly prompt missed while offline; waiting for the next one');
      }
      const saved = await ctx.store.guilds.update(guildId, (current) =>
        current?.weeklyPrompt?.channelId === setting.channelId
          ? { ...current, weeklyPrompt: { ...current.weeklyPrompt, lastOccurrence: occurrence } }
          : current,
      );
      ctx.scheduler.file(WEEKLY_PROMPT_PREFIX, guildId, saved?.weeklyPrompt ? promptDue(saved.weeklyPrompt) : null);
    },
  };
}
