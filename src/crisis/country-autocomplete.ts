import type { AutocompleteInteraction } from 'discord.js';
import type { BotContext } from '../interactions/context.js';
import { searchCountries } from './lines.js';

/** Shared by /crisis and /resources: country names as the member types. */
export async function autocompleteCountry(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const countries = ctx.content.for(interaction.locale).resources.countries;
  const matches = searchCountries(countries, String(interaction.options.getFocused()));
  await interaction.respond(matches.map((entry) => ({ name: entry.countryName, value: entry.country })));
}
