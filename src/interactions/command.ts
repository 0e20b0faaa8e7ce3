import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  ModalSubmitInteraction,
  SharedSlashCommand,
  StringSelectMenuInteraction,
} from 'discord.js';
import type { CommandText } from '../content/command-text.js';
import type { BotContext } from './context.js';
import type { CustomId } from './custom-id.js';

export type ComponentInteraction = ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction;

export type ComponentHandler = (interaction: ComponentInteraction, id: CustomId, ctx: BotContext) => Promise<void>;

/** One slash command: its definition and its handlers, in one module under commands/. */
export interface Command {
  /**
   * The name the definition gives (`data(text).name`), so the router finds the command without building
   * every definition at start; commandDefinitions refuses a definition that names another.
   */
  readonly name: string;
  /** The definition, built from the loaded content (see `commandDefinitions`), never at import time. */
  data(text: CommandText): SharedSlashCommand;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
  /** Buttons, selects and modals this command created, keyed by the custom_id's action. */
  components?: Record<string, ComponentHandler>;
}
