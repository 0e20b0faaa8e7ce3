import {
  MessageFlags,
  type EmbedBuilder,
  type InteractionReplyOptions,
  type RepliableInteraction,
} from 'discord.js';

/**
 * Sends a private message through whichever door the interaction still has open:
 * a first reply, the edit of a deferred reply, or a follow-up once something was already said.
 */
export async function respondPrivately(interaction: RepliableInteraction, content: string): Promise<void> {
  const message: InteractionReplyOptions = { content, flags: MessageFlags.Ephemeral, embeds: [], components: [] };
  if (interaction.deferred && !interaction.replied) {
    // A deferred public reply cannot turn private: say it there rather than leave "thinking…" forever.
    await interaction.editReply({ content, embeds: [], components: [] });
  } else if (interaction.replied || interaction.deferred) {
    await interaction.followUp(message);
  } else {
    await interaction.reply(message);
  }
}

/** A private message that works whether or not something was already said (e.g. a safety note first). */
export async function sendPrivately(interaction: RepliableInteraction, message: { content?: string; embeds?: EmbedBuilder[] }): Promise<void> {
  const options = { ...message, flags: MessageFlags.Ephemeral as const };
  if (interaction.replied || interaction.deferred) await interaction.followUp(options);
  else await interaction.reply(options);
}
