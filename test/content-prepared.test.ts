import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { CONTENT_DIR, ContentLibrary, loadLocale } from '../src/content/index.js';
import { loadCrisisTranslation } from '../src/content/crisis-tier.js';
import { tierOf } from '../src/content/parity.js';
import { contentHash, PREPARED_CONTENT_FILE, preparedContent, type PreparedContent } from '../src/content/prepared.js';
import { prepareContent } from '../src/content/prepare.js';
import { commandDefinitions } from '../src/interactions/definitions.js';
import { commands } from '../commands/index.js';

/**
 * The bundled bot takes content validated at build time (src/content/prepared.ts) instead of validating
 * at start. That must give exactly what validating gives, and never apply to content it was not made from.
 */
const ROOT = join(import.meta.dirname, '..');
const LOCALES = readdirSync(CONTENT_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

describe('content prepared at build time', () => {
  it('is, after its trip through JSON, exactly what the loaders return for every locale', () => {
    for (const locale of LOCALES) {
      const loaded = tierOf(CONTENT_DIR, locale) === 'crisis' ? loadCrisisTranslation(CONTENT_DIR, locale) : loadLocale(locale, CONTENT_DIR);
      expect(isDeepStrictEqual(JSON.parse(JSON.stringify(loaded)), loaded), locale).toBe(true);
    }
  });

  it('is what the build wrote for every locale, with the content hash (global setup ran the build)', () => {
    const file = join(ROOT, 'dist', 'src', PREPARED_CONTENT_FILE);
    const prepared = JSON.parse(readFileSync(file, 'utf8')) as PreparedContent;
    expect(prepared.hash).toBe(contentHash(CONTENT_DIR));
    expect(prepared.build).toMatch(/^[\w-]{16}$/);
    // The bundle carries the same id (in its name and inside), so only this build's bundle takes it.
    const bundle = join(ROOT, 'dist', 'src', `main.bundle.${prepared.build}.cjs`);
    expect(readFileSync(join(ROOT, 'dist', 'src', 'index.js'), 'utf8')).toContain(`./main.bundle.${prepared.build}.cjs`);
    expect(readFileSync(bundle, 'utf8')).toContain(JSON.stringify(prepared.build));
    for (const locale of LOCALES) {
      if (tierOf(CONTENT_DIR, locale) === 'crisis') expect(prepared.crisis[locale]).toEqual(loadCrisisTranslation(CONTENT_DIR, locale));
      else expect(prepared.full[locale]).toEqual(loadLocale(locale, CONTENT_DIR));
    }
  });

  it('reads a crisis-tier locale overlaid on first use exactly as one overlaid at start', () => {
    const prepared = prepareContent(CONTENT_DIR, 'test', () => undefined);
    const fromFiles = new ContentLibrary(CONTENT_DIR, null);
    const fromPrepared = new ContentLibrary(CONTENT_DIR, prepared);
    const crisisLocales = LOCALES.filter((locale) => tierOf(CONTENT_DIR, locale) === 'crisis');
    expect(crisisLocales.length).toBeGreaterThan(0);
    for (const locale of crisisLocales) {
      expect(fromPrepared.resolve(locale), locale).toBe(locale);
      expect(fromPrepared.t(locale, 'crisis.title'), locale).toBe(fromFiles.t(locale, 'crisis.title'));
      expect(fromPrepared.for(locale), locale).toEqual(fromFiles.for(locale));
      // Overlaid once, then the same object for every later reader.
      expect(fromPrepared.for(locale)).toBe(fromPrepared.for(locale));
    }
    expect([...fromPrepared.locales.keys()].sort()).toEqual([...LOCALES].sort());
  });

  it('is not made from content a start from the files would refuse: a crisis overlay, a command definition', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-content-prepare-'));
    const definitions = (library: ContentLibrary) => void commandDefinitions(commands, library);
    try {
      cpSync(CONTENT_DIR, dir, { recursive: true });
      expect(Object.keys(prepareContent(dir, 'test', definitions).crisis)).toContain('fr');
      // A translated contact that no longer shows its number: caught only when fr is overlaid on English.
      const crisisFile = join(dir, 'fr', 'crisis.json');
      const crisis = readFileSync(crisisFile, 'utf8');
      writeFileSync(crisisFile, crisis.replace('Appelle le 3114', 'Appelle le service'));
      expect(() => prepareContent(dir, 'test', definitions)).toThrow(/content\/fr\/crisis\.json: .*does not show the number 3114/);
      writeFileSync(crisisFile, crisis);
      // A description the definitions need, gone from commands.json (the schema alone allows that).
      const commandsFile = join(dir, 'en', 'commands.json');
      const described = JSON.parse(readFileSync(commandsFile, 'utf8')) as Record<string, string>;
      delete described.about;
      writeFileSync(commandsFile, JSON.stringify(described));
      expect(() => prepareContent(dir, 'test', definitions)).toThrow('content/en/commands.json has no description for "about"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is never used outside the bundle', () => {
    const file = join(ROOT, 'dist', 'src', PREPARED_CONTENT_FILE);
    expect(preparedContent(CONTENT_DIR, file)).toBeUndefined();
  });

  it('hashes every change to content/: an edit, a new file, a removed file, a renamed file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-content-hash-'));
    try {
      cpSync(CONTENT_DIR, dir, { recursive: true });
      const original = contentHash(dir);
      expect(contentHash(dir)).toBe(original);
      const strategies = join(dir, 'en', 'strategies.json');
      const text = readFileSync(strategies, 'utf8');
      writeFileSync(strategies, text.replace('"', '" '));
      expect(contentHash(dir)).not.toBe(original);
      writeFileSync(strategies, text);
      expect(contentHash(dir)).toBe(original);
      writeFileSync(join(dir, 'en', 'ui', 'zz.json'), '{}');
      expect(contentHash(dir)).not.toBe(original);
      rmSync(join(dir, 'en', 'ui', 'zz.json'));
      const uiFile = readdirSync(join(dir, 'es', 'ui'))[0]!;
      const moved = readFileSync(join(dir, 'es', 'ui', uiFile));
      rmSync(join(dir, 'es', 'ui', uiFile));
      expect(contentHash(dir)).not.toBe(original);
      writeFileSync(join(dir, 'es', 'ui', `0${uiFile}`), moved);
      expect(contentHash(dir)).not.toBe(original);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the bundled bot refuses content edited after the build, as it did before (it validates again)', () => {
    // The entry bundle runs with a content/ beside a copy of dist/: a broken file there must stop it with
    // the content error, not be hidden by what the build prepared from the good files.
    const dir = mkdtempSync(join(tmpdir(), 'sb-content-edit-'));
    try {
      cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
      cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
      cpSync(CONTENT_DIR, join(dir, 'content'), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
      expect(existsSync(join(dir, 'dist', 'src', PREPARED_CONTENT_FILE))).toBe(true);
      const strategies = join(dir, 'content', 'en', 'strategies.json');
      writeFileSync(strategies, readFileSync(strategies, 'utf8').replace(/"title": "[^"]*"/, '"title": ""'));
      let stderr = '';
      try {
        execFileSync(process.execPath, [join(dir, 'dist', 'src', 'index.js')], {
          cwd: dir,
          env: {
            PATH: process.env.PATH ?? '',
            DOTENV_CONFIG_PATH: '/nonexistent',
            NODE_ENV: 'production',
            DISCORD_TOKEN: 'x'.repeat(60),
            DISCORD_CLIENT_ID: '123456789012345678',
            STORE_URL: `sqlite://${join(dir, 'data', 'db.sqlite')}`,
          },
          stdio: 'pipe',
          timeout: 30_000,
        });
      } catch (error) {
        stderr = String((error as { stderr?: Buffer }).stderr ?? '') + String((error as { stdout?: Buffer }).stdout ?? '');
      }
      expect(stderr).toMatch(/content\/en does not match the schema/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
