import { SlashCommandBuilder, type EmbedBuilder } from 'discord.js';
import { abuseLineBlocks, crisisLineBlocks, emergencyLine, fillLabel, findCountry } from '../src/crisis/lines.js';
import type { Command } from '../src/interactions/command.js';
import type { BotContext } from '../src/interactions/context.js';
import { layoutEmbeds, replyWithEmbeds, sectionFields } from '../src/interactions/layout.js';
import { EMBED_COLOR, visibilityFlags } from '../src/interactions/presentation.js';
import { autocompleteCountry } from '../src/crisis/country-autocomplete.js';
import { moderatorText } from '../src/guild-settings/moderator-text.js';

/**
 * Where to find help: organisations and how to find a therapist, then the chosen country's crisis
 * lines, domestic-abuse lines and emergency number (or, without a country, which countries are listed
 * and how to find a local line). Everything is shown in full, across embeds and messages if need be.
 */
export async function resourcesEmbeds(ctx: BotContext, locale: string, asked: string | null, guildId: string | null): Promise<EmbedBuilder[]> {
  const { content } = ctx;
  const resources = content.for(locale).resources;
  const { labels } = resources;
  const entry = asked ? findCountry(resources.countries, asked) : undefined;
  const continued = (name: string) => fillLabel(labels.continued, { name });

  const general = layoutEmbeds({
    title: resources.title,
    color: EMBED_COLOR,
    description: [resources.intro],
    fields: [
      ...resources.organisations.map((o) => ({ name: o.name, value: `${o.description}\n${o.url}` })),
      ...sectionFields(content.t(locale, 'resources.findTherapist'), [resources.findTherapist]),
    ],
    continuedName: continued(resources.title),
  });

  const crisisName = labels.crisisLines;
  const fields = entry
    ? [
        ...sectionFields(crisisName, [emergencyLine(content, locale, entry), ...crisisLineBlocks(content, locale, entry)], continued(crisisName)),
        ...sectionFields(labels.abuseLines, abuseLineBlocks(content, locale, entry), continued(labels.abuseLines)),
      ]
    : sectionFields(
        crisisName,
        [
          ...(asked ? [content.t(locale, 'crisis.countryNotListed', { country: asked.slice(0, 60) })] : []),
          fillLabel(labels.listedCountries, { countries: resources.countries.map((c) => c.countryName).join(', ') }),
          resources.findLocalLine,
        ],
        continued(crisisName),
      );
  const note = guildId ? (await ctx.store.guilds.get(guildId))?.resourcesNote : undefined;
  if (note) fields.push(...sectionFields(content.t(locale, 'resources.serverNote'), [moderatorText(note)]));
  const lines = layoutEmbeds({
    title: entry ? fillLabel(labels.countryTitle, { country: entry.countryName }) : crisisName,
    color: EMBED_COLOR,
    description: [],
    fields,
    continuedName: continued(crisisName),
  });
  return [...general, ...lines];
}

export const resources = {
  name: 'resources',
  data: (text) =>
    new SlashCommandBuilder()
      .setName('resources')
      .setDescription(text('resources'))
      .addStringOption((option) => option.setName('country').setDescription(text('resources.country')).setAutocomplete(true).setMaxLength(60)),

  async execute(interaction, ctx) {
    const embeds = await resourcesEmbeds(ctx, interaction.locale, interaction.options.getString('country'), interaction.guildId);
    await replyWithEmbeds(interaction, embeds, visibilityFlags(false));
  },

  autocomplete: (interaction, ctx) => autocompleteCountry(interaction, ctx),
} satisfies Command;
