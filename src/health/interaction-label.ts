import type { Interaction } from 'discord.js';
import type { Command } from '../interactions/command.js';
import { decodeCustomId } from '../interactions/custom-id.js';
import type { InteractionLabel } from './metrics.js';

const UNKNOWN = 'unknown';

/**
 * The metric label for an interaction, built only from names the bot itself defines (its commands and
 * their component actions), so a custom_id's owner and arguments, or a made-up name, never reach a label.
 */
export function interactionLabel(interaction: Interaction, commands: ReadonlyMap<string, Command>): InteractionLabel {
  if (interaction.isChatInputCommand() || interaction.isAutocomplete()) {
    return { type: interaction.isAutocomplete() ? 'autocomplete' : 'command', name: commands.has(interaction.commandName) ? interaction.commandName : UNKNOWN };
  }
  const type = interaction.isButton() ? 'button' : interaction.isStringSelectMenu() ? 'select' : interaction.isModalSubmit() ? 'modal' : 'other';
  if (type === 'other' || !('customId' in interaction)) return { type, name: UNKNOWN };
  const decoded = decodeCustomId(interaction.customId);
  if (!decoded.ok) return { type, name: UNKNOWN };
  const components = commands.get(decoded.id.command)?.components;
  const known = components !== undefined && Object.hasOwn(components, decoded.id.action);
  return { type, name: known ? `${decoded.id.command}:${decoded.id.action}` : UNKNOWN };
}
