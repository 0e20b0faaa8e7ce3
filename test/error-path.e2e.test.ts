import { describe, expect, it } from 'vitest';
import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { commands } from '../commands/index.js';
import type { Command } from '../src/interactions/command.js';
import { useHarness } from './helpers/harness.js';

const EPHEMERAL = 1 << 6;

/** A command that fails at a chosen moment, to drive the one shared error path from every state. */
const failing = {
  name: 'failing',
  data: () =>
    new SlashCommandBuilder()
      .setName('failing')
      .setDescription('Fails on purpose (tests only)')
      .addStringOption((o) =>
        o
          .setName('when')
          .setDescription('When to fail')
          .setRequired(true)
          .addChoices(
            { name: 'before replying', value: 'before' },
            { name: 'after deferring', value: 'deferred' },
            { name: 'after replying', value: 'replied' },
          ),
      ),
  async execute(interaction) {
    const when = interaction.options.getString('when', true);
    if (when === 'deferred') await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    if (when === 'replied') await interaction.reply({ content: 'Working on it…', flags: MessageFlags.Ephemeral });
    throw new Error(`simulated failure ${when}`);
  },
} satisfies Command;

const h = useHarness({ commands: [...commands, failing] });

function errorIdIn(text: string): string {
  const match = /`([0-9a-f]{8})`/.exec(text);
  expect(match, text).not.toBeNull();
  return match![1]!;
}

function loggedWith(errorId: string): Record<string, unknown> {
  const line = h.logs.lines.find((l) => l.includes(`"errorId":"${errorId}"`));
  expect(line, `a log line with error id ${errorId}`).toBeDefined();
  return JSON.parse(line!) as Record<string, unknown>;
}

describe('the shared error path', () => {
  it('before any reply: a calm private reply with an error id; the log has the stack under the same id', async () => {
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'failing', options: { when: 'before' } }).reply();
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.content).toMatch(/not your fault/);
    const logged = loggedWith(errorIdIn(reply.content));
    expect(JSON.stringify(logged.err)).toContain('simulated failure before');
    expect(JSON.stringify(logged.err)).toContain('at ');
  });

  it('after deferring: the deferred reply is edited into the message', async () => {
    const handle = h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'failing', options: { when: 'deferred' } });
    const reply = await handle.reply();
    expect(reply.content).toMatch(/not your fault/);
    expect(handle.followUps).toHaveLength(0);
    loggedWith(errorIdIn(reply.content));
  });

  it('after replying: a private follow-up, the first reply left as it was', async () => {
    const handle = h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'failing', options: { when: 'replied' } });
    const reply = await handle.reply();
    expect(reply.content).toBe('Working on it…');
    const followUp = await h.fake.waitFor(() => handle.followUps[0]);
    expect(followUp.flags & EPHEMERAL).toBe(EPHEMERAL);
    loggedWith(errorIdIn(followUp.content));
  });

  it('the process keeps serving after failures', async () => {
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'about' }).reply();
    expect(reply.embeds).toHaveLength(1);
  });
});
