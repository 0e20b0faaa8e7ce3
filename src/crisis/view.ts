import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type EmbedBuilder, type MessageActionRowComponentBuilder } from 'discord.js';
import { abuseLineBlocks, countryFromLocale, crisisLineBlocks, emergencyLine, fillLabel, findCountry, shortCountryLine } from './lines.js';
import type { BotContext } from '../interactions/context.js';
import { layoutEmbeds, sectionFields } from '../interactions/layout.js';
import { EMBED_COLOR } from '../interactions/presentation.js';
import { moderatorText } from '../guild-settings/moderator-text.js';
import { encodeCustomId } from '../interactions/custom-id.js';
import { hasWrittenPlan } from '../store/safety-plan-record.js';
import { myPlanButton } from '../safety-plan/views.js';

export interface CrisisViewOptions {
  locale: string;
  guildId: string | null;
  /** What the member typed as their country, if anything. */
  country?: string | null;
  /** A line said before everything else, e.g. why this is being shown. */
  intro?: string;
  /** The full crisis screen: the country's domestic-abuse lines too, and every other country's line. */
  allLines?: boolean;
}

/**
 * Help right now: emergency advice, the member's country (chosen or guessed from their Discord
 * language) with its emergency number and lines, optionally every other country's line, how to find
 * a local line, and the server's own note. Shared by /crisis, the self-check and the free-text
 * safety check. Laid out in as many fields and embeds as it needs; nothing is cut.
 */
export async function crisisEmbeds(ctx: BotContext, options: CrisisViewOptions): Promise<EmbedBuilder[]> {
  const { locale, country } = options;
  const { content } = ctx;
  const { resources } = content.for(locale);
  const chosen = country ? findCountry(resources.countries, country) : undefined;
  const entry = chosen ?? findCountry(resources.countries, countryFromLocale(locale) ?? '');

  const blocks = options.intro ? [options.intro, resources.emergency] : [resources.emergency];
  if (country && !chosen) blocks.push(content.t(locale, 'crisis.countryNotListed', { country: country.slice(0, 60) }));
  if (entry) {
    const heading = `**${fillLabel(resources.labels.countryTitle, { country: entry.countryName })}**\n${emergencyLine(content, locale, entry)}`;
    blocks.push(heading, ...crisisLineBlocks(content, locale, entry));
    if (options.allLines) blocks.push(`**${resources.labels.abuseLines}**`, ...abuseLineBlocks(content, locale, entry));
  }
  if (options.allLines) {
    const others = resources.countries.filter((other) => other !== entry).map((other) => shortCountryLine(content, locale, other));
    blocks.push([content.t(locale, 'crisis.otherLines'), ...others].join('\n'));
  }
  blocks.push(resources.findLocalLine);

  const title = content.t(locale, 'crisis.title');
  // The server's own support channel, if its moderators named one, is often the quickest human help.
  const note = options.guildId ? (await ctx.store.guilds.get(options.guildId))?.resourcesNote : undefined;
  return layoutEmbeds({
    title,
    color: EMBED_COLOR,
    description: blocks,
    fields: note ? sectionFields(content.t(locale, 'resources.serverNote'), [moderatorText(note)]) : [],
    continuedName: fillLabel(resources.labels.continued, { name: title }),
  });
}

/**
 * The buttons under a crisis screen: "My safety plan" first whenever the member has written one,
 * then (on a screen shown because of what they typed) "This isn't about me".
 */
export async function crisisButtons(
  ctx: BotContext,
  options: { userId: string; locale: string; notAboutMe?: boolean },
): Promise<ActionRowBuilder<MessageActionRowComponentBuilder>[]> {
  const buttons: ButtonBuilder[] = [];
  if (hasWrittenPlan(await ctx.store.safetyPlans.get(options.userId))) buttons.push(myPlanButton(ctx, options.locale, options.userId));
  if (options.notAboutMe) {
    buttons.push(
      new ButtonBuilder()
        .setCustomId(encodeCustomId({ command: 'crisis', action: 'not-me', owner: options.userId, args: [] }))
        .setLabel(ctx.content.t(options.locale, 'crisis.notMe'))
        .setStyle(ButtonStyle.Secondary),
    );
  }
  return buttons.length ? [new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(buttons)] : [];
}
