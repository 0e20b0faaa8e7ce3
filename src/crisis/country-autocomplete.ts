import type { AutocompleteInteraction } from 'discord.js';
import type { BotContext } from '../interactions/context.js';
import { searchCrisisLines } from './lines.js';

/** Shared by /crisis and /resources: country names as the member types. */
export async function autocompleteCountry(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const lines = ctx.content.for(interaction.locale).resources.crisisLines;
  const matches = searchCrisisLines(lines, String(interaction.options.getFocused()));
  await interaction.respond(matches.map((line) => ({ name: line.countryName, value: line.country })));
}
