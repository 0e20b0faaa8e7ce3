import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, type MessageActionRowComponentBuilder } from 'discord.js';
import { countryFromLocale, findCrisisLine, formatCrisisLine } from '../content/crisis-lines.js';
import type { BotContext } from './context.js';
import { EMBED_COLOR } from './presentation.js';
import { encodeCustomId } from './custom-id.js';
import { hasWrittenPlan } from '../safety-plan/record.js';
import { myPlanButton } from '../safety-plan/views.js';

export interface CrisisViewOptions {
  locale: string;
  guildId: string | null;
  /** What the member typed as their country, if anything. */
  country?: string | null;
  /** A line said before everything else, e.g. why this is being shown. */
  intro?: string;
  /** List every other country's line too (the full /crisis screen). */
  allLines?: boolean;
}

/**
 * Help right now, on one screen: emergency advice, the member's line (chosen or guessed from
 * their Discord language), optionally every other line, how to find a local line, and the
 * server's own note. Shared by /crisis, the self-check and the free-text safety check.
 */
export async function crisisEmbed(ctx: BotContext, options: CrisisViewOptions): Promise<EmbedBuilder> {
  const { locale, country } = options;
  const { resources } = ctx.content.for(locale);
  const chosen = country ? findCrisisLine(resources.crisisLines, country) : undefined;
  const line = chosen ?? findCrisisLine(resources.crisisLines, countryFromLocale(locale) ?? '');

  const blocks = options.intro ? [options.intro, resources.emergency] : [resources.emergency];
  if (country && !chosen) blocks.push(ctx.content.t(locale, 'crisis.countryNotListed', { country: country.slice(0, 60) }));
  if (line) blocks.push(formatCrisisLine(ctx.content, locale, line));
  if (options.allLines) {
    const unconfirmed = ctx.content.t(locale, 'crisis.unconfirmedShort');
    const others = resources.crisisLines
      .filter((other) => other !== line)
      .map((other) => `• **${other.countryName}**: ${other.name}, ${other.contact}${other.confirmed ? '' : ` ${unconfirmed}`}`);
    blocks.push(`${ctx.content.t(locale, 'crisis.otherLines')}\n${others.join('\n')}`);
  }
  blocks.push(resources.findLocalLine);

  const embed = new EmbedBuilder()
    .setColor(EMBED_COLOR)
    .setTitle(ctx.content.t(locale, 'crisis.title'))
    .setDescription(blocks.join('\n\n').slice(0, 4096));
  // The server's own support channel, if its moderators named one, is often the quickest human help.
  const note = options.guildId ? (await ctx.store.guilds.get(options.guildId))?.resourcesNote : undefined;
  if (note) embed.addFields({ name: ctx.content.t(locale, 'resources.serverNote'), value: note });
  return embed;
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
