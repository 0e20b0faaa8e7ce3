import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { localeContentSchema, type LocaleContent } from './schema.js';
import { PROJECT_ROOT } from '../project-root.js';

export * from './schema.js';

export const DEFAULT_LOCALE = 'en';
export const CONTENT_DIR = join(PROJECT_ROOT, 'content');

/**
 * Each top-level key of a locale's content lives in its own JSON file, content/<locale>/<key>.json,
 * except interface text, which is split by feature into content/<locale>/ui/*.json and merged.
 */
const FILES = (Object.keys(localeContentSchema.shape) as (keyof LocaleContent)[]).filter((key) => key !== 'ui');

export class ContentError extends Error {}

function readJson(file: string, label: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ContentError(`${label} is not valid JSON: ${(error as Error).message}`);
  }
}

function loadInterfaceText(dir: string, locale: string): Record<string, unknown> {
  const uiDir = join(dir, locale, 'ui');
  if (!existsSync(uiDir)) throw new ContentError(`content/${locale}/ui/ is missing`);
  const merged: Record<string, unknown> = {};
  for (const name of readdirSync(uiDir).filter((n) => n.endsWith('.json')).sort()) {
    const part = readJson(join(uiDir, name), `content/${locale}/ui/${name}`) as Record<string, unknown>;
    for (const [key, value] of Object.entries(part)) {
      if (key in merged) throw new ContentError(`content/${locale}/ui: "${key}" is defined twice`);
      merged[key] = value;
    }
  }
  return merged;
}

export function loadLocale(locale: string, dir = CONTENT_DIR): LocaleContent {
  const raw: Record<string, unknown> = { ui: loadInterfaceText(dir, locale) };
  for (const key of FILES) {
    const file = join(dir, locale, `${key}.json`);
    if (!existsSync(file)) throw new ContentError(`content/${locale}/${key}.json is missing`);
    raw[key] = readJson(file, `content/${locale}/${key}.json`);
  }
  const parsed = localeContentSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new ContentError(`content/${locale} does not match the schema:\n${problems}`);
  }
  return parsed.data;
}

/**
 * All locales found under content/, validated once at start-up.
 * A missing string in a translation falls back to English, so a partial translation still works.
 */
export class ContentLibrary {
  readonly locales: ReadonlyMap<string, LocaleContent>;

  constructor(dir = CONTENT_DIR) {
    const locales = new Map<string, LocaleContent>();
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) locales.set(entry.name, loadLocale(entry.name, dir));
    }
    if (!locales.has(DEFAULT_LOCALE)) throw new ContentError(`content/${DEFAULT_LOCALE} is required`);
    this.locales = locales;
  }

  /** Discord locales look like `en-US`, `pt-BR` or `fr`: exact match first, then the language alone. */
  resolve(locale: string | null | undefined): string {
    if (locale) {
      if (this.locales.has(locale)) return locale;
      const language = locale.split('-')[0]!;
      if (this.locales.has(language)) return language;
    }
    return DEFAULT_LOCALE;
  }

  for(locale: string | null | undefined): LocaleContent {
    return this.locales.get(this.resolve(locale))!;
  }

  /** Interface text by key with {placeholders} filled; falls back to English, then to the key itself. */
  t(locale: string | null | undefined, key: string, vars: Record<string, string | number> = {}): string {
    const template = this.for(locale).ui[key] ?? this.locales.get(DEFAULT_LOCALE)!.ui[key];
    if (template === undefined) throw new ContentError(`missing interface text "${key}"`);
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
  }
}

/** The five strategies as slash-command choices, in one locale's words. */
export const strategyChoices = (content: LocaleContent): { name: string; value: string }[] =>
  content.strategies.map((strategy) => ({ name: strategy.name, value: strategy.id }));
