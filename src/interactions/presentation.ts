import { commandText } from '../content/command-text.js';
import {
  MessageFlags,
  TimestampStyles,
  channelMention,
  time,
  type ActionRowBuilder,
  type EmbedBuilder,
  type MessageActionRowComponentBuilder,
  type SlashCommandBooleanOption,
} from 'discord.js';

/** One calm colour for every embed the bot sends. */
export const EMBED_COLOR = 0x5b8def;

export const SHARE_OPTION = 'share';

export function shareOption(option: SlashCommandBooleanOption): SlashCommandBooleanOption {
  return option.setName(SHARE_OPTION).setDescription(commandText('share'));
}

/** Personal replies are private unless the member explicitly chose to share. */
export function visibilityFlags(share: boolean | null | undefined): MessageFlags.Ephemeral | undefined {
  return share ? undefined : MessageFlags.Ephemeral;
}

// Discord renders timestamps in each viewer's own zone and language.
/** "Tuesday, 3 March 2026 at 10:00". */
export const fullTime = (ms: number): string => time(new Date(ms), TimestampStyles.LongDateTime);
/** "in 3 hours", "3 minutes ago". */
export const relativeTime = (ms: number): string => time(new Date(ms), TimestampStyles.RelativeTime);
/** "10:00". */
export const shortTime = (ms: number): string => time(new Date(ms), TimestampStyles.ShortTime);

/** Channels as mentions, comma-separated (a mention never pings). */
export const channelList = (ids: readonly string[]): string => ids.map((id) => channelMention(id)).join(', ');

/** A message body that can be sent as a reply, an update or a DM alike. */
export interface View {
  content?: string;
  embeds?: EmbedBuilder[];
  components?: ActionRowBuilder<MessageActionRowComponentBuilder>[];
}
