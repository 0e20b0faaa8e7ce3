import { expect } from 'vitest';

/** Discord's message limits, from its API documentation; a body over any of them is refused, never cut. */
export const MESSAGE_LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  embedTotal: 6000,
  rows: 5,
  perRow: 5,
  buttonLabel: 80,
  customId: 100,
} as const;

type Json = Record<string, unknown>;
interface EmbedJson {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
  author?: { name: string };
}

const toJson = (value: unknown): Json =>
  value && typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON(): Json }).toJSON() : (value as Json);

/**
 * Fails with the screen's name and what overflowed when a message body (builders or JSON) breaks any
 * of Discord's limits; the characters counted are the ones Discord counts for the 6000 total.
 */
export function expectFitsDiscord(
  where: string,
  body: { content?: string | undefined; embeds?: unknown[] | undefined; components?: unknown[] | undefined },
): void {
  const problems: string[] = [];
  const over = (what: string, length: number, limit: number) => {
    if (length > limit) problems.push(`${what}: ${length} > ${limit}`);
  };
  over('content', body.content?.length ?? 0, MESSAGE_LIMITS.content);
  const embeds = (body.embeds ?? []).map((e) => toJson(e) as EmbedJson);
  over('embeds', embeds.length, MESSAGE_LIMITS.embeds);
  let total = 0;
  embeds.forEach((embed, i) => {
    const fields = embed.fields ?? [];
    over(`embed ${i} title`, embed.title?.length ?? 0, MESSAGE_LIMITS.title);
    over(`embed ${i} description`, embed.description?.length ?? 0, MESSAGE_LIMITS.description);
    over(`embed ${i} fields`, fields.length, MESSAGE_LIMITS.fields);
    over(`embed ${i} footer`, embed.footer?.text.length ?? 0, MESSAGE_LIMITS.footer);
    over(`embed ${i} author`, embed.author?.name.length ?? 0, MESSAGE_LIMITS.author);
    fields.forEach((f, j) => {
      over(`embed ${i} field ${j} name`, f.name.length, MESSAGE_LIMITS.fieldName);
      over(`embed ${i} field ${j} value`, f.value.length, MESSAGE_LIMITS.fieldValue);
      if (f.value.trim() === '') problems.push(`embed ${i} field ${j} value is empty`);
    });
    total +=
      (embed.title?.length ?? 0) +
      (embed.description?.length ?? 0) +
      (embed.footer?.text.length ?? 0) +
      (embed.author?.name.length ?? 0) +
      fields.reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  });
  over('embeds total', total, MESSAGE_LIMITS.embedTotal);
  const rows = (body.components ?? []).map(toJson) as { components?: Json[] }[];
  over('rows', rows.length, MESSAGE_LIMITS.rows);
  rows.forEach((row, i) => {
    const items = row.components ?? [];
    over(`row ${i} components`, items.length, MESSAGE_LIMITS.perRow);
    for (const item of items) {
      over(`row ${i} label "${String(item.label)}"`, String(item.label ?? '').length, MESSAGE_LIMITS.buttonLabel);
      over(`row ${i} custom_id`, String(item.custom_id ?? '').length, MESSAGE_LIMITS.customId);
    }
  });
  expect(problems, where).toEqual([]);
}
