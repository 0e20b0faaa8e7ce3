import { EmbedBuilder, roleMention } from 'discord.js';
import type { BotContext } from '../interactions/context.js';
import { channelList, EMBED_COLOR, fullTime, relativeTime, type View } from '../interactions/presentation.js';
import { formatTime } from '../scheduler/parse.js';
import type { GuildRecord, WeeklyPrompt } from '../store/records.js';
import { dayName, describeChanges } from './change-log.js';
import { hasText } from './text.js';
import { nextPromptAt } from './weekly-prompt.js';
import { moderatorText } from './moderator-text.js';

const FIELD_MAX = 1024;
const DESCRIPTION_MAX = 4096;

/** Every setting, then the recent changes: what /config show replies with. */
export function settingsView(ctx: BotContext, locale: string, record: GuildRecord): View {
  const t = (key: string, vars?: Record<string, string | number>) => ctx.content.t(locale, key, vars);
  const channels = channelList(record.publicChannels);
  const changes = describeChanges(ctx, locale, record.changes);
  const description = [`**${t('config.show.changes')}**`, ...(changes.length ? changes : [t('config.show.noChanges')])].join('\n');
  const embed = new EmbedBuilder()
    .setColor(EMBED_COLOR)
    .setTitle(t('config.show.title'))
    .addFields(
      { name: t('config.show.publicChannels'), value: clip(channels || t('config.show.publicChannelsAny'), FIELD_MAX) },
      { name: t('config.show.weeklyPrompt'), value: clip(weeklyPromptText(ctx, locale, record.weeklyPrompt), FIELD_MAX) },
      { name: t('config.show.resourcesNote'), value: clip(record.resourcesNote ? moderatorText(record.resourcesNote) : t('config.show.none'), FIELD_MAX) },
      {
        name: t('config.show.moderatorRole'),
        value: record.moderatorRoleId ? roleMention(record.moderatorRoleId) : t('config.show.moderatorRoleNone'),
      },
    )
    .setDescription(clip(description, DESCRIPTION_MAX));
  return { embeds: [embed] };
}

export function weeklyPromptText(ctx: BotContext, locale: string, setting: WeeklyPrompt | undefined): string {
  const t = (key: string, vars?: Record<string, string | number>) => ctx.content.t(locale, key, vars);
  if (!setting) return t('config.show.weeklyOff');
  const lines = [
    t('config.show.weeklyOn', {
      channel: setting.channelId,
      day: dayName(ctx, locale, setting.day),
      time: formatTime(setting),
      zone: setting.timeZone,
    }),
    t('config.show.weeklyNext', { when: fullTime(nextPromptAt(setting, ctx.clock.now())) }),
  ];
  if (setting.lastPostedAt !== undefined) lines.push(t('config.show.weeklyLastPosted', { when: relativeTime(setting.lastPostedAt) }));
  if (setting.lastSkip) {
    lines.push(t('config.show.weeklySkipped', { when: relativeTime(setting.lastSkip.at), reason: skipText(ctx, locale, setting) }));
  }
  return lines.join('\n');
}

function skipText(ctx: BotContext, locale: string, setting: WeeklyPrompt): string {
  const skip = setting.lastSkip!;
  const key = `config.skip.${skip.reason}`;
  if (!hasText(ctx, locale, key)) return ctx.content.t(locale, 'config.skip.discordError', { detail: skip.reason });
  const permissions = (skip.detail ?? '')
    .split(',')
    .filter(Boolean)
    .map((name) => permissionName(ctx, locale, name))
    .join(', ');
  return ctx.content.t(locale, key, {
    channel: setting.channelId,
    permissions: permissions || ctx.content.t(locale, 'config.skip.somePermission'),
    detail: skip.detail ?? '',
  });
}

/** Named as Discord's channel settings name them, so moderators can find the switch to flip. */
export function permissionName(ctx: BotContext, locale: string, name: string): string {
  const key = `config.permission.${name}`;
  return hasText(ctx, locale, key) ? ctx.content.t(locale, key) : name;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
