import { z } from 'zod';
import { lazily } from '../lazily.js';
import { selfcheckSchema } from './selfcheck-schema.js';
import { LIMITS } from './limits.js';
import { promptsSchema } from './prompts-schema.js';

export { LIMITS };

/** Rejects an array in which two items share the same key (ids, crisis-line countries). */
function uniqueBy<T>(key: (item: T) => string, what: string) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const value = key(item);
      const first = seen.get(value);
      if (first === undefined) seen.set(value, index);
      else ctx.addIssue({ code: 'custom', path: [index], message: `duplicate ${what} "${value}" (also at index ${first})` });
    });
  };
}

/** The digits of a number or sentence, so "116 123", "116123" and "116-123" compare equal. */
export function digitsOf(text: string): string {
  return text.replace(/[^0-9]/g, '');
}

/** Confirmed means a quote from the source page and a check date; the schema guarantees both or neither. */
export function isConfirmed(line: HelpLine): boolean {
  return line.sourceQuote !== undefined && line.checked !== undefined;
}

/**
 * The shape of every content file under content/<locale>/.
 * Limits mirror what Discord enforces, so a file that passes here can always be sent:
 * embed title 256, description 4096, field name 256, field value 1024, footer 2048,
 * button label 80, select option label/description 100, choice name 100.
 *
 * Built on first use (src/lazily.ts): a bundled start takes content validated at build time
 * (src/content/prepared.ts) and never needs the schemas, and building them was a measurable part of start-up.
 */
export const contentSchemas = lazily(() => {
  const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'ids are lowercase kebab-case, at most 41 characters');
  const title = z.string().min(1).max(LIMITS.embedTitle);
  const description = z.string().min(1).max(LIMITS.embedDescription);
  const fieldValue = z.string().min(1).max(LIMITS.fieldValue);
  const buttonLabel = z.string().min(1).max(LIMITS.buttonLabel);
  const choiceName = z.string().min(1).max(LIMITS.choiceName);
  const selectDescription = z.string().min(1).max(LIMITS.selectDescription);
  const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD');

  const learnTopicSchema = z.object({
    id,
    /** Shown in the /learn topic choice list. */
    choice: choiceName,
    title,
    body: description,
    /** Optional bullet-style sections shown as embed fields. */
    fields: z
      .array(z.object({ name: z.string().min(1).max(LIMITS.fieldName), value: fieldValue }))
      .max(10)
      .default([]),
  });

  const strategySchema = z
    .object({
      id,
      /** Short name used in choices, select options and buttons. */
      name: buttonLabel,
      /** One line shown under the name in the select menu. */
      summary: selectDescription,
      title,
      why: fieldValue,
      how: fieldValue,
      example: fieldValue,
      /** Small practices for this week; reminders rotate through these. */
      tryThisWeek: z.array(fieldValue).min(4),
      /**
       * The practices above (repeated word for word) that need a partner to do; reminders leave them out
       * for a member who asked to skip them. Repeating the text means rewording a practice forces a look here.
       */
      partnerOnly: z.array(fieldValue).default([]),
      /** An optional private writing exercise (a modal); what is written is never stored. */
      writeItDown: z
        .object({
          button: buttonLabel,
          /** Discord limits modal titles and text-input labels to 45 characters. */
          title: z.string().min(1).max(45),
          prompts: z
            .array(z.object({ label: z.string().min(1).max(45), placeholder: z.string().min(1).max(100) }))
            .min(1)
            .max(3),
          /** Shown after they submit, next to their own words. */
          reflection: fieldValue,
          /** `thought-record`: the full record in three forms (src/hard-moment/thought-record.ts) instead of `prompts`. */
          form: z.enum(['free-text', 'thought-record']).default('free-text'),
        })
        .optional(),
    })
    .superRefine((strategy, ctx) => {
      strategy.partnerOnly.forEach((text, index) => {
        if (!strategy.tryThisWeek.includes(text)) {
          ctx.addIssue({ code: 'custom', path: ['partnerOnly', index], message: "not one of this strategy's tryThisWeek practices, word for word" });
        }
      });
      if (strategy.tryThisWeek.every((text) => strategy.partnerOnly.includes(text))) {
        ctx.addIssue({ code: 'custom', path: ['partnerOnly'], message: 'leave at least one practice that needs no partner' });
      }
    });

  const partnersSchema = z.object({
    title,
    intro: description,
    points: z
      .array(z.object({ name: z.string().min(1).max(LIMITS.fieldName), value: fieldValue }))
      .min(1)
      .max(10),
    closing: fieldValue,
  });

  const httpsUrl = z
    .string()
    .url()
    .regex(/^https:\/\//, 'links start with https:// so Discord makes them clickable');

  /**
   * One support line (a crisis line or a domestic-abuse line). A line counts as confirmed only with a
   * `sourceQuote` (the sentence on the source page that shows the number) and the date it was `checked`;
   * a line without both keeps its best source here and is shown with the fallback, never with doubt.
   */
  const helpLineSchema = z
    .object({
      name: z.string().min(1).max(LIMITS.fieldName),
      /** How to reach it, as a person would dial or type it; contains `number`. */
      contact: z.string().min(1).max(300),
      /**
       * The main number as written in `contact`; its digits must appear in `sourceQuote`. Absent only for a
       * directory of local services (a map of shelters), which is then never shown as checked.
       */
      number: z
        .string()
        .regex(/^\+?[0-9][0-9 ()\-/]*[0-9]$/, 'a phone number such as "116 123" or "0800 111 0 111"')
        .optional(),
      hours: z.string().min(1).max(200),
      /** Something the reader should know before calling, e.g. that a line is not a crisis service. */
      note: z.string().min(1).max(300).optional(),
      website: httpsUrl,
      /** The service's or a government's page the number was checked against (kept for maintainers, not shown). */
      sourceUrl: z.string().url(),
      sourceQuote: z.string().min(1).max(500).optional(),
      checked: isoDate.optional(),
    })
    .superRefine((line, ctx) => {
      if ((line.sourceQuote === undefined) !== (line.checked === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['checked'], message: 'a confirmed line needs both sourceQuote and checked; an unconfirmed line has neither' });
      }
      if (line.number === undefined) {
        if (line.sourceQuote !== undefined)
          ctx.addIssue({ code: 'custom', path: ['number'], message: 'a confirmed line needs the number its sourceQuote shows' });
        return;
      }
      if (!digitsOf(line.contact).includes(digitsOf(line.number))) {
        ctx.addIssue({ code: 'custom', path: ['contact'], message: `contact does not show the number ${line.number}` });
      }
      if (line.sourceQuote !== undefined && !digitsOf(line.sourceQuote).includes(digitsOf(line.number))) {
        ctx.addIssue({ code: 'custom', path: ['sourceQuote'], message: `sourceQuote does not contain the digits of ${line.number}` });
      }
    });

  /** Everything listed for one country: its emergency number, crisis lines and domestic-abuse lines. */
  const countryHelpSchema = z.object({
    /** ISO 3166-1 alpha-2 code, uppercase; used as the autocomplete value. */
    country: z.string().regex(/^[A-Z]{2}$/),
    countryName: choiceName,
    /** As a person would dial it, e.g. "112", or "192 (ambulance) or 190 (police)". */
    emergencyNumber: z
      .string()
      .regex(/^[0-9]/)
      .max(80),
    crisisLines: z.array(helpLineSchema).min(1).max(3),
    abuseLines: z.array(helpLineSchema).min(1).max(3),
  });

  const organisationSchema = z.object({
    name: z.string().min(1).max(LIMITS.fieldName),
    url: httpsUrl,
    description: z.string().min(1).max(400),
  });

  const resourcesSchema = z.object({
    title,
    intro: description,
    organisations: z.array(organisationSchema).min(1).max(8),
    findTherapist: fieldValue,
    /** Shown when no country was given: how to find a local line. */
    findLocalLine: fieldValue,
    /** Emergency advice shown at the top of /crisis. */
    emergency: fieldValue,
    /** Words around the lines; {placeholders} are filled by src/crisis/lines.ts. */
    labels: z.object({
      /** Shown under every line whose number could not be confirmed; never words of doubt. */
      fallback: fieldValue,
      emergencyNumber: z.string().min(1).max(200),
      crisisLines: z.string().min(1).max(LIMITS.fieldName),
      abuseLines: z.string().min(1).max(LIMITS.fieldName),
      countryTitle: title,
      shortLine: z.string().min(1).max(200),
      listedCountries: fieldValue,
      continued: z.string().min(1).max(100),
    }),
    /** Crisis and domestic-abuse lines by country. */
    countries: z
      .array(countryHelpSchema)
      .min(12)
      .max(25)
      .superRefine(uniqueBy((entry) => entry.country, 'country')),
  });

  const aboutSchema = z.object({
    title,
    body: description,
    fields: z.array(z.object({ name: z.string().min(1).max(LIMITS.fieldName), value: fieldValue })).max(10),
  });

  /** Interface text: every message the bot's code shows, keyed by a stable name; {placeholders} are filled at run time. */
  const uiSchema = z.record(z.string().regex(/^[a-z][a-zA-Z0-9.-]*$/), z.string().min(1).max(LIMITS.embedDescription));

  /** Slash-command and option descriptions by path (`learn`, `learn.topic`, `config.reset`); Discord allows 100 characters. */
  const commandTextSchema = z.record(z.string().regex(/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/), z.string().min(1).max(100));

  const localeContentSchema = z.object({
    learn: z
      .array(learnTopicSchema)
      .min(7)
      .superRefine(uniqueBy((topic) => topic.id, 'learn topic id')),
    strategies: z
      .array(strategySchema)
      .length(5)
      .superRefine(uniqueBy((strategy) => strategy.id, 'strategy id')),
    partners: partnersSchema,
    resources: resourcesSchema,
    about: aboutSchema,
    selfcheck: selfcheckSchema(),
    prompts: promptsSchema(),
    commands: commandTextSchema,
    ui: uiSchema,
  });

  return {
    learnTopic: learnTopicSchema,
    strategy: strategySchema,
    partners: partnersSchema,
    helpLine: helpLineSchema,
    countryHelp: countryHelpSchema,
    organisation: organisationSchema,
    resources: resourcesSchema,
    about: aboutSchema,
    ui: uiSchema,
    commandText: commandTextSchema,
    localeContent: localeContentSchema,
  };
});

type Schemas = ReturnType<typeof contentSchemas>;

export type LearnTopic = z.infer<Schemas['learnTopic']>;
export type Strategy = z.infer<Schemas['strategy']>;
export type Partners = z.infer<Schemas['partners']>;
export type HelpLine = z.infer<Schemas['helpLine']>;
export type CountryHelp = z.infer<Schemas['countryHelp']>;
export type Resources = z.infer<Schemas['resources']>;
export type About = z.infer<Schemas['about']>;
export type LocaleContent = z.infer<Schemas['localeContent']>;
