import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Two tiers of locale. A *full* locale translates every text (content/<locale>/*.json and ui/);
 * a *crisis* locale has only content/<locale>/crisis.json, the words of the crisis screen, so a
 * member whose Discord is in that language sees help in it even before the rest is translated.
 */
export type LocaleTier = 'full' | 'crisis';

export const CRISIS_FILE = 'crisis.json';

/** Every text of a locale by a stable path: arrays of objects with an `id` or `country` are keyed by it. */
export type FlatText = Map<string, string>;

export function flatten(value: unknown, prefix = '', out: FlatText = new Map()): FlatText {
  if (typeof value === 'string') out.set(prefix, value);
  else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const key =
        item && typeof item === 'object' && !Array.isArray(item)
          ? ((item as { id?: string; country?: string }).id ?? (item as { country?: string }).country)
          : undefined;
      flatten(item, `${prefix}[${key ?? index}]`, out);
    });
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, out);
  }
  return out;
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** A full locale's files as one tree: `<file>.…` and `ui.<key>` (ui/*.json merged). */
export function readLocaleTree(dir: string, locale: string): Record<string, unknown> {
  const root = join(dir, locale);
  const tree: Record<string, unknown> = {};
  for (const name of readdirSync(root).filter((n) => n.endsWith('.json') && n !== CRISIS_FILE)) {
    tree[name.slice(0, -'.json'.length)] = readJson(join(root, name));
  }
  const ui: Record<string, unknown> = {};
  if (existsSync(join(root, 'ui'))) {
    for (const name of readdirSync(join(root, 'ui')).filter((n) => n.endsWith('.json'))) Object.assign(ui, readJson(join(root, 'ui', name)));
  }
  tree.ui = ui;
  return tree;
}

export function tierOf(dir: string, locale: string): LocaleTier {
  const names = readdirSync(join(dir, locale));
  return names.length === 1 && names[0] === CRISIS_FILE ? 'crisis' : 'full';
}

const PLACEHOLDER = /\{(\w+)\}/g;
const URL = /https?:\/\/[^\s<>)"*]+/g;
/** Runs of three or more digits (phone numbers, short codes like 988), spaces and dashes dropped. */
const NUMBER = /\d[\d\s-]*\d/g;

function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}

const placeholders = (text: string) => sorted([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!));
const urls = (text: string) => sorted((text.match(URL) ?? []).map((u) => u.replace(/[.,;:]+$/, '')));
const numbers = (text: string) => sorted((text.match(NUMBER) ?? []).map((n) => n.replace(/[\s-]/g, '')).filter((digits) => digits.length >= 3));

export interface ParityProblem {
  path: string;
  problem: 'missing' | 'extra' | 'placeholders' | 'urls' | 'numbers';
  detail?: string;
}

/**
 * What a translation lacks or changes against English: missing or extra paths, and for each text
 * the same {placeholders}, the same links and the same phone numbers (a number must never be
 * mistyped in translation).
 */
export function compareTexts(english: FlatText, translated: FlatText, only?: (path: string) => boolean): ParityProblem[] {
  const problems: ParityProblem[] = [];
  for (const [path, source] of english) {
    if (only && !only(path)) continue;
    const text = translated.get(path);
    if (text === undefined) {
      problems.push({ path, problem: 'missing' });
      continue;
    }
    for (const [problem, extract] of [
      ['placeholders', placeholders],
      ['urls', urls],
      ['numbers', numbers],
    ] as const) {
      const want = extract(source).join(' ');
      const got = extract(text).join(' ');
      if (want !== got) problems.push({ path, problem, detail: `English has [${want}], translation has [${got}]` });
    }
  }
  for (const path of translated.keys()) {
    if (!english.has(path) && (!only || only(path))) problems.push({ path, problem: 'extra' });
  }
  return problems;
}

/** A crisis locale against English's crisis texts for the countries it translates. */
function crisisProblems(englishCrisis: (countries: string[]) => object, translation: unknown): ParityProblem[] {
  const countries = Object.keys((translation as { countries?: object } | null)?.countries ?? {});
  return compareTexts(flatten(englishCrisis(countries)), flatten(translation));
}

export interface LocaleReport {
  locale: string;
  tier: LocaleTier;
  problems: ParityProblem[];
}

/**
 * Checks every locale folder against English within its tier: a full locale against all of
 * English, a crisis locale against the crisis texts (`englishCrisis(countries)`: English's words in
 * the shape of a crisis.json that translates those countries).
 */
export function checkLocales(dir: string, englishCrisis: (countries: string[]) => object, defaultLocale = 'en'): LocaleReport[] {
  const english = flatten(readLocaleTree(dir, defaultLocale));
  const reports: LocaleReport[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === defaultLocale) continue;
    const locale = entry.name;
    const tier = tierOf(dir, locale);
    const problems =
      tier === 'full' ? compareTexts(english, flatten(readLocaleTree(dir, locale))) : crisisProblems(englishCrisis, readJson(join(dir, locale, CRISIS_FILE)));
    reports.push({ locale, tier, problems });
  }
  return reports;
}
