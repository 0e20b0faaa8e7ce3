import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Command, ComponentInteraction } from '../src/interactions/command.js';
import type { BotContext } from '../src/interactions/context.js';
import { GROUNDING_STEPS, groundingView } from '../src/hard-moment/grounding.js';
import { replaceOrRespond } from '../src/hard-moment/views.js';
import { UserFacingError } from '../src/interactions/errors.js';

/** Starts paced breathing in the message a button sits on. */
async function breatheHere(interaction: ComponentInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.isButton()) return;
  const { id, view } = ctx.moments.breathing.prepare(interaction.user.id, interaction.locale);
  try {
    await interaction.update({ content: '', embeds: [], ...view });
  } catch (error) {
    await ctx.moments.breathing.stop(id, interaction.user.id);
    throw error;
  }
  ctx.moments.breathing.start(id, (next) => interaction.editReply({ content: '', ...next }));
}

export const breathe = {
  name: 'breathe',
  data: (text) =>
    new SlashCommandBuilder()
      .setName('breathe')
      .setDescription(text('breathe'))
      .addStringOption((option) =>
        option
          .setName('exercise')
          .setDescription(text('breathe.exercise'))
          .addChoices(text.uiChoice('breathe.option.breathing', 'breathing'), text.uiChoice('breathe.option.grounding', 'grounding')),
      ),

  async execute(interaction, ctx) {
    const owner = interaction.user.id;
    const locale = interaction.locale;
    if (interaction.options.getString('exercise') === 'grounding') {
      await interaction.reply({ ...groundingView(ctx.content, locale, owner, 0), flags: MessageFlags.Ephemeral });
      return;
    }
    const { id, view } = ctx.moments.breathing.prepare(owner, locale);
    try {
      await interaction.reply({ ...view, flags: MessageFlags.Ephemeral });
    } catch (error) {
      await ctx.moments.breathing.stop(id, owner);
      throw error;
    }
    ctx.moments.breathing.start(id, (next) => interaction.editReply(next));
  },

  components: {
    async stop(interaction, id, ctx) {
      if (!interaction.isButton()) return;
      const sessionId = id.args[0];
      if (sessionId) await ctx.moments.breathing.stop(sessionId, interaction.user.id);
      await replaceOrRespond(interaction, { content: ctx.content.t(interaction.locale, 'breathe.stopped') });
    },
    async again(interaction, _id, ctx) {
      await breatheHere(interaction, ctx);
    },
    async ground(interaction, id, ctx) {
      if (!interaction.isButton()) return;
      const step = Number(id.args[0]);
      if (!Number.isInteger(step) || step < 0 || step > GROUNDING_STEPS.length) throw new UserFacingError('error.expiredButton', { command: 'breathe' });
      await interaction.update({ embeds: [], ...groundingView(ctx.content, interaction.locale, interaction.user.id, step) });
    },
  },
} satisfies Command;
