import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/interactions/command.js';
import { UserFacingError } from '../src/interactions/errors.js';
import { respondPrivately } from '../src/interactions/respond.js';
import { DRAFT_FIELD, DRAFT_MAX, draftModal, holdDraft, holdModal, isPauseWait, PAUSE_WAITS } from '../src/hard-moment/pause.js';
import { codeBlockSafe, fieldValue, replaceOrRespond } from '../src/hard-moment/views.js';
import { encodeCustomId } from '../src/interactions/custom-id.js';

function readDraft(text: string): string {
  if (!text) throw new UserFacingError('pause.empty');
  if (text.length > DRAFT_MAX) throw new UserFacingError('pause.tooLong', { max: DRAFT_MAX });
  return text;
}

export const pause = {
  name: 'pause',
  data: (text) =>
    new SlashCommandBuilder()
      .setName('pause')
      .setDescription(text('pause'))
      .addIntegerOption((option) =>
        option
          .setName('wait')
          .setDescription(text('pause.wait'))
          .setRequired(true)
          .addChoices(PAUSE_WAITS.map((minutes) => text.uiChoice(`pause.wait.${minutes}`, minutes))),
      ),

  async execute(interaction, ctx) {
    const wait = interaction.options.getInteger('wait', true);
    if (!isPauseWait(wait)) throw new UserFacingError('error.expiredButton', { command: 'pause' });
    await interaction.showModal(holdModal(ctx, interaction.locale, interaction.user.id, wait));
  },

  components: {
    /** The draft arrives: answer at once, hold it in memory, bring it back after the wait. */
    async hold(interaction, id, ctx) {
      if (!interaction.isModalSubmit()) return;
      const wait = Number(id.args[0]);
      if (!isPauseWait(wait)) throw new UserFacingError('error.expiredButton', { command: 'pause' });
      const text = readDraft(fieldValue(interaction, DRAFT_FIELD));
      const at = Math.floor((ctx.clock.now() + wait * 60_000) / 1000);
      // Held (and timed) from the moment it arrived, not from when the answer got through.
      let answered: () => void = () => {};
      const draftId = holdDraft(ctx, interaction, text, wait, new Promise<void>((resolve) => (answered = resolve)));
      try {
        await respondPrivately(
          interaction,
          ctx.content.t(interaction.locale, 'pause.started', { wait: ctx.content.t(interaction.locale, `pause.wait.${wait}`), at: `<t:${at}:t>` }),
        );
      } catch (error) {
        ctx.moments.pauses.delete(draftId);
        throw error;
      } finally {
        answered();
      }
    },
    async send(interaction, id, ctx) {
      if (!interaction.isButton()) return;
      const draft = ctx.moments.pauses.take(id.args[0] ?? '', interaction.user.id);
      if (!draft) return respondPrivately(interaction, ctx.content.t(interaction.locale, 'pause.gone'));
      await replaceOrRespond(interaction, { content: ctx.content.t(interaction.locale, 'pause.copy', { text: codeBlockSafe(draft.text) }) });
    },
    async rewrite(interaction, id, ctx) {
      if (!interaction.isButton()) return;
      const draftId = id.args[0] ?? '';
      const draft = ctx.moments.pauses.get(draftId, interaction.user.id);
      if (!draft) return respondPrivately(interaction, ctx.content.t(interaction.locale, 'pause.gone'));
      const customId = encodeCustomId({ command: 'pause', action: 'rewritten', owner: interaction.user.id, args: [draftId] });
      await interaction.showModal(draftModal(ctx, interaction.locale, customId, ctx.content.t(interaction.locale, 'pause.rewriteTitle'), draft.text));
    },
    async rewritten(interaction, id, ctx) {
      if (!interaction.isModalSubmit()) return;
      const text = readDraft(fieldValue(interaction, DRAFT_FIELD));
      if (!ctx.moments.pauses.take(id.args[0] ?? '', interaction.user.id)) {
        return respondPrivately(interaction, ctx.content.t(interaction.locale, 'pause.gone'));
      }
      await replaceOrRespond(interaction, { content: ctx.content.t(interaction.locale, 'pause.rewritten', { text: codeBlockSafe(text) }) });
    },
    async 'let-go'(interaction, id, ctx) {
      if (!interaction.isButton()) return;
      const draft = ctx.moments.pauses.take(id.args[0] ?? '', interaction.user.id);
      if (!draft) return respondPrivately(interaction, ctx.content.t(interaction.locale, 'pause.gone'));
      await replaceOrRespond(interaction, { content: ctx.content.t(interaction.locale, 'pause.letGone') });
    },
  },
} satisfies Command;
