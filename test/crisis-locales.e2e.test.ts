import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_DIR, ContentLibrary } from '../src/content/index.js';
import { tierOf } from '../src/content/parity.js';
import { loadCrisisTranslation } from '../src/content/crisis-tier.js';
import { useHarness } from './helpers/harness.js';

const h = useHarness();

/** The listed countries whose people speak each crisis-tier language, as Discord names the language. */
const COUNTRIES_BY_LANGUAGE: Record<string, string[]> = {
  fr: ['FR', 'BE', 'CH', 'CA'],
  de: ['DE', 'AT', 'CH'],
  nl: ['NL', 'BE'],
  it: ['IT', 'CH'],
  'sv-SE': ['SE'],
  no: ['NO'],
  pl: ['PL'],
  'pt-BR': ['BR'],
  ja: ['JP'],
  ko: ['KR'],
  hi: ['IN'],
};

const crisisLocales = readdirSync(CONTENT_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && tierOf(CONTENT_DIR, entry.name) === 'crisis')
  .map((entry) => entry.name);

describe('crisis help in the language of every listed country', () => {
  it('has a crisis-tier locale for each of those languages, covering its countries', () => {
    expect(crisisLocales.sort()).toEqual(Object.keys(COUNTRIES_BY_LANGUAGE).sort());
    for (const [locale, countries] of Object.entries(COUNTRIES_BY_LANGUAGE)) {
      expect(Object.keys(loadCrisisTranslation(CONTENT_DIR, locale).countries).sort(), locale).toEqual([...countries].sort());
    }
  });

  it('a translation changes words only: every number, website and source stays the one checked in English', () => {
    const library = new ContentLibrary();
    const english = library.for('en').resources.countries;
    for (const locale of crisisLocales) {
      const translated = library.for(locale).resources.countries;
      expect(
        translated.map((c) => c.country),
        locale,
      ).toEqual(english.map((c) => c.country));
      translated.forEach((entry, i) => {
        const source = english[i]!;
        for (const kind of ['crisisLines', 'abuseLines'] as const) {
          entry[kind].forEach((line, j) => {
            const original = source[kind][j]!;
            expect({ number: line.number, website: line.website, sourceUrl: line.sourceUrl, checked: line.checked }).toEqual({
              number: original.number,
              website: original.website,
              sourceUrl: original.sourceUrl,
              checked: original.checked,
            });
          });
        }
      });
    }
  });

  it.each([
    ['fr', "De l'aide, tout de suite", 'Appelle le 3114', "Numéro d'urgence : 112"],
    ['de', 'Hilfe, jetzt sofort', 'Ruf 0800 111 0 111', 'Notruf: 112'],
    ['ja', 'いますぐの助け', '0120-279-338 に電話', '緊急番号：119（救急）'],
    ['pt-BR', 'Ajuda agora', 'Ligue 188', 'Emergência: 192 (ambulância)'],
  ])('/crisis with Discord in %s answers in that language, its own country first', async (locale, title, contact, emergency) => {
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'crisis', locale }).reply();
    const embed = reply.embeds[0]!;
    expect(embed.title).toBe(title);
    const text = [embed.description, ...(embed.fields ?? []).map((f) => f.value)].join('\n');
    expect(text).toContain(contact);
    expect(text).toContain(emergency);
    expect(text.indexOf(contact)).toBeLessThan(text.indexOf('https://findahelpline.com'));
  });

  it('everything else stays in English for a crisis-tier language (no half-translated screens)', async () => {
    const reply = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'about', locale: 'ja' }).reply();
    expect(reply.embeds[0]!.title).toBe('About Secure Base');
  });

  it("the free-text check puts the crisis screen first in the member's language", async () => {
    const strategy = await h.fake.slash({ user: h.member, guildId: h.guild.id, name: 'strategy', options: { name: 'notice-triggers' }, locale: 'de' }).reply();
    const button = strategy.components.flatMap((row) => row.components ?? []).find((c) => String(c.custom_id ?? '').includes(':write:'));
    expect(button).toBeDefined();
    const modal = h.fake.button({ user: h.member, message: strategy, customId: String(button!.custom_id), locale: 'de' });
    const form = await modal.modal();
    const inputs = JSON.stringify(form)
      .match(/"custom_id":"([^"]+)"/g)!
      .map((m) => m.slice(13, -1))
      .filter((id) => !id.startsWith('sb1:'));
    const fields = Object.fromEntries(inputs.map((id) => [id, 'I want to die']));
    const answer = await h.fake.modalSubmit({ from: modal, fields, locale: 'de' }).reply();
    expect(answer.embeds[0]!.title).toBe('Hilfe, jetzt sofort');
  });
});
