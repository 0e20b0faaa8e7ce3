import { describe, it, expect, afterAll } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONTENT_DIR,
  ContentError,
  ContentLibrary,
  DEFAULT_LOCALE,
  LIMITS,
  loadLocale,
  digitsOf,
  isConfirmed,
  type LocaleContent,
} from '../src/content/index.js';
import { tierOf } from '../src/content/parity.js';

/**
 * Content checks for every locale under content/.
 * Each embed is measured the way Discord counts it: title + description + every field name and value + footer.
 * Field names and footers mostly come from ui.json (owned by the interaction code), so they are measured from ui.json
 * when present and otherwise charged at a generous allowance, so that these totals are upper bounds.
 */

const ALL_LOCALES = readdirSync(CONTENT_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
/** Full locales carry every file; crisis-tier ones (only crisis.json) are checked in content-parity and crisis-locales. */
const LOCALES = ALL_LOCALES.filter((locale) => tierOf(CONTENT_DIR, locale) === 'full');

/** Allowance for one field name that the code supplies (e.g. "Why it helps", "Try this week"). */
const FIELD_NAME_ALLOWANCE = 64;
/** Allowance for a footer when ui.json has no footer text yet. */
const FOOTER_ALLOWANCE = 200;

const cache = new Map<string, LocaleContent>();
function content(locale: string): LocaleContent {
  let loaded = cache.get(locale);
  if (!loaded) {
    loaded = loadLocale(locale);
    cache.set(locale, loaded);
  }
  return loaded;
}

function footerLength(locale: LocaleContent): number {
  const footers = Object.entries(locale.ui)
    .filter(([key]) => key.toLowerCase().includes('footer'))
    .map(([, value]) => value.length);
  return Math.max(FOOTER_ALLOWANCE, ...footers);
}

function sum(...parts: (string | number | undefined)[]): number {
  return parts.reduce<number>((total, part) => total + (typeof part === 'number' ? part : (part ?? '').length), 0);
}

function duplicates(values: string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) !== index);
}

/** Every string in a JSON value, with its path, for text checks. */
function strings(value: unknown, path = ''): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => strings(item, `${path}[${index}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => strings(item, path ? `${path}.${key}` : key));
  }
  return [];
}

/** The bot gives information, never a diagnosis or a label. */
const DIAGNOSING = [
  /\byou have (?:an )?anxious attachment\b/i,
  /\byou (?:are|['’]re) (?:an )?anxiously attached\b/i,
  /\byou (?:are|['’]re) (?:an )?anxious(?:ly)?[- ]attach/i,
  /\byou (?:are|['’]re) (?:an )?anxious type\b/i,
  /\byour attachment style is\b/i,
  /\byou have an? (?:\w+ )?attachment (?:style|disorder)\b/i,
  /\byou (?:are|['’]re) insecurely attached\b/i,
];

describe('content locales', () => {
  it('has an English locale and the library loads every locale', () => {
    expect(LOCALES).toContain(DEFAULT_LOCALE);
    const library = new ContentLibrary();
    expect([...library.locales.keys()].sort()).toEqual(ALL_LOCALES);
  });

  // Crisis-tier locales (only crisis.json) are checked by content-parity and resources-render.
  describe.each([...new ContentLibrary().fullLocales].sort())('locale %s', (locale) => {
    it('matches the schema', () => {
      expect(() => content(locale)).not.toThrow();
    });

    it('has unique learn topic ids, strategy ids and crisis-line countries', () => {
      const c = content(locale);
      expect(duplicates(c.learn.map((topic) => topic.id))).toEqual([]);
      expect(duplicates(c.strategies.map((strategy) => strategy.id))).toEqual([]);
      expect(duplicates(c.resources.countries.map((entry) => entry.country))).toEqual([]);
    });

    it('keeps every learn topic embed under the Discord total', () => {
      const c = content(locale);
      for (const topic of c.learn) {
        const total = sum(topic.title, topic.body, footerLength(c)) + topic.fields.reduce((acc, field) => acc + sum(field.name, field.value), 0);
        expect(total, `learn ${topic.id}`).toBeLessThan(LIMITS.embedTotal);
        expect(topic.fields.length, `learn ${topic.id} fields`).toBeLessThanOrEqual(25);
      }
    });

    it('keeps every strategy embed under the Discord total', () => {
      const c = content(locale);
      for (const strategy of c.strategies) {
        const longestPractice = Math.max(...strategy.tryThisWeek.map((practice) => practice.length));
        const total =
          sum(strategy.title, strategy.summary, strategy.why, strategy.how, strategy.example, longestPractice) + 4 * FIELD_NAME_ALLOWANCE + footerLength(c);
        expect(total, `strategy ${strategy.id}`).toBeLessThan(LIMITS.embedTotal);
      }
    });

    it('keeps the partners embed under the Discord total', () => {
      const c = content(locale);
      const p = c.partners;
      const total =
        sum(p.title, p.intro, p.closing, FIELD_NAME_ALLOWANCE, footerLength(c)) + p.points.reduce((acc, point) => acc + sum(point.name, point.value), 0);
      expect(total).toBeLessThan(LIMITS.embedTotal);
    });

    it('keeps the about embed under the Discord total (with room for the version the code adds)', () => {
      const c = content(locale);
      const a = c.about;
      const total = sum(a.title, a.body, footerLength(c), 64) + a.fields.reduce((acc, field) => acc + sum(field.name, field.value), 0);
      expect(total).toBeLessThan(LIMITS.embedTotal);
    });

    it('never diagnoses or labels the reader', () => {
      const c = content(locale);
      const offending = strings(c).filter(({ text }) => DIAGNOSING.some((pattern) => pattern.test(text)));
      expect(offending).toEqual([]);
    });

    it('gives every crisis and abuse line a website, a source and either a quoted check or the fallback', () => {
      const { countries, labels } = content(locale).resources;
      expect(labels.fallback).toMatch(/https:\/\/findahelpline\.com/);
      for (const entry of countries) {
        expect(entry.emergencyNumber, entry.country).toMatch(/^\d/);
        for (const line of [...entry.crisisLines, ...entry.abuseLines]) {
          const where = `${entry.country} ${line.name}`;
          expect(line.website, where).toMatch(/^https:\/\//);
          expect(line.sourceUrl, where).toMatch(/^https?:\/\//);
          if (isConfirmed(line)) {
            expect(line.checked, where).toMatch(/^\d{4}-\d{2}-\d{2}$/);
            // The quote is the sentence on the source page that shows the number.
            expect(digitsOf(line.sourceQuote!), where).toContain(digitsOf(line.number!));
          } else {
            expect(line.sourceQuote, where).toBeUndefined();
            expect(line.checked, where).toBeUndefined();
          }
          if (line.number) expect(digitsOf(line.contact), where).toContain(digitsOf(line.number));
        }
      }
    });
  });
});

describe('English content', () => {
  const en = () => content(DEFAULT_LOCALE);

  it('has the learn topics in the expected order', () => {
    expect(en().learn.map((topic) => topic.id)).toEqual([
      'what-it-is',
      'how-it-shows-up',
      'why-it-happens',
      'how-it-affects-relationships',
      'alarm-or-red-flag',
      'who-it-affects',
      'dating-and-breakups',
      'its-upside',
      'next-steps',
    ]);
  });

  it('has the five strategies in the expected order, each with six standalone practices', () => {
    const strategies = en().strategies;
    expect(strategies.map((strategy) => strategy.id)).toEqual(['notice-triggers', 'challenge-thoughts', 'communicate-openly', 'self-soothe', 'seek-support']);
    for (const strategy of strategies) {
      expect(strategy.tryThisWeek, strategy.id).toHaveLength(6);
      expect(duplicates(strategy.tryThisWeek), strategy.id).toEqual([]);
      for (const practice of strategy.tryThisWeek) {
        // Each becomes a reminder DM on its own, so it must read as a full sentence.
        expect(practice, strategy.id).toMatch(/^[A-Z"“]/);
        expect(practice, strategy.id).toMatch(/[.!?"”]$/);
      }
    }
  });

  it('keeps learn bodies substantial but readable', () => {
    for (const topic of en().learn) {
      expect(topic.body.length, topic.id).toBeGreaterThanOrEqual(600);
      expect(topic.body.length, topic.id).toBeLessThanOrEqual(1500);
    }
  });

  it('lists crisis lines for at least 14 countries, with the UK and Ireland as separate entries', () => {
    const countries = en().resources.countries.map((entry) => entry.country);
    expect(new Set(countries).size).toBeGreaterThanOrEqual(14);
    expect(countries).toContain('GB');
    expect(countries).toContain('IE');
    expect(countries).toContain('US');
  });

  it('mentions emergency numbers and how to find a local line', () => {
    const r = en().resources;
    expect(r.emergency).toMatch(/911/);
    expect(r.emergency).toMatch(/112/);
    expect(r.findLocalLine).toMatch(/findahelpline\.com/);
  });

  it('does not hard-code a version number in about', () => {
    expect(JSON.stringify(en().about)).not.toMatch(/\bv?\d+\.\d+\.\d+\b/);
  });
});

describe('broken content is rejected by the loader', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  /**
   * A full copy of the English locale in a temp dir. Interface text is copied as it is (ui.json or ui/*.json);
   * if there is none yet, a minimal empty one is written in both layouts.
   */
  function tempCopy(): string {
    const dir = mkdtempSync(join(tmpdir(), 'secure-base-content-'));
    made.push(dir);
    const locale = join(dir, DEFAULT_LOCALE);
    cpSync(join(CONTENT_DIR, DEFAULT_LOCALE), locale, { recursive: true });
    if (!existsSync(join(locale, 'ui.json')) && !existsSync(join(locale, 'ui'))) {
      writeFileSync(join(locale, 'ui.json'), '{}\n');
      mkdirSync(join(locale, 'ui'));
      writeFileSync(join(locale, 'ui', 'core.json'), '{}\n');
    }
    return dir;
  }

  /** Content JSON as the tests poke at it: any shape, indexed freely. */
  // biome-ignore lint/suspicious/noExplicitAny: the edits reach into arbitrary JSON on purpose to break it.
  type Loose = any;

  function edit(dir: string, file: string, change: (data: Loose) => void): void {
    const path = join(dir, DEFAULT_LOCALE, `${file}.json`);
    const data = JSON.parse(readFileSync(path, 'utf8'));
    change(data);
    writeFileSync(path, JSON.stringify(data, null, 2));
  }

  it('accepts an unmodified copy (so the failures below come from the edits)', () => {
    const dir = tempCopy();
    expect(() => loadLocale(DEFAULT_LOCALE, dir)).not.toThrow();
  });

  it('rejects an over-long title', () => {
    const dir = tempCopy();
    edit(dir, 'learn', (learn) => {
      learn[0].title = 'x'.repeat(LIMITS.embedTitle + 1);
    });
    expect(() => loadLocale(DEFAULT_LOCALE, dir)).toThrow(ContentError);
    expect(() => loadLocale(DEFAULT_LOCALE, dir)).toThrow(/learn\.0\.title/);
    expect(() => new ContentLibrary(dir)).toThrow(ContentError);
  });

  describe('a crisis-tier locale (German over English)', () => {
    function withGerman(change?: (crisis: Loose) => void): string {
      const dir = tempCopy();
      cpSync(join(CONTENT_DIR, 'de'), join(dir, 'de'), { recursive: true });
      if (change) {
        const path = join(dir, 'de', 'crisis.json');
        const data = JSON.parse(readFileSync(path, 'utf8'));
        change(data);
        writeFileSync(path, JSON.stringify(data));
      }
      return dir;
    }

    it('reads as English with the crisis words in German, numbers and sources kept', () => {
      const library = new ContentLibrary(withGerman());
      const en = library.for(DEFAULT_LOCALE).resources;
      const de = library.for('de').resources;
      const translated = JSON.parse(readFileSync(join(CONTENT_DIR, 'de', 'crisis.json'), 'utf8'));
      expect(de.emergency).toBe(translated.emergency);
      const germany = de.countries.find((c) => c.country === 'DE')!;
      const english = en.countries.find((c) => c.country === 'DE')!;
      expect(germany.countryName).toBe(translated.countries.DE.countryName);
      expect(germany.crisisLines[0]!.contact).toBe(translated.countries.DE.crisisLines[0].contact);
      expect(germany.crisisLines[0]!.number).toBe(english.crisisLines[0]!.number);
      expect(germany.crisisLines[0]!.website).toBe(english.crisisLines[0]!.website);
      // A country German does not translate reads exactly as English.
      const untranslated = en.countries.find((c) => !(c.country in translated.countries))!;
      expect(de.countries.find((c) => c.country === untranslated.country)).toEqual(untranslated);
      expect(library.t('de', 'crisis.title')).toBe(translated.ui['crisis.title'] ?? library.t(DEFAULT_LOCALE, 'crisis.title'));
    });

    it('is refused when a translated contact no longer shows the number', () => {
      const dir = withGerman((crisis) => {
        crisis.countries.DE.crisisLines[0].contact = 'Ruf uns an';
      });
      expect(() => new ContentLibrary(dir)).toThrow(ContentError);
      expect(() => new ContentLibrary(dir)).toThrow(/de\/crisis\.json: .*crisisLines\.0\.contact: contact does not show the number 0800 111 0 111/);
    });

    it('is refused when a translated word breaks a limit', () => {
      const dir = withGerman((crisis) => {
        crisis.countries.DE.crisisLines[0].hours = 'x'.repeat(201);
      });
      expect(() => new ContentLibrary(dir)).toThrow(/de\/crisis\.json/);
    });
  });

  it('rejects invalid JSON', () => {
    const dir = tempCopy();
    writeFileSync(join(dir, DEFAULT_LOCALE, 'partners.json'), '{ "title": ');
    expect(() => loadLocale(DEFAULT_LOCALE, dir)).toThrow(/partners\.json is not valid JSON/);
  });

  it.each([
    [
      'a duplicate learn topic id',
      'learn',
      (learn: Loose) => {
        learn[1].id = learn[0].id;
      },
    ],
    [
      'a duplicate strategy id',
      'strategies',
      (strategies: Loose) => {
        strategies[1].id = strategies[0].id;
      },
    ],
    [
      'a duplicate crisis-line country',
      'resources',
      (resources: Loose) => {
        resources.countries[1].country = resources.countries[0].country;
      },
    ],
  ] as const)('rejects %s', (_label, file, change) => {
    const dir = tempCopy();
    edit(dir, file, change);
    expect(() => loadLocale(DEFAULT_LOCALE, dir)).toThrow(ContentError);
    expect(() => loadLocale(DEFAULT_LOCALE, dir)).toThrow(/duplicate/i);
  });

  it.each([
    [
      'a quote that does not show the number',
      (r: Loose): void => {
        r.countries[0].crisisLines[0].sourceQuote = 'Call us any time.';
      },
      /digits/,
    ],
    ['a quote without a check date', (r: Loose): void => void delete r.countries[0].crisisLines[0].checked, /both sourceQuote and checked/],
    [
      'a check date without a quote',
      (r: Loose): void => {
        r.countries[1].crisisLines[0].checked = '2026-12-03';
      },
      /both sourceQuote and checked/,
    ],
    [
      'a website without https',
      (r: Loose): void => {
        r.countries[0].abuseLines[0].website = 'http://example.org';
      },
      /https/,
    ],
    ['a line without a website', (r: Loose): void => void delete r.countries[0].crisisLines[0].website, /website/],
    ['a line without a source', (r: Loose): void => void delete r.countries[0].crisisLines[0].sourceUrl, /sourceUrl/],
    [
      'a contact that does not show the number',
      (r: Loose): void => {
        r.countries[0].crisisLines[0].contact = 'Call us';
      },
      /contact/,
    ],
    ['a country without an emergency number', (r: Loose): void => void delete r.countries[0].emergencyNumber, /emergencyNumber/],
    [
      'a country without an abuse line',
      (r: Loose): void => {
        r.countries[0].abuseLines = [];
      },
      /abuseLines/,
    ],
  ] as const)('rejects %s', (_label, change, message) => {
    const dir = tempCopy();
    edit(dir, 'resources', change);
    expect(() => loadLocale(DEFAULT_LOCALE, dir)).toThrow(ContentError);
    expect(() => loadLocale(DEFAULT_LOCALE, dir)).toThrow(message);
  });
});

describe('ContentLibrary.t', () => {
  const library = new ContentLibrary();
  /** The one-regex fill `t` used to run on every call; the split-once fill must give the same text. */
  const byRegex = (template: string, vars: Record<string, string | number>) =>
    template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));

  it('fills every interface text of every locale as the regex fill did, with all, some or none of its placeholders', () => {
    let checked = 0;
    for (const [locale, content] of library.locales) {
      for (const [key, template] of Object.entries(content.ui)) {
        const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
        const all = Object.fromEntries(names.map((name, i) => [name, i % 2 ? i : `$&<${name}>$1`]));
        const some = Object.fromEntries(names.slice(0, 1).map((name) => [name, 'x']));
        for (const vars of [all, some, {}]) {
          expect(library.t(locale, key, vars)).toBe(byRegex(template, vars));
          expect(library.t(locale, key, vars)).toBe(byRegex(template, vars));
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('fills edge cases as the regex fill did', () => {
    const probe = library as unknown as { for(locale: string): { ui: Record<string, string> } };
    const ui = probe.for('en').ui;
    const cases = ['', 'plain', '{a}', '{{a}}', '{a}{b}', 'x{a}y{a}z', '{ a }', '{a-b}', '{toString}', '{é}', '}{a}{'];
    for (const [i, template] of cases.entries()) {
      const key = `test.edge.${i}`;
      ui[key] = template;
      const varSets: Record<string, string | number>[] = [{ a: 1, b: 'two' }, {}, { a: '$1' }];
      for (const vars of varSets) expect(library.t('en', key, vars)).toBe(byRegex(template, vars));
      delete ui[key];
    }
  });

  it('resolves locales as before, remembered or not', () => {
    for (const locale of ['en-US', 'en-GB', 'es-ES', 'es-419', 'pt-BR', 'pt-PT', 'sv-SE', 'ja', 'zz', '', 'EN', 'en-US']) {
      const expected = library.locales.has(locale) ? locale : library.locales.has(locale.split('-')[0]!) ? locale.split('-')[0] : DEFAULT_LOCALE;
      expect(library.resolve(locale)).toBe(locale ? expected : DEFAULT_LOCALE);
    }
    expect(library.resolve(undefined)).toBe(DEFAULT_LOCALE);
    expect(library.resolve(null)).toBe(DEFAULT_LOCALE);
  });
});
