import { EmbedBuilder } from 'discord.js';
import type { BotContext } from '../interactions/context.js';
import { EMBED_COLOR } from '../interactions/presentation.js';
import { describeAll } from './index.js';

/** /privacy show: one field per kind of record, the member's values in sentences, then why and how long. */
export function privacyShowEmbed(ctx: BotContext, locale: string, data: Readonly<Record<string, unknown>>): EmbedBuilder {
  const t = (key: string, vars?: Record<string, string | number>) => ctx.content.t(locale, key, vars);
  const entries = describeAll(ctx, locale, data);
  const embed = new EmbedBuilder()
    .setColor(EMBED_COLOR)
    .setTitle(t('privacy.show.title'))
    .setDescription([entries.length ? t('privacy.show.lead') : t('privacy.show.nothing'), t('privacy.show.footer')].join('\n\n'));
  embed.addFields(entries.map((e) => ({ name: e.heading, value: `${e.values}\n${t('privacy.show.kept', { kept: e.kept })}` })));
  if (ctx.privacyUrl) embed.addFields({ name: t('privacy.link.title'), value: `<${ctx.privacyUrl}>` });
  return embed;
}
