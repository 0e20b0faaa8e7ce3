import { MessageFlags, SlashCommandBuilder, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { RELATIONSHIP_IDS } from '../src/content/selfcheck-schema.js';
import type { Command, ComponentInteraction } from '../src/interactions/command.js';
import type { BotContext } from '../src/interactions/context.js';
import { integerArg, type CustomId } from '../src/interactions/custom-id.js';
import { UserFacingError } from '../src/interactions/errors.js';
import { SELFCHECK_COMMAND, SelfcheckAction } from '../src/selfcheck/custom-ids.js';
import { confirmRow, deleteRow, historyMessage } from '../src/selfcheck/history-view.js';
import { answer, back, recordFeeling, SESSION_TTL_MS } from '../src/selfcheck/session.js';
import type { Lookup, OpenRun } from '../src/selfcheck/session-store.js';
import { currentView, endedView, howScoredView, introView, resultView, scoreOf } from '../src/selfcheck/views.js';

/** Answers are capped by the store's schema; the oldest results make way for new ones. */
const MAX_SAVED_RESULTS = 500;
/** The feeling question's Skip button sends this instead of a value on the scale. */
const SKIP = 0;
/** Above any answer or feeling on a scale; the session checks the exact range, this only keeps numbers sane. */
const MAX_SCALE_VALUE = 100;

function begin(ctx: BotContext, userId: string, locale: string): OpenRun {
  const statementIds = ctx.content.for(locale).selfcheck.statements.map((s) => s.id);
  return ctx.selfcheckRuns.begin(userId, locale, statementIds);
}

/** A press on a run that is not open: its message either already shows how it ended, or should now. */
async function answerEnded(interaction: ButtonInteraction, ctx: BotContext, lookup: Exclude<Lookup, { kind: 'open' }>): Promise<void> {
  if (lookup.kind === 'ended' && (lookup.reason === 'saved' || lookup.reason === 'done' || lookup.reason === 'cancelled')) {
    // A double press: the first one already updated the message, so leave it as it is.
    await interaction.deferUpdate();
    return;
  }
  // An unknown run on a message older than a run can live has timed out, whatever else happened to it.
  const expired =
    (lookup.kind === 'ended' && lookup.reason === 'expired') ||
    (lookup.kind === 'unknown' && ctx.clock.now() - interaction.message.createdTimestamp >= SESSION_TTL_MS);
  await interaction.update(endedView(ctx, interaction.locale, interaction.user.id, expired ? 'selfcheck.expired' : 'selfcheck.closed'));
}

type RunHandler = (interaction: ButtonInteraction, run: OpenRun, id: CustomId, ctx: BotContext) => Promise<void>;

/** Looks up the run a button belongs to (first arg), answering for it when it is no longer open. */
function withRun(handler: RunHandler) {
  return async (interaction: ComponentInteraction, id: CustomId, ctx: BotContext): Promise<void> => {
    if (!interaction.isButton()) return;
    const lookup = ctx.selfcheckRuns.lookup(interaction.user.id, id.args[0] ?? '');
    if (lookup.kind !== 'open') return answerEnded(interaction, ctx, lookup);
    await handler(interaction, lookup.run, id, ctx);
  };
}

async function showCurrent(interaction: ButtonInteraction, run: OpenRun, ctx: BotContext): Promise<void> {
  await interaction.update(await currentView(ctx, run, interaction.guildId));
}

async function history(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  // Drawing the chart can take a moment on a slow host; deferring keeps within Discord's 3 seconds.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const record = await ctx.store.selfcheckHistory.get(interaction.user.id);
  const message = await historyMessage(ctx, interaction.locale, interaction.user.id, record);
  await interaction.editReply(message ?? { content: ctx.content.t(interaction.locale, 'selfcheck.historyEmpty') });
}

export const selfcheck = {
  name: SELFCHECK_COMMAND,
  data: (text) =>
    new SlashCommandBuilder()
      .setName(SELFCHECK_COMMAND)
      .setDescription(text('selfcheck'))
      .addSubcommand((sub) => sub.setName('start').setDescription(text('selfcheck.start')))
      .addSubcommand((sub) => sub.setName('history').setDescription(text('selfcheck.history'))),

  async execute(interaction, ctx) {
    const sub = interaction.options.getSubcommand();
    if (sub === 'history') return history(interaction, ctx);
    if (sub !== 'start') throw new UserFacingError('error.unknownCommand');
    const run = begin(ctx, interaction.user.id, interaction.locale);
    await interaction.reply({ ...introView(ctx, run), flags: MessageFlags.Ephemeral });
  },

  components: {
    /** Opens a fresh run in the same message (from the expired, cancelled or closed notes). */
    async [SelfcheckAction.Restart](interaction, _id, ctx) {
      if (!interaction.isButton()) return;
      await interaction.update(introView(ctx, begin(ctx, interaction.user.id, interaction.locale)));
    },

    async [SelfcheckAction.HowScored](interaction, _id, ctx) {
      if (!interaction.isButton()) return;
      await interaction.reply({ ...howScoredView(ctx, interaction.locale), flags: MessageFlags.Ephemeral });
    },

    /** One button per relationship: records whom the run is about, then shows the current question. */
    [SelfcheckAction.Begin]: withRun(async (interaction, run, id, ctx) => {
      const about = RELATIONSHIP_IDS.find((r) => r === id.args[1]);
      const next = about ? (ctx.selfcheckRuns.update(run, { about }) ?? run) : run;
      if (!next.about) return void (await interaction.update(introView(ctx, next)));
      await showCurrent(interaction, next, ctx);
    }),

    [SelfcheckAction.Answer]: withRun(async (interaction, run, id, ctx) => {
      const [, step, value] = id.args;
      const move = answer(
        run.session,
        integerArg(step, 0, run.session.statementIds.length) ?? -1,
        integerArg(value, 0, MAX_SCALE_VALUE) ?? -1,
        ctx.clock.now(),
      );
      // Not applied (a second press, an old step's button): showing the current step is the whole answer.
      const next = move.applied ? (ctx.selfcheckRuns.update(run, { session: move.state }) ?? run) : run;
      await showCurrent(interaction, next, ctx);
    }),

    [SelfcheckAction.Back]: withRun(async (interaction, run, id, ctx) => {
      const move = run.feelingDone ? undefined : back(run.session, integerArg(id.args[1], 0, run.session.statementIds.length) ?? -1);
      if (move?.reason === 'at-start') {
        // Back from the first question: choose again whom it is about; answers so far stay.
        await interaction.update(introView(ctx, run));
        return;
      }
      const next = move?.applied ? (ctx.selfcheckRuns.update(run, { session: move.state }) ?? run) : run;
      await showCurrent(interaction, next, ctx);
    }),

    [SelfcheckAction.Feeling]: withRun(async (interaction, run, id, ctx) => {
      const value = integerArg(id.args[1], 0, MAX_SCALE_VALUE) ?? -1;
      let next = run;
      if (!run.feelingDone && run.session.step >= run.session.statementIds.length) {
        if (value === SKIP) next = ctx.selfcheckRuns.update(run, { feelingDone: true }) ?? run;
        else {
          const move = recordFeeling(run.session, value, ctx.clock.now());
          if (move.applied) next = ctx.selfcheckRuns.update(run, { session: move.state, feelingDone: true }) ?? run;
        }
      }
      await showCurrent(interaction, next, ctx);
    }),

    [SelfcheckAction.Cancel]: withRun(async (interaction, run, _id, ctx) => {
      ctx.selfcheckRuns.finish(run.session.userId, run.session.id, 'cancelled');
      await interaction.update(endedView(ctx, interaction.locale, interaction.user.id, 'selfcheck.cancelled'));
    }),

    [SelfcheckAction.Save]: withRun(async (interaction, run, _id, ctx) => {
      if (!run.feelingDone) return showCurrent(interaction, run, ctx);
      const { mean, band } = scoreOf(ctx, run);
      // Ended before the write, synchronously, so a second press finds it saved and does not append again.
      ctx.selfcheckRuns.finish(run.session.userId, run.session.id, 'saved');
      try {
        const { statementsVersion } = ctx.content.for(run.locale).selfcheck;
        const entry = { at: ctx.clock.now(), mean, band, statements: statementsVersion, ...(run.about ? { about: run.about } : {}) };
        await ctx.store.selfcheckHistory.update(run.session.userId, (current) => ({
          results: [...(current?.results ?? []), entry].slice(-MAX_SAVED_RESULTS),
        }));
      } catch (error) {
        ctx.selfcheckRuns.reopen(run);
        throw error;
      }
      await interaction.update(await resultView(ctx, run, interaction.guildId, { saved: true }));
    }),

    async [SelfcheckAction.Done](interaction, id, ctx) {
      if (!interaction.isButton()) return;
      ctx.selfcheckRuns.finish(interaction.user.id, id.args[0] ?? '', 'done');
      await interaction.update({ content: ctx.content.t(interaction.locale, 'selfcheck.closing'), embeds: [], components: [] });
    },

    async [SelfcheckAction.DeleteAsk](interaction, _id, ctx) {
      if (!interaction.isButton()) return;
      const count = (await ctx.store.selfcheckHistory.get(interaction.user.id))?.results.length ?? 0;
      if (count === 0) {
        await interaction.update({ content: ctx.content.t(interaction.locale, 'selfcheck.historyEmpty'), embeds: [], components: [], attachments: [] });
        return;
      }
      await interaction.update({
        content: ctx.content.t(interaction.locale, 'selfcheck.deleteConfirm', { count }),
        components: [confirmRow(ctx, interaction.locale, interaction.user.id)],
      });
    },

    async [SelfcheckAction.DeleteNo](interaction, _id, ctx) {
      if (!interaction.isButton()) return;
      await interaction.update({ content: '', components: [deleteRow(ctx, interaction.locale, interaction.user.id)] });
    },

    async [SelfcheckAction.DeleteYes](interaction, _id, ctx) {
      if (!interaction.isButton()) return;
      await ctx.store.selfcheckHistory.delete(interaction.user.id);
      await interaction.update({ content: ctx.content.t(interaction.locale, 'selfcheck.deleted'), embeds: [], components: [], attachments: [] });
    },
  },
} satisfies Command;
