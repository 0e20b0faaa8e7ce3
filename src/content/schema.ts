import { z } from 'zod';
import { selfcheckSchema } from './selfcheck-schema.js';
import { promptsSchema } from './prompts-schema.js';

/**
 * The shape of every content file under content/<locale>/.
 * Limits mirror what Discord enforces, so a file that passes here can always be sent:
 * embed title 256, description 4096, field name 256, field value 1024, footer 2048,
 * button label 80, select option label/description 100, choice name 100.
 */
export const LIMITS = {
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  buttonLabel: 80,
  selectLabel: 100,
  selectDescription: 100,
  choiceName: 100,
  messageContent: 2000,
  embedTotal: 6000,
} as const;

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'ids are lowercase kebab-case, at most 41 characters');
const title = z.string().min(1).max(LIMITS.embedTitle);
const description = z.string().min(1).max(LIMITS.embedDescription);
const fieldValue = z.string().min(1).max(LIMITS.fieldValue);
const buttonLabel = z.string().min(1).max(LIMITS.buttonLabel);
const choiceName = z.string().min(1).max(LIMITS.choiceName);
const selectDescription = z.string().min(1).max(LIMITS.selectDescription);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD');

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

export const learnTopicSchema = z.object({
  id,
  /** Shown in the /learn topic choice list. */
  choice: choiceName,
  title,
  body: description,
  /** Optional bullet-style sections shown as embed fields. */
  fields: z.array(z.object({ name: z.string().min(1).max(LIMITS.fieldName), value: fieldValue })).max(10).default([]),
});

export const strategySchema = z.object({
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
});

export const partnersSchema = z.object({
  title,
  intro: description,
  points: z.array(z.object({ name: z.string().min(1).max(LIMITS.fieldName), value: fieldValue })).min(1).max(10),
  closing: fieldValue,
});

export const crisisLineSchema = z.object({
  /** ISO 3166-1 alpha-2 code, uppercase; used as the autocomplete value. */
  country: z.string().regex(/^[A-Z]{2}$/),
  countryName: choiceName,
  name: z.string().min(1).max(LIMITS.fieldName),
  /** How to reach it: phone number, text number, or both, as a person would dial it. */
  contact: z.string().min(1).max(300),
  hours: z.string().min(1).max(200).optional(),
  website: z.string().url().optional(),
  /** The public page where the number was confirmed. */
  source: z.string().url(),
  /** When the number was last confirmed against the source. */
  checked: isoDate,
  /** False when the number could not be confirmed: it is then shown with a warning, never as confirmed. */
  confirmed: z.boolean(),
});

export const organisationSchema = z.object({
  name: z.string().min(1).max(LIMITS.fieldName),
  url: z.string().url(),
  description: z.string().min(1).max(400),
});

export const resourcesSchema = z.object({
  title,
  intro: description,
  organisations: z.array(organisationSchema).min(1).max(8),
  findTherapist: fieldValue,
  /** Shown when no country was given: how to find a local line. */
  findLocalLine: fieldValue,
  /** Emergency advice shown at the top of /crisis. */
  emergency: fieldValue,
  crisisLines: z.array(crisisLineSchema).min(12).superRefine(uniqueBy((line) => line.country, 'crisis-line country')),
});

export const aboutSchema = z.object({
  title,
  body: description,
  fields: z.array(z.object({ name: z.string().min(1).max(LIMITS.fieldName), value: fieldValue })).max(10),
});

/** Interface text: every message the bot's code shows, keyed by a stable name; {placeholders} are filled at run time. */
export const uiSchema = z.record(z.string().regex(/^[a-z][a-zA-Z0-9.-]*$/), z.string().min(1).max(LIMITS.embedDescription));

/** Slash-command and option descriptions by path (`learn`, `learn.topic`, `config.reset`); Discord allows 100 characters. */
export const commandTextSchema = z.record(z.string().regex(/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/), z.string().min(1).max(100));

export const localeContentSchema = z.object({
  learn: z.array(learnTopicSchema).min(7).superRefine(uniqueBy((topic) => topic.id, 'learn topic id')),
  strategies: z.array(strategySchema).length(5).superRefine(uniqueBy((strategy) => strategy.id, 'strategy id')),
  partners: partnersSchema,
  resources: resourcesSchema,
  about: aboutSchema,
  selfcheck: selfcheckSchema,
  prompts: promptsSchema,
  commands: commandTextSchema,
  ui: uiSchema,
});

export type LearnTopic = z.infer<typeof learnTopicSchema>;
export type Strategy = z.infer<typeof strategySchema>;
export type Partners = z.infer<typeof partnersSchema>;
export type CrisisLine = z.infer<typeof crisisLineSchema>;
export type Resources = z.infer<typeof resourcesSchema>;
export type About = z.infer<typeof aboutSchema>;
export type LocaleContent = z.infer<typeof localeContentSchema>;
