import { userMention } from 'discord.js';
import type { BotContext } from '../interactions/context.js';
import { relativeTime } from '../interactions/presentation.js';
import { guildSchema, MAX_GUILD_CHANGES, type GuildChange, type GuildRecord } from '../store/records.js';
import { hasText } from './text.js';

export interface ChangeNote {
  /** Content key suffix: the text is config.change.<what>. */
  what: string;
  vars?: Record<string, string>;
}

/** A guild's settings before anyone changed anything (schema defaults), so handlers never special-case "no record". */
export function defaultGuildRecord(): GuildRecord {
  return guildSchema.parse({});
}

/**
 * Applies a settings change and appends it to the guild's change log in one atomic update, so the log
 * can never disagree with the settings it describes.
 */
export function changeSettings(
  ctx: BotContext,
  guildId: string,
  userId: string,
  apply: (current: GuildRecord) => GuildRecord,
  note: ChangeNote,
): Promise<GuildRecord | undefined> {
  return ctx.store.guilds.update(guildId, (current) => withChange(apply(current ?? defaultGuildRecord()), ctx.clock.now(), userId, note));
}

export function withChange(record: GuildRecord, at: number, userId: string, note: ChangeNote): GuildRecord {
  const entry: GuildChange = { at, userId, what: note.what, vars: note.vars ?? {} };
  return { ...record, changes: [...record.changes, entry].slice(-MAX_GUILD_CHANGES) };
}

/** One line per change, newest first: who (a mention, which never pings here), what, when. */
export function describeChanges(ctx: BotContext, locale: string, changes: readonly GuildChange[]): string[] {
  return [...changes].reverse().map((change) =>
    ctx.content.t(locale, 'config.show.changeLine', {
      user: userMention(change.userId),
      what: describeChange(ctx, locale, change),
      when: relativeTime(change.at),
    }),
  );
}

function describeChange(ctx: BotContext, locale: string, change: GuildChange): string {
  const key = `config.change.${change.what}`;
  // A record written by a newer version may name a change this version has no words for.
  if (!hasText(ctx, locale, key)) return ctx.content.t(locale, 'config.change.unknown');
  const vars = { ...change.vars };
  if (vars.day !== undefined) vars.day = dayName(ctx, locale, Number(vars.day));
  return ctx.content.t(locale, key, vars);
}

export function dayName(ctx: BotContext, locale: string, day: number): string {
  return ctx.content.t(locale, `config.day.${day}`);
}
