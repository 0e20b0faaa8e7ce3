import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../interactions/context.js';
import { channelList, SHARE_OPTION, type View } from '../interactions/presentation.js';

export interface ShareDecision {
  flags: MessageFlags.Ephemeral | undefined;
  /** Set when sharing was asked for but is not allowed here: says where it is. */
  note?: string;
}

/**
 * Personal replies are private unless the member chose to share, and a server can limit sharing to
 * some channels (/config public-channels) so personal material lands where the community expects it.
 * Outside those channels the member still gets the reply, privately, with a pointer to where to share.
 */
export async function shareVisibility(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<ShareDecision> {
  if (interaction.options.getBoolean(SHARE_OPTION) !== true) return { flags: MessageFlags.Ephemeral };
  if (!interaction.guildId) return { flags: undefined };
  const allowed = (await ctx.store.guilds.get(interaction.guildId))?.publicChannels ?? [];
  if (allowed.length === 0 || allowedHere(interaction, allowed)) return { flags: undefined };
  const channels = channelList(allowed);
  return { flags: MessageFlags.Ephemeral, note: ctx.content.t(interaction.locale, 'share.notHere', { channels }) };
}

/** A thread belongs to its parent channel's conversation, so it is allowed when the parent is. */
function allowedHere(interaction: ChatInputCommandInteraction, allowed: readonly string[]): boolean {
  if (allowed.includes(interaction.channelId)) return true;
  const channel = interaction.channel;
  return Boolean(channel?.isThread() && channel.parentId && allowed.includes(channel.parentId));
}

/** Puts the note above whatever the reply already says. */
export function withShareNote<T extends View>(view: T, note: string | undefined): T {
  if (!note) return view;
  return { ...view, content: view.content ? `${note}\n\n${view.content}` : note };
}
