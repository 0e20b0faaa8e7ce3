import { describe, expect, it } from 'vitest';
import { EmbedBuilder, MessageFlags, SlashCommandBuilder, type InteractionReplyOptions } from 'discord.js';
import { commands } from '../commands/index.js';
import type { Command } from '../src/interactions/command.js';
import type { BotContext } from '../src/interactions/context.js';
import { preparedReply, sendAsIs } from '../src/interactions/prepared.js';
import { useHarness } from './helpers/harness.js';

/** The same reply options, built per locale, sent by `preparedReply` and by `interaction.reply`. */
function options(ctx: BotContext, locale: string, flags: MessageFlags.Ephemeral | undefined): InteractionReplyOptions {
  const embed = new EmbedBuilder()
    .setTitle(`Prepared ${locale}`)
    .setDescription(ctx.content.t(locale, 'about.footer', { version: ctx.version }))
    .toJSON();
  return { embeds: [sendAsIs(embed)], flags };
}

const seen: { replied: boolean; ephemeral: boolean | null; again?: string }[] = [];

function pair(name: string, flags: MessageFlags.Ephemeral | undefined): Command[] {
  const prepared = preparedReply((ctx, locale) => options(ctx, locale, flags));
  return [
    {
      name: `${name}-prepared`,
      data: () => new SlashCommandBuilder().setName(`${name}-prepared`).setDescription('tests only'),
      async execute(interaction, ctx) {
        await prepared(interaction, ctx);
        const again = await prepared(interaction, ctx).then(
          () => 'sent twice',
          (error: unknown) => (error as { code?: string }).code,
        );
        seen.push({ replied: interaction.replied, ephemeral: interaction.ephemeral, again });
      },
    },
    {
      name: `${name}-plain`,
      data: () => new SlashCommandBuilder().setName(`${name}-plain`).setDescription('tests only'),
      async execute(interaction, ctx) {
        await interaction.reply(options(ctx, interaction.locale, flags));
        seen.push({ replied: interaction.replied, ephemeral: interaction.ephemeral });
      },
    },
  ];
}

const h = useHarness({ commands: [...commands, ...pair('private', MessageFlags.Ephemeral), ...pair('public', undefined)] });

function callbackRequest(interactionId: string) {
  const request = h.fake.requests.find((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${interactionId}/`));
  expect(request).toBeDefined();
  return request!;
}

describe('preparedReply', () => {
  for (const kind of ['private', 'public'] as const) {
    it(`sends what interaction.reply sends (${kind}), in each locale, and leaves the interaction in the same state`, async () => {
      for (const locale of ['en-US', 'es-ES', 'en-US']) {
        seen.length = 0;
        const plain = h.fake.slash({ user: h.member, guildId: h.guild.id, name: `${kind}-plain`, locale });
        await plain.reply();
        await h.fake.waitFor(() => seen[0]);
        const prepared = h.fake.slash({ user: h.other, guildId: h.guild.id, name: `${kind}-prepared`, locale });
        await prepared.reply();
        await h.fake.waitFor(() => seen[1]);
        const a = callbackRequest(plain.id);
        const b = callbackRequest(prepared.id);
        expect(b.body).toEqual(a.body);
        expect(JSON.stringify(b.body)).toBe(JSON.stringify(a.body));
        expect(b.query).toEqual(a.query);
        expect(b.headers['content-type']).toBe(a.headers['content-type']);
        expect(b.status).toBe(a.status);
        const [plainState, preparedState] = seen;
        expect(preparedState).toEqual({ ...plainState, again: 'InteractionAlreadyReplied' });
      }
    });
  }

  it('/about answers with its embed, privately', async () => {
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'about' }).reply();
    expect(reply.embeds).toHaveLength(1);
    expect(reply.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  });
});
