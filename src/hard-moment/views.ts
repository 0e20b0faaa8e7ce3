import { ActionRowBuilder, ButtonBuilder, ButtonStyle, MessageFlags, type MessageActionRowComponentBuilder, type ModalSubmitInteraction } from 'discord.js';
import { encodeCustomId } from '../interactions/custom-id.js';
import type { ComponentInteraction } from '../interactions/command.js';
import { respondPrivately } from '../interactions/respond.js';
import type { View } from '../interactions/presentation.js';

/** A row of buttons for one command's flow; `style` defaults to Secondary. */
export function buttonRow(
  command: string,
  owner: string,
  buttons: { action: string; label: string; args?: string[]; style?: ButtonStyle }[],
): ActionRowBuilder<MessageActionRowComponentBuilder> {
  return new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
    buttons.map((b) =>
      new ButtonBuilder()
        .setCustomId(encodeCustomId({ command, action: b.action, owner, args: b.args ?? [] }))
        .setLabel(b.label)
        .setStyle(b.style ?? ButtonStyle.Secondary),
    ),
  );
}

/** Member text shown inside a code block (easy to copy), with any fence inside it defused. */
export function codeBlockSafe(text: string): string {
  return text.replace(/```/g, '`\u200b`\u200b`');
}

/** Reads one text input from a submitted form; '' when it is missing. */
export function fieldValue(interaction: ModalSubmitInteraction, id: string): string {
  const field = interaction.fields.fields.get(id);
  return field && 'value' in field && typeof field.value === 'string' ? field.value.trim() : '';
}

/**
 * Replaces the private message a button or form came from with `view`. A public message (a shared
 * /strategy) is never replaced with personal words, and an interaction already answered (a
 * crisis-first screen went out) cannot update: both get a new private message instead.
 */
export async function replaceOrRespond(interaction: ComponentInteraction, view: View): Promise<void> {
  const body = { content: '', embeds: [], components: [], ...view };
  const fromPrivateMessage = interaction.message?.flags.has(MessageFlags.Ephemeral) ?? false;
  if (interaction.replied || interaction.deferred || !fromPrivateMessage) return respondPrivately(interaction, body);
  if (interaction.isModalSubmit()) {
    if (interaction.isFromMessage()) await interaction.update(body);
    else await respondPrivately(interaction, body);
    return;
  }
  await interaction.update(body);
}
