import { ContentLibrary } from '../../src/content/index.js';
import type { Command } from '../../src/interactions/command.js';
import { commandDefinitions, type CommandDefinition } from '../../src/interactions/definitions.js';

let library: ContentLibrary | undefined;

/** What `npm run deploy-commands` registers for these commands, from the repository's content. */
export function definitionsOf(commands: readonly Command[]): CommandDefinition[] {
  library ??= new ContentLibrary();
  return commandDefinitions(commands, library);
}
