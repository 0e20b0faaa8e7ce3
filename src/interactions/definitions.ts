import { ApplicationIntegrationType, InteractionContextType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { commandText, localizeDefinition } from '../content/command-text.js';
import type { ContentLibrary } from '../content/index.js';
import type { Command } from './command.js';

export type CommandDefinition = RESTPostAPIChatInputApplicationCommandsJSONBody;

/**
 * Personal by default: a command that does not say where it runs is offered to both install types
 * (a server that added the bot, and a member who added it to their own account) in servers, in the
 * DM with the bot and in group DMs. Server settings (`/config`) set their own, narrower, reach.
 */
const PERSONAL_INSTALLS = [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall];
const PERSONAL_CONTEXTS = [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel];

/** The definitions Discord registers: words from the loaded content, localized for every full locale. */
export function commandDefinitions(commands: readonly Command[], library: ContentLibrary): CommandDefinition[] {
  const text = commandText(library);
  return commands.map((command) => {
    const body = command.data(text).toJSON() as CommandDefinition;
    // The router routes by `command.name` without building definitions; the two must agree.
    if (body.name !== command.name) throw new Error(`the command named /${command.name} defines /${body.name}`);
    return localizeDefinition(library, {
      ...body,
      integration_types: body.integration_types ?? PERSONAL_INSTALLS,
      contexts: body.contexts ?? PERSONAL_CONTEXTS,
    });
  });
}
