import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CRISIS_FILE, readLocaleTree } from './parity.js';
import { lazily } from '../lazily.js';
import { contentSchemas, digitsOf, LIMITS, type HelpLine, type LocaleContent } from './schema.js';

/**
 * The interface texts of the crisis screen: the `crisis.*` keys and the heading of a server's note.
 * A crisis-tier locale translates exactly these (plus the resources' crisis words below).
 */
export const isCrisisKey = (key: string): boolean => key.startsWith('crisis.') || key === 'resources.serverNote';

/** content/<locale>/crisis.json: the crisis screen in one more language. Built on first use (src/lazily.ts). */
export const crisisTranslationSchema = lazily(() => {
  const lineText = z.object({
    name: z.string().min(1).max(LIMITS.fieldName),
    contact: z.string().min(1).max(300),
    hours: z.string().min(1).max(200),
    note: z.string().min(1).max(300).optional(),
  });

  return z.object({
    ui: z.record(
      z.string().refine(isCrisisKey, 'only crisis-screen keys (crisis.*, resources.serverNote) belong in crisis.json'),
      z.string().min(1).max(LIMITS.embedDescription),
    ),
    emergency: z.string().min(1).max(LIMITS.fieldValue),
    findLocalLine: z.string().min(1).max(LIMITS.fieldValue),
    labels: contentSchemas().resources.shape.labels,
    /** The countries whose people speak this language: their name and lines in it, in English's order. */
    countries: z.record(
      z.string().regex(/^[A-Z]{2}$/),
      z.object({
        countryName: z.string().min(1).max(LIMITS.choiceName),
        /** As English has it, in words: "112 (ou le 15 pour une urgence médicale)". */
        emergencyNumber: z
          .string()
          .regex(/^[0-9]/)
          .max(80),
        crisisLines: z.array(lineText),
        abuseLines: z.array(lineText),
      }),
    ),
  });
});

export type CrisisTranslation = z.infer<ReturnType<typeof crisisTranslationSchema>>;

export function loadCrisisTranslation(dir: string, locale: string): CrisisTranslation {
  const raw: unknown = JSON.parse(readFileSync(join(dir, locale, CRISIS_FILE), 'utf8'));
  const parsed = crisisTranslationSchema().safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new Error(`content/${locale}/${CRISIS_FILE} does not match the schema:\n${problems}`);
  }
  return parsed.data;
}

/**
 * A crisis-tier locale reads as its base (English, or a full locale of the same language) with the
 * crisis screen's words in its own language. Numbers, websites and sources always stay the base's:
 * a translation only ever changes words, and each contact is re-checked to still show its number.
 *
 * Only that check is repeated here, not the whole resources schema: the base passed it already, and
 * `crisisTranslationSchema` holds every translated word to the same limits as the field it replaces.
 * Parsing the merged resources again gave each crisis locale its own deep copy of every country
 * (eleven locales: most of the content's start-up garbage and a share of what it keeps); countries
 * a locale does not translate are now the base's own objects, shared. Content is never changed.
 */
export function overlayCrisis(base: LocaleContent, translation: CrisisTranslation): LocaleContent {
  const problems: string[] = [];
  const countries = base.resources.countries.map((entry, index) => {
    const own = translation.countries[entry.country];
    if (!own) return entry;
    const lines = (kind: 'crisisLines' | 'abuseLines'): HelpLine[] =>
      entry[kind].map((line, i) => {
        const words = own[kind][i];
        if (!words) return line;
        const merged = { ...line, ...words };
        if (merged.number !== undefined && !digitsOf(merged.contact).includes(digitsOf(merged.number))) {
          problems.push(`resources.countries.${index}.${kind}.${i}.contact: contact does not show the number ${merged.number}`);
        }
        return merged;
      });
    return {
      ...entry,
      countryName: own.countryName,
      emergencyNumber: own.emergencyNumber,
      crisisLines: lines('crisisLines'),
      abuseLines: lines('abuseLines'),
    };
  });
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const resources: LocaleContent['resources'] = {
    ...base.resources,
    emergency: translation.emergency,
    findLocalLine: translation.findLocalLine,
    labels: translation.labels,
    countries,
  };
  return { ...base, resources, ui: { ...base.ui, ...translation.ui } };
}

/**
 * What a crisis-tier locale translates, read from a full locale (English): the crisis keys, the
 * resources' crisis words and, for the given countries, each one's name and lines. Used by the
 * parity check to hold every crisis locale to English.
 */
export function crisisTextsOf(dir: string, locale: string, countries: readonly string[] = []): object {
  const tree = readLocaleTree(dir, locale) as { ui: Record<string, string>; resources: LocaleContent['resources'] };
  const { resources } = tree;
  const words = (line: { name: string; contact: string; hours: string; note?: string | undefined }) => ({
    name: line.name,
    contact: line.contact,
    hours: line.hours,
    ...(line.note ? { note: line.note } : {}),
  });
  return {
    ui: Object.fromEntries(Object.entries(tree.ui).filter(([key]) => isCrisisKey(key))),
    emergency: resources.emergency,
    findLocalLine: resources.findLocalLine,
    labels: resources.labels,
    countries: Object.fromEntries(
      resources.countries
        .filter((entry) => countries.includes(entry.country))
        .map((entry) => [
          entry.country,
          {
            countryName: entry.countryName,
            emergencyNumber: entry.emergencyNumber,
            crisisLines: entry.crisisLines.map(words),
            abuseLines: entry.abuseLines.map(words),
          },
        ]),
    ),
  };
}
