import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, type MessageActionRowComponentBuilder } from 'discord.js';
import { crisisButtons, crisisEmbeds } from '../crisis/view.js';
import type { BotContext } from '../interactions/context.js';
import { encodeCustomId } from '../interactions/custom-id.js';
import { EMBED_COLOR, type View } from '../interactions/presentation.js';
import { STRATEGY_COMMAND, StrategyAction } from '../strategy/custom-ids.js';
import { formatMean } from './chart.js';
import { SELFCHECK_COMMAND, SelfcheckAction } from './custom-ids.js';
import { isCrisisFeeling, isGentleFeeling, scoreAnswers, thresholdsFromBands, type SelfcheckScore } from './scoring.js';
import type { OpenRun } from './session-store.js';
import type { RelationshipId, SelfcheckStatement } from '../content/selfcheck-schema.js';

type Row = ActionRowBuilder<MessageActionRowComponentBuilder>;

const row = (...buttons: ButtonBuilder[]): Row => new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(buttons);

/** A /selfcheck button: its action, the member whose run it is, and the run's arguments. */
export function selfcheckButton(action: SelfcheckAction, owner: string, args: string[], label: string, style = ButtonStyle.Secondary): ButtonBuilder {
  return new ButtonBuilder()
    .setCustomId(encodeCustomId({ command: SELFCHECK_COMMAND, action, owner, args }))
    .setLabel(label)
    .setStyle(style);
}

function cancelButton(ctx: BotContext, run: OpenRun): ButtonBuilder {
  return selfcheckButton(SelfcheckAction.Cancel, run.session.userId, [run.session.id], ctx.content.t(run.locale, 'selfcheck.cancel'));
}

/** The first screen: what this is, then whom it is about (one button per relationship, which also begins). */
export function introView(ctx: BotContext, run: OpenRun): View {
  const { locale, session } = run;
  const content = ctx.content.for(locale).selfcheck;
  const embed = new EmbedBuilder()
    .setColor(EMBED_COLOR)
    .setTitle(content.title)
    .setDescription(content.intro)
    .addFields({ name: ctx.content.t(locale, 'selfcheck.aboutField'), value: content.relationshipHint })
    .setFooter({ text: ctx.content.t(locale, 'selfcheck.introFooter') });
  const choices = content.relationships.map((r) =>
    selfcheckButton(SelfcheckAction.Begin, session.userId, [session.id, r.id], r.label, r.id === run.about ? ButtonStyle.Primary : ButtonStyle.Secondary),
  );
  const more = row(selfcheckButton(SelfcheckAction.HowScored, session.userId, [], ctx.content.t(locale, 'selfcheck.howScoredButton')), cancelButton(ctx, run));
  return { content: '', embeds: [embed], components: [row(...choices), more] };
}

/** The statement worded for whom the run is about (a partner until the member has chosen). */
export function statementText(statement: SelfcheckStatement, about: RelationshipId | undefined): string {
  return statement.text[about ?? 'partner'];
}

/** Shown on its own, so reading it never moves the member's place in the questions. */
export function howScoredView(ctx: BotContext, locale: string): View {
  const content = ctx.content.for(locale).selfcheck;
  const embed = new EmbedBuilder()
    .setColor(EMBED_COLOR)
    .setTitle(ctx.content.t(locale, 'selfcheck.howScoredTitle'))
    .setDescription([content.howScored, content.notValidated, content.notDiagnosis].join('\n\n'));
  return { embeds: [embed] };
}

/** The question for the run's current step; the buttons carry that step so a late press can't count twice. */
function questionView(ctx: BotContext, run: OpenRun): View {
  const { locale, session } = run;
  const content = ctx.content.for(locale).selfcheck;
  const statementId = session.statementIds[session.step]!;
  const statement = content.statements.find((s) => s.id === statementId);
  if (!statement) throw new Error(`self-check statement ${statementId} is missing from ${locale}`);
  const previous = session.answers[statementId];
  const step = String(session.step);
  const embed = new EmbedBuilder()
    .setColor(EMBED_COLOR)
    .setTitle(ctx.content.t(locale, 'selfcheck.progress', { n: session.step + 1, total: session.statementIds.length }))
    .setDescription(statementText(statement, run.about))
    .setFooter({ text: ctx.content.t(locale, 'selfcheck.questionFooter') });
  const answers = content.scale.map((option) =>
    selfcheckButton(
      SelfcheckAction.Answer,
      session.userId,
      [session.id, step, String(option.value)],
      option.label,
      option.value === previous ? ButtonStyle.Primary : ButtonStyle.Secondary,
    ),
  );
  // Back on the first question returns to the choice of whom it is about.
  const back = selfcheckButton(SelfcheckAction.Back, session.userId, [session.id, step], ctx.content.t(locale, 'selfcheck.back'));
  return { content: '', embeds: [embed], components: [row(...answers), row(back, cancelButton(ctx, run))] };
}

function feelingView(ctx: BotContext, run: OpenRun): View {
  const { locale, session } = run;
  const { feeling } = ctx.content.for(locale).selfcheck;
  const embed = new EmbedBuilder().setColor(EMBED_COLOR).setTitle(feeling.question).setDescription(ctx.content.t(locale, 'selfcheck.feelingHint'));
  const options = feeling.options.map((option) => selfcheckButton(SelfcheckAction.Feeling, session.userId, [session.id, String(option.value)], option.label));
  // 0 is not an answer on the scale: it stands for Skip.
  const skip = selfcheckButton(SelfcheckAction.Feeling, session.userId, [session.id, '0'], feeling.skip);
  const back = selfcheckButton(SelfcheckAction.Back, session.userId, [session.id, String(session.step)], ctx.content.t(locale, 'selfcheck.back'));
  return { content: '', embeds: [embed], components: [row(...options), row(skip, back, cancelButton(ctx, run))] };
}

export function scoreOf(ctx: BotContext, run: OpenRun): SelfcheckScore {
  const content = ctx.content.for(run.locale).selfcheck;
  const statements = content.statements.filter((s) => run.session.statementIds.includes(s.id));
  return scoreAnswers(statements, run.session.answers, thresholdsFromBands(content.bands));
}

/** A text scale from "a few" to "many" with the member's place on it: a continuum, not a category. */
function continuum(mean: number): string {
  const cells = 17;
  const at = Math.round(((mean - 1) / 4) * (cells - 1));
  return Array.from({ length: cells }, (_, i) => (i === at ? '●' : '─')).join('');
}

export interface ResultState {
  saved: boolean;
}

export async function resultView(ctx: BotContext, run: OpenRun, guildId: string | null, state: ResultState = { saved: false }): Promise<View> {
  const { locale, session } = run;
  const { selfcheck, strategies } = ctx.content.for(locale);
  const score = scoreOf(ctx, run);
  const band = selfcheck.bands.find((b) => b.id === score.band)!;
  const mean = formatMean(score.mean, thresholdsFromBands(selfcheck.bands));
  const suggested = score.suggestedStrategies.map((id) => strategies.find((s) => s.id === id)).filter((s) => s !== undefined);

  const result = new EmbedBuilder()
    .setColor(EMBED_COLOR)
    .setTitle(band.title)
    .setDescription(band.text)
    .addFields(
      {
        name: ctx.content.t(locale, 'selfcheck.average'),
        value: ctx.content.t(locale, 'selfcheck.averageValue', {
          few: selfcheck.chart.bandNames.few,
          many: selfcheck.chart.bandNames.many,
          line: continuum(score.mean),
          mean,
        }),
      },
      { name: ctx.content.t(locale, 'selfcheck.strategiesField'), value: ctx.content.t(locale, 'selfcheck.strategiesValue') },
      { name: ctx.content.t(locale, 'selfcheck.howScoredField'), value: selfcheck.howScored },
      { name: ctx.content.t(locale, 'selfcheck.notValidatedField'), value: selfcheck.notValidated },
      { name: ctx.content.t(locale, 'selfcheck.notDiagnosisField'), value: selfcheck.notDiagnosis },
    )
    .setFooter({ text: ctx.content.t(locale, 'selfcheck.resultFooter') });

  const embeds = [result];
  if (session.feeling !== null && isGentleFeeling(session.feeling, selfcheck.feeling.options)) {
    embeds.unshift(new EmbedBuilder().setColor(EMBED_COLOR).setTitle(ctx.content.t(locale, 'selfcheck.lowTitle')).setDescription(selfcheck.feeling.lowText));
  }
  const crisisShown = session.feeling !== null && isCrisisFeeling(session.feeling, selfcheck.feeling.options);
  if (crisisShown) {
    embeds.unshift(
      ...(await crisisEmbeds(ctx, {
        locale,
        guildId,
        intro: `${ctx.content.for(locale).selfcheck.feeling.crisisText}\n\n${ctx.content.t(locale, 'selfcheck.crisisMore')}`,
      })),
    );
  }

  // The strategy command already opens a strategy as a new private message; reuse its button.
  const open = suggested.map((s) =>
    new ButtonBuilder()
      .setCustomId(encodeCustomId({ command: STRATEGY_COMMAND, action: StrategyAction.Open, owner: session.userId, args: [s.id] }))
      .setLabel(s.name)
      .setStyle(ButtonStyle.Primary),
  );
  const save = state.saved
    ? selfcheckButton(SelfcheckAction.Save, session.userId, [session.id], ctx.content.t(locale, 'selfcheck.savedButton'), ButtonStyle.Success).setDisabled(true)
    : selfcheckButton(SelfcheckAction.Save, session.userId, [session.id], ctx.content.t(locale, 'selfcheck.save'), ButtonStyle.Success);
  const done = selfcheckButton(SelfcheckAction.Done, session.userId, [session.id], ctx.content.t(locale, 'selfcheck.done'));
  return {
    content: state.saved ? ctx.content.t(locale, 'selfcheck.saved') : '',
    embeds,
    components: [...(crisisShown ? await crisisButtons(ctx, { userId: session.userId, locale }) : []), ...(open.length ? [row(...open)] : []), row(save, done)],
  };
}

/** Whatever the run is waiting for: a statement, the feeling question, or the result. */
export async function currentView(ctx: BotContext, run: OpenRun, guildId: string | null): Promise<View> {
  if (run.session.step < run.session.statementIds.length) return questionView(ctx, run);
  if (!run.feelingDone) return feelingView(ctx, run);
  return resultView(ctx, run, guildId);
}

/** A closing message with a way back in, for ended, expired or unknown runs. */
export function endedView(ctx: BotContext, locale: string, owner: string, textKey: string): View {
  return {
    content: ctx.content.t(locale, textKey),
    embeds: [],
    components: [row(selfcheckButton(SelfcheckAction.Restart, owner, [], ctx.content.t(locale, 'selfcheck.startAgain'), ButtonStyle.Primary))],
  };
}
