import {
  EmbedBuilder,
  type ActionRowBuilder,
  type APIEmbed,
  type APIEmbedField,
  type MessageActionRowComponentBuilder,
  type MessageFlags,
  type RepliableInteraction,
} from 'discord.js';
import { LIMITS } from '../content/schema.js';

/**
 * Lays text out in embeds that Discord accepts, without ever cutting it: text is split only between
 * blocks (or, for a block longer than the limit, between its lines), and what does not fit moves to
 * the next field, embed or message.
 */

/** Discord's message-level limits that the content schema does not cover. */
export const MESSAGE_LIMITS = { fields: 25, embeds: 10 } as const;

/** Joins blocks into as few chunks of at most `max` characters as possible, in order. */
export function packBlocks(blocks: readonly string[], max: number, separator = '\n\n'): string[] {
  const pieces = blocks.flatMap((block) => (block.length <= max ? [block] : splitLines(block, max)));
  const chunks: string[] = [];
  let current = '';
  for (const piece of pieces) {
    const joined = current ? `${current}${separator}${piece}` : piece;
    if (joined.length <= max) {
      current = joined;
    } else {
      chunks.push(current);
      current = piece;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

function splitLines(block: string, max: number): string[] {
  const lines = block.split('\n');
  const tooLong = lines.find((line) => line.length > max);
  // Content is validated far below these limits; a single line this long is a bug, not something to trim.
  if (tooLong) throw new Error(`A line of ${tooLong.length} characters cannot be laid out within ${max}`);
  return packBlocks(lines, max, '\n');
}

/** A titled section as one or more fields; continuation fields carry `continuedName`. */
export function sectionFields(name: string, blocks: readonly string[], continuedName = name): APIEmbedField[] {
  return packBlocks(blocks, LIMITS.fieldValue).map((value, index) => ({ name: index === 0 ? name : continuedName, value }));
}

/** Characters Discord counts towards the 6000 limit of one message (title, description, fields, footer, author). */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((total, field) => total + field.name.length + field.value.length, 0)
  );
}

export interface EmbedLayout {
  title: string;
  color: number;
  /** Shown first; what does not fit in the description continues in fields named `continuedName`. */
  description: readonly string[];
  fields: readonly APIEmbedField[];
  continuedName: string;
}

/**
 * One logical screen as embeds: description first, then the fields, starting a new embed whenever the
 * next field would break the field count or the 6000-character total. Later embeds repeat no title.
 */
export function layoutEmbeds(layout: EmbedLayout): EmbedBuilder[] {
  const [description, ...overflow] = packBlocks(layout.description, LIMITS.embedDescription);
  const fields = [...overflow.flatMap((text) => sectionFields(layout.continuedName, [text])), ...layout.fields];
  const embeds: APIEmbed[] = [{ color: layout.color, title: layout.title, ...(description ? { description } : {}), fields: [] }];
  for (const field of fields) {
    let current = embeds.at(-1)!;
    const fits = current.fields!.length < MESSAGE_LIMITS.fields && embedLength(current) + field.name.length + field.value.length <= LIMITS.embedTotal;
    if (!fits) {
      current = { color: layout.color, fields: [] };
      embeds.push(current);
    }
    current.fields!.push(field);
  }
  return embeds.map((embed) => new EmbedBuilder(embed.fields!.length ? embed : { ...embed, fields: undefined }));
}

/** Groups embeds into messages that each stay within Discord's 10 embeds and 6000 characters. */
export function messagesFor(embeds: readonly EmbedBuilder[]): EmbedBuilder[][] {
  const messages: EmbedBuilder[][] = [];
  let current: EmbedBuilder[] = [];
  let length = 0;
  for (const embed of embeds) {
    const size = embedLength(embed.toJSON());
    if (current.length && (current.length === MESSAGE_LIMITS.embeds || length + size > LIMITS.embedTotal)) {
      messages.push(current);
      current = [];
      length = 0;
    }
    current.push(embed);
    length += size;
  }
  if (current.length) messages.push(current);
  return messages;
}

/** Replies with the embeds, continuing in follow-up messages (same visibility) when one message cannot hold them. */
export async function replyWithEmbeds(
  interaction: RepliableInteraction,
  embeds: readonly EmbedBuilder[],
  flags: MessageFlags.Ephemeral | undefined,
  /** Buttons for the first message (where a screen's choices belong). */
  components: ActionRowBuilder<MessageActionRowComponentBuilder>[] = [],
): Promise<void> {
  const [first = [], ...rest] = messagesFor(embeds);
  await interaction.reply({ embeds: first, components, flags });
  for (const more of rest) await interaction.followUp({ embeds: more, flags });
}
