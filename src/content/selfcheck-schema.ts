import { z } from 'zod';
import { lazily } from '../lazily.js';
import { LIMITS } from './limits.js';

/** Shape of content/<locale>/selfcheck.json, within Discord's LIMITS. */
export const STRATEGY_IDS = ['notice-triggers', 'challenge-thoughts', 'communicate-openly', 'self-soothe', 'seek-support'] as const;
export type StrategyId = (typeof STRATEGY_IDS)[number];

/** Whom a self-check is about; every statement has wording for each. */
export const RELATIONSHIP_IDS = ['partner', 'dating', 'ex', 'close'] as const;
export type RelationshipId = (typeof RELATIONSHIP_IDS)[number];

export const BAND_IDS = ['few', 'some', 'many'] as const;
export type BandId = (typeof BAND_IDS)[number];

/**
 * The schema of content/<locale>/selfcheck.json, built on its first use: a bundled start takes content
 * validated at build time and never needs it (src/lazily.ts).
 */
export const selfcheckSchema = lazily(() => {
  const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'ids are lowercase kebab-case, at most 41 characters');
  const title = z.string().min(1).max(LIMITS.embedTitle);
  const fieldValue = z.string().min(1).max(LIMITS.fieldValue);
  const buttonLabel = z.string().min(1).max(LIMITS.buttonLabel);

  const statementText = z.string().min(1).max(240);

  const selfcheckStatementSchema = z.object({
    id,
    /**
     * First person, shown as the question (embed description), written out for each relationship so
     * the grammar fits ("my partner", "the person I'm dating", "my ex" in the past tense, "this person").
     */
    text: z.object({ partner: statementText, dating: statementText, ex: statementText, close: statementText }) satisfies z.ZodType<
      Record<RelationshipId, string>
    >,
    /** True when agreeing points towards security, so the answer is flipped (6 - value) before scoring. */
    reverse: z.boolean(),
    /** The strategies that fit this pattern best, strongest first. */
    strategies: z.array(z.enum(STRATEGY_IDS)).min(1).max(2),
  });

  const scaleOptionSchema = z.object({ value: z.number().int().min(1).max(5), label: buttonLabel });

  const bandSchema = z.object({
    id: z.enum(BAND_IDS),
    /** Lowest mean (inclusive) that falls in this band; the band runs up to the next band's `from`. */
    from: z.number().min(1).max(5),
    title,
    text: fieldValue,
  });

  const feelingOptionSchema = z.object({
    value: z.number().int().min(1).max(5),
    label: buttonLabel,
    /** Picking this option shows crisis support straight away. */
    crisis: z.boolean().default(false),
    /** Picking this option adds the gentle pointer (`feeling.lowText`) to the result. */
    gentle: z.boolean().default(false),
  });

  return z
    .object({
      title,
      /** First screen: what this is, that it is private, how long it takes. */
      intro: z.string().min(1).max(LIMITS.embedDescription),
      /**
       * Bumped whenever a statement is added, removed or reworded enough to move scores; saved results
       * carry it, so the history chart can mark where the statements changed.
       */
      statementsVersion: z.number().int().min(1),
      /** The choices at the start, one button each, in the order shown. */
      relationships: z.array(z.object({ id: z.enum(RELATIONSHIP_IDS), label: buttonLabel })).length(RELATIONSHIP_IDS.length),
      /** Shown above the relationship buttons. */
      relationshipHint: z.string().min(1).max(300),
      statements: z.array(selfcheckStatementSchema).min(10).max(12),
      scale: z.array(scaleOptionSchema).length(5),
      bands: z.array(bandSchema).length(3),
      howScored: fieldValue,
      notDiagnosis: fieldValue,
      /** Says the statements were written for reflection and are not a validated measure; shown with every result. */
      notValidated: fieldValue,
      feeling: z.object({
        question: title,
        options: z.array(feelingOptionSchema).length(5),
        /** Shown when a crisis option is picked, above the /crisis lines. */
        crisisText: fieldValue,
        /** Shown with the result when a gentle option (a low feeling that is not the crisis one) is picked. */
        lowText: fieldValue,
        skip: buttonLabel,
      }),
      chart: z.object({
        title,
        yAxis: z.string().min(1).max(60),
        empty: z.string().min(1).max(200),
        /** Alt text lead-in for the text version of the chart. */
        textHeading: z.string().min(1).max(256),
        /** Short names drawn inside the shaded band regions. */
        bandNames: z.object({ few: z.string().min(1).max(30), some: z.string().min(1).max(30), many: z.string().min(1).max(30) }),
        /** Drawn beside the line where saved results switch to a newer statementsVersion. */
        statementsChanged: z.string().min(1).max(40),
        /** Under the chart title and in the text version, so a dip never reads as failing. */
        upsAndDowns: z.string().min(1).max(120),
        /** In the text version, once per change; {date} is the first result on the newer statements. */
        changedNote: z.string().min(1).max(200),
      }),
    })
    .superRefine((c, ctx) => {
      const issue = (message: string, path: (string | number)[]) => ctx.addIssue({ code: 'custom', message, path });

      const ids = new Set<string>();
      c.statements.forEach((s, i) => {
        if (ids.has(s.id)) issue(`duplicate statement id ${s.id}`, ['statements', i, 'id']);
        ids.add(s.id);
        if (new Set(s.strategies).size !== s.strategies.length) issue('duplicate strategy', ['statements', i, 'strategies']);
      });
      const reverse = c.statements.filter((s) => s.reverse).length;
      // Reverse-keyed items keep "agree with everything" from reading as "many"; a few are enough.
      if (reverse < 2 || reverse > 3) issue(`expected 2 or 3 reverse-keyed statements, found ${reverse}`, ['statements']);

      c.relationships.forEach((r, i) => {
        if (r.id !== RELATIONSHIP_IDS[i]) issue(`relationships must be ${RELATIONSHIP_IDS.join(', ')} in order`, ['relationships', i, 'id']);
      });

      c.scale.forEach((o, i) => {
        if (o.value !== i + 1) issue('scale values must run 1..5 in order', ['scale', i, 'value']);
      });
      c.feeling.options.forEach((o, i) => {
        if (o.value !== i + 1) issue('feeling values must run 1..5 from lowest to best', ['feeling', 'options', i, 'value']);
        if (o.crisis !== (i === 0)) issue('exactly the lowest feeling option is flagged crisis', ['feeling', 'options', i, 'crisis']);
        if (o.gentle !== (i === 1)) issue('exactly the second-lowest feeling option is flagged gentle', ['feeling', 'options', i, 'gentle']);
      });

      c.bands.forEach((b, i) => {
        if (b.id !== BAND_IDS[i]) issue(`bands must be ${BAND_IDS.join(', ')} in order`, ['bands', i, 'id']);
      });
      const [few, some, many] = c.bands;
      if (few && few.from !== 1) issue('the first band starts at 1', ['bands', 0, 'from']);
      if (few && some && many && !(few.from < some.from && some.from < many.from)) issue('band thresholds must rise', ['bands']);
    });
});

export type SelfcheckContent = z.infer<ReturnType<typeof selfcheckSchema>>;
export type SelfcheckStatement = SelfcheckContent['statements'][number];
export type FeelingOption = SelfcheckContent['feeling']['options'][number];
