import { MessageFlags, type ActionRowBuilder, type EmbedBuilder, type MessageActionRowComponentBuilder, type RepliableInteraction } from 'discord.js';

export type PrivateMessage = string | { content?: string; embeds?: EmbedBuilder[]; components?: ActionRowBuilder<MessageActionRowComponentBuilder>[] };

/**
 * Sends a private message through whichever door the interaction still has open:
 * a first reply, the edit of a deferred reply, or a follow-up once something was already said
 * (an error after a reply, a reflection after a safety note).
 */
export async function respondPrivately(interaction: RepliableInteraction, message: PrivateMessage): Promise<void> {
  const body = typeof message === 'string' ? { content: message, embeds: [], components: [] } : { components: [], ...message };
  if (interaction.deferred && !interaction.replied) {
    // A deferred public reply cannot turn private: say it there rather than leave "thinking…" forever.
    await interaction.editReply(body);
  } else if (interaction.replied || interaction.deferred) {
    await interaction.followUp({ ...body, flags: MessageFlags.Ephemeral });
  } else {
    await interaction.reply({ ...body, flags: MessageFlags.Ephemeral });
  }
}
