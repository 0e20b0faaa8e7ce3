import type { CommandText } from '../content/command-text.js';
import {
  MessageFlags,
  type ActionRowBuilder,
  type EmbedBuilder,
  type MessageActionRowComponentBuilder,
  type SlashCommandBooleanOption,
} from 'discord.js';

/** One calm colour for every embed the bot sends. */
export const EMBED_COLOR = 0x5b8def;

export const SHARE_OPTION = 'share';

/** The `share` option every shareable command offers, described in the content's words. */
export function shareOption(text: CommandText): (option: SlashCommandBooleanOption) => SlashCommandBooleanOption {
  return (option) => option.setName(SHARE_OPTION).setDescription(text('share'));
}

/** Personal replies are private unless the member explicitly chose to share. */
export function visibilityFlags(share: boolean | null | undefined): MessageFlags.Ephemeral | undefined {
  return share ? undefined : MessageFlags.Ephemeral;
}

/** A message body that can be sent as a reply, an update or a DM alike. */
export interface View {
  content?: string;
  embeds?: EmbedBuilder[];
  components?: ActionRowBuilder<MessageActionRowComponentBuilder>[];
}
