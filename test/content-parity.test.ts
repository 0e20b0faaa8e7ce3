import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_DIR } from '../src/content/index.js';
import { crisisTextsOf } from '../src/content/crisis-tier.js';
import { checkLocales, compareTexts, flatten } from '../src/content/parity.js';
import { tempDir } from './helpers/temp-dir.js';

describe('every translation, within its tier', () => {
  it('has every text English has, with the same placeholders, links and phone numbers', () => {
    const reports = checkLocales(CONTENT_DIR, (countries) => crisisTextsOf(CONTENT_DIR, 'en', countries));
    for (const report of reports) expect(report.problems, `${report.locale} (${report.tier})`).toEqual([]);
  });
});

describe('the parity check itself', () => {
  it('keys arrays of records by id or country, so reordering is not a difference', () => {
    const a = flatten({
      lines: [
        { country: 'GB', name: 'x' },
        { country: 'US', name: 'y' },
      ],
    });
    const b = flatten({
      lines: [
        { country: 'US', name: 'y' },
        { country: 'GB', name: 'x' },
      ],
    });
    expect(compareTexts(a, b)).toEqual([]);
  });

  it('reports a missing text, a changed placeholder, a changed number and a changed link', () => {
    const english = flatten({ a: 'Hello {name}', b: 'Call 116 123 or see https://example.org/help', c: 'Only here' });
    const translated = flatten({ a: 'Hola {nombre}', b: 'Llama al 116 132 o mira https://example.org/ayuda' });
    const found = compareTexts(english, translated).map((p) => `${p.problem} ${p.path}`);
    expect(found).toEqual(['placeholders a', 'urls b', 'numbers b', 'missing c']);
  });

  it('finds what a half-made full locale lacks, and a crisis locale only needs the crisis screen', () => {
    const dir = tempDir();
    try {
      cpSync(join(CONTENT_DIR, 'en'), join(dir.path, 'en'), { recursive: true });
      cpSync(join(CONTENT_DIR, 'en'), join(dir.path, 'xx'), { recursive: true });
      const about = JSON.parse(readFileSync(join(dir.path, 'xx', 'about.json'), 'utf8'));
      delete about.title;
      writeFileSync(join(dir.path, 'xx', 'about.json'), JSON.stringify(about));
      const crisis = crisisTextsOf(dir.path, 'en', ['JP']);
      mkdirSync(join(dir.path, 'yy'));
      writeFileSync(join(dir.path, 'yy', 'crisis.json'), JSON.stringify({ ...crisis, emergency: undefined }));
      const reports = checkLocales(dir.path, (countries) => crisisTextsOf(dir.path, 'en', countries));
      expect(reports.find((r) => r.locale === 'xx')).toMatchObject({ tier: 'full', problems: [{ path: 'about.title', problem: 'missing' }] });
      expect(reports.find((r) => r.locale === 'yy')).toMatchObject({ tier: 'crisis', problems: [{ path: 'emergency', problem: 'missing' }] });
    } finally {
      dir.remove();
    }
  });
});
