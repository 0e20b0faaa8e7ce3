import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { contentSchemas, type LocaleContent } from './schema.js';
import { PROJECT_ROOT } from '../project-root.js';
import { loadCrisisTranslation, overlayCrisis, type CrisisTranslation } from './crisis-tier.js';
import { tierOf } from './parity.js';
import { BUNDLED } from '../bundled.js';
import { PREPARED_CONTENT_FILE, preparedContent, type PreparedContent } from './prepared.js';

export * from './schema.js';

export const DEFAULT_LOCALE = 'en';
export const CONTENT_DIR = join(PROJECT_ROOT, 'content');

/**
 * Each top-level key of a locale's content lives in its own JSON file, content/<locale>/<key>.json,
 * except interface text, which is split by feature into content/<locale>/ui/*.json and merged.
 * A Record over the schema's keys rather than the schema itself (built on first use): a key added to
 * one and not the other does not compile.
 */
const FILE_KEYS: Record<Exclude<keyof LocaleContent, 'ui'>, true> = {
  learn: true,
  strategies: true,
  partners: true,
  resources: true,
  about: true,
  selfcheck: true,
  prompts: true,
  commands: true,
};
const FILES = Object.keys(FILE_KEYS) as (keyof typeof FILE_KEYS)[];

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
  for (const name of readdirSync(uiDir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
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
  const parsed = contentSchemas().localeContent.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new ContentError(`content/${locale} does not match the schema:\n${problems}`);
  }
  return parsed.data;
}

/** A {placeholder} in an interface text; the capture makes `split` keep the names. */
const PLACEHOLDER = /\{(\w+)\}/;
/** Discord has about thirty locales; a made-up one beyond this many is resolved each time, not kept. */
const MAX_REMEMBERED_LOCALES = 64;

const preparedFor = <T>(byLocale: Record<string, T> | undefined, locale: string): T | undefined =>
  byLocale && Object.hasOwn(byLocale, locale) ? byLocale[locale] : undefined;

/** Where the build wrote the content it validated (src/content/prepared.ts): beside the bundle, only in it. */
const PREPARED = BUNDLED ? new URL(`./${PREPARED_CONTENT_FILE}`, import.meta.url) : undefined;

/**
 * All locales found under content/, validated once: at build time for the bundled bot when content/ is
 * still what the build validated (src/content/prepared.ts), otherwise here at start-up.
 * A missing string in a translation falls back to English, so a partial translation still works.
 */
export class ContentLibrary {
  /** Locales with every text (English, Spanish); the others have only the crisis screen's. */
  readonly fullLocales: ReadonlySet<string>;

  /** Each locale's content; a crisis-tier locale from prepared content is added on its first use. */
  readonly #loaded = new Map<string, LocaleContent>();
  /** Crisis-tier locales from prepared content, overlaid on their first use (see the constructor). */
  readonly #overlays = new Map<string, () => LocaleContent>();
  /** `resolve`'s answers by the locale asked for. */
  readonly #resolved = new Map<string, string>();
  /** Interface texts split at their placeholders: [text, name, text, …, text]; bounded by the content. */
  readonly #templates = new Map<string, readonly string[]>();

  /**
   * Whether the content came validated from the build (src/content/prepared.ts), which also built every
   * command definition from it; otherwise every file was validated here.
   */
  readonly preparedAtBuild: boolean;

  /**
   * `prepared`: content the build validated. Left out, the bundled bot's own while content/ is still what it
   * was made from; `null` validates every file here. Only tests pass their own.
   */
  constructor(dir = CONTENT_DIR, prepared?: PreparedContent | null) {
    if (prepared === undefined) prepared = dir === CONTENT_DIR ? preparedContent(dir, PREPARED) : undefined;
    this.preparedAtBuild = prepared != null;
    const locales = this.#loaded;
    const crisisOnly: string[] = [];
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      if (tierOf(dir, entry.name) === 'crisis') crisisOnly.push(entry.name);
      else locales.set(entry.name, preparedFor(prepared?.full, entry.name) ?? loadLocale(entry.name, dir));
    }
    const english = locales.get(DEFAULT_LOCALE);
    if (!english) throw new ContentError(`content/${DEFAULT_LOCALE} is required`);
    this.fullLocales = new Set(locales.keys());
    // A crisis locale is its language's full locale, or English, with the crisis screen in its own words.
    for (const locale of crisisOnly) {
      const base = locales.get(locale.split('-')[0]!) ?? english;
      const overlay = (translation: CrisisTranslation) => {
        try {
          return overlayCrisis(base, translation);
        } catch (error) {
          throw new ContentError(`content/${locale}/crisis.json: ${(error as Error).message}`);
        }
      };
      const translation = preparedFor(prepared?.crisis, locale);
      // Prepared content was overlaid at build time too (src/content/prepare.ts prepares nothing that fails
      // here), so the same overlay cannot fail now: it waits for the first member who reads in that
      // language. Content read from the files is overlaid now, so a bad file still stops the start.
      if (translation) this.#overlays.set(locale, () => overlay(translation));
      else locales.set(locale, overlay(loadCrisisTranslation(dir, locale)));
    }
  }

  /** Every locale's content, crisis-tier ones overlaid (for checks over all of them; members go through `for`). */
  get locales(): ReadonlyMap<string, LocaleContent> {
    for (const name of [...this.#overlays.keys()]) this.#content(name);
    return this.#loaded;
  }

  /** Whether content/ has the locale: loaded, or a crisis-tier one waiting to be overlaid. */
  #has(locale: string): boolean {
    return this.#loaded.has(locale) || this.#overlays.has(locale);
  }

  #content(locale: string): LocaleContent {
    let content = this.#loaded.get(locale);
    if (content === undefined) {
      content = this.#overlays.get(locale)!();
      this.#loaded.set(locale, content);
      this.#overlays.delete(locale);
    }
    return content;
  }

  /** The full locale a member's Discord language reads in (crisis-tier locales read as their base). */
  resolveFull(locale: string | null | undefined): string {
    const resolved = this.resolve(locale);
    if (this.fullLocales.has(resolved)) return resolved;
    const language = resolved.split('-')[0]!;
    return this.fullLocales.has(language) ? language : DEFAULT_LOCALE;
  }

  /** Discord locales look like `en-US`, `pt-BR` or `fr`: exact match first, then the language alone. */
  resolve(locale: string | null | undefined): string {
    if (!locale) return DEFAULT_LOCALE;
    // Every command asks (through `t`), and most members' locale (`en-US`) is not a folder: remembered,
    // for the few dozen locales Discord has, instead of split again each time.
    const known = this.#resolved.get(locale);
    if (known !== undefined) return known;
    let resolved = DEFAULT_LOCALE;
    if (this.#has(locale)) resolved = locale;
    else {
      const language = locale.split('-')[0]!;
      if (this.#has(language)) resolved = language;
    }
    if (this.#resolved.size < MAX_REMEMBERED_LOCALES) this.#resolved.set(locale, resolved);
    return resolved;
  }

  for(locale: string | null | undefined): LocaleContent {
    return this.#content(this.resolve(locale));
  }

  /** Interface text by key with {placeholders} filled; falls back to English, then to the key itself. */
  t(locale: string | null | undefined, key: string, vars: Record<string, string | number> = {}): string {
    const template = this.for(locale).ui[key] ?? this.#loaded.get(DEFAULT_LOCALE)!.ui[key];
    if (template === undefined) throw new ContentError(`missing interface text "${key}"`);
    // What `template.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole))`
    // gives, from the template split once: a text without placeholders is returned as it is, and one
    // with them costs no regex pass and no callback per command.
    let parts = this.#templates.get(template);
    if (parts === undefined) {
      parts = template.split(PLACEHOLDER);
      this.#templates.set(template, parts);
    }
    if (parts.length === 1) return template;
    let text = parts[0]!;
    for (let i = 1; i < parts.length; i += 2) {
      const name = parts[i]!;
      text += (name in vars ? String(vars[name]) : `{${name}}`) + parts[i + 1]!;
    }
    return text;
  }
}

/** The five strategies as slash-command choices, in one locale's words. */
export const strategyChoices = (content: LocaleContent): { name: string; value: string }[] =>
  content.strategies.map((strategy) => ({ name: strategy.name, value: strategy.id }));
