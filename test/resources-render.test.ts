import { describe, expect, it } from 'vitest';
import { EmbedBuilder, type APIEmbed } from 'discord.js';
import { resourcesEmbeds } from '../commands/resources.js';
import { ContentLibrary, LIMITS, isConfirmed, type HelpLine } from '../src/content/index.js';
import type { BotContext } from '../src/interactions/context.js';
import { crisisEmbeds } from '../src/crisis/view.js';
import { MESSAGE_LIMITS, embedLength, messagesFor, packBlocks } from '../src/interactions/layout.js';

/**
 * Renders every /resources and /crisis screen for every locale and every listed country (and no
 * country, and a country we do not list) and checks each against Discord's limits, that nothing was
 * cut, and that every link is written with https:// so Discord makes it clickable.
 */

const library = new ContentLibrary();
/** The longest note moderators can set (src/store/records.ts allows 300 characters). */
const LONGEST_NOTE = `Our #support channel is staffed daily. ${'Ask a moderator any time. '.repeat(20)}`.slice(0, 300);

function contextWith(note: string | undefined): BotContext {
  const store = { guilds: { get: async () => (note === undefined ? undefined : { resourcesNote: note }) } };
  return { content: library, store } as unknown as BotContext;
}

function textOf(embeds: APIEmbed[]): string {
  return embeds.flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])]).join('\n');
}

/** Every limit Discord enforces on a message made of embeds. */
function expectWithinLimits(messages: APIEmbed[][], where: string): void {
  for (const message of messages) {
    expect(message.length, `${where}: embeds in a message`).toBeLessThanOrEqual(MESSAGE_LIMITS.embeds);
    expect(
      message.reduce((total, e) => total + embedLength(e), 0),
      `${where}: characters in a message`,
    ).toBeLessThanOrEqual(LIMITS.embedTotal);
    for (const embed of message) {
      expect(embed.title?.length ?? 0, `${where}: title`).toBeLessThanOrEqual(LIMITS.embedTitle);
      expect(embed.description?.length ?? 0, `${where}: description`).toBeLessThanOrEqual(LIMITS.embedDescription);
      expect(embed.fields?.length ?? 0, `${where}: fields`).toBeLessThanOrEqual(MESSAGE_LIMITS.fields);
      for (const field of embed.fields ?? []) {
        expect(field.name.length, `${where}: field name`).toBeLessThanOrEqual(LIMITS.fieldName);
        expect(field.value.length, `${where}: field "${field.name}"`).toBeLessThanOrEqual(LIMITS.fieldValue);
        expect(field.value.trim().length, `${where}: empty field`).toBeGreaterThan(0);
      }
    }
  }
}

const TLDS = 'com|org|net|gov|info|eu|uk|ie|au|nz|fr|de|es|nl|be|ch|at|it|se|no|pl|br|mx|in|za|jp|kr|ph|sg|ca';
/** Every address in the text is a full https:// link; no bare "example.org" and no http://. */
function expectOnlyHttpsLinks(text: string, where: string): void {
  // Lines are shown with the fallback, never with words that cast doubt on them.
  expect(text, where).not.toMatch(/could not confirm|not confirmed|please check|⚠/i);
  expect(text, where).not.toMatch(/http:\/\//);
  const withoutLinks = text.replace(/https:\/\/[^\s<>)]+/g, '');
  expect(withoutLinks.match(new RegExp(`\\b[a-z0-9-]+\\.(?:${TLDS})\\b`, 'gi')) ?? [], where).toEqual([]);
}

/** A line's text reaches the reader whole: name, contact, hours, website, and its check date or the fallback. */
function expectLineShown(text: string, line: HelpLine, fallback: string, where: string, locale: string): void {
  for (const part of [line.name, line.contact, line.hours, line.website, line.note].filter(Boolean)) {
    expect(text, `${where}: ${line.name}`).toContain(part!);
  }
  const block = text.slice(text.indexOf(line.name));
  if (isConfirmed(line)) expect(block, where).toContain(library.t(locale, 'crisis.checked', { date: line.checked! }));
  else if (line.number) expect(block.split('\n').slice(0, 8).join('\n'), where).toContain(fallback);
}

const locales = [...library.locales.keys()];

describe.each(locales)('locale %s', (locale) => {
  const resources = library.for(locale).resources;
  const cases = [
    ...resources.countries.map((entry) => ({ asked: entry.country as string | null, entry })),
    { asked: null, entry: undefined },
    { asked: 'Atlantis', entry: undefined },
  ];

  it.each(cases)('/resources for $asked fits, is whole and links with https', async ({ asked, entry }) => {
    for (const note of [undefined, LONGEST_NOTE]) {
      const embeds = (await resourcesEmbeds(contextWith(note), locale, asked, 'guild')).map((e) => e.toJSON());
      const messages = messagesFor(embeds.map((e) => new EmbedBuilder(e))).map((m) => m.map((e) => e.toJSON()));
      expectWithinLimits(messages, `resources ${asked}`);
      const text = textOf(embeds);
      expectOnlyHttpsLinks(text, `resources ${asked}`);
      expect(text).toContain(resources.intro);
      expect(text).toContain(resources.findTherapist);
      for (const org of resources.organisations) {
        expect(text).toContain(org.description);
        expect(text).toContain(org.url);
      }
      if (note) expect(text).toContain(note);
      if (entry) {
        expect(text).toContain(entry.emergencyNumber);
        for (const line of [...entry.crisisLines, ...entry.abuseLines]) expectLineShown(text, line, resources.labels.fallback, `${asked}`, locale);
      } else {
        expect(text).toContain(resources.findLocalLine);
        for (const other of resources.countries) expect(text).toContain(other.countryName);
      }
    }
  });

  it.each(cases)('/crisis for $asked fits, is whole and links with https', async ({ asked, entry }) => {
    const embeds = (await crisisEmbeds(contextWith(LONGEST_NOTE), { locale, guildId: 'guild', country: asked, allLines: true })).map((e) => e.toJSON());
    const messages = messagesFor(embeds.map((e) => new EmbedBuilder(e))).map((m) => m.map((e) => e.toJSON()));
    expectWithinLimits(messages, `crisis ${asked}`);
    const text = textOf(embeds);
    expectOnlyHttpsLinks(text, `crisis ${asked}`);
    expect(text).toContain(resources.emergency);
    expect(text).toContain(resources.findLocalLine);
    expect(text).toContain(LONGEST_NOTE);
    if (entry) {
      expect(text).toContain(entry.emergencyNumber);
      for (const line of [...entry.crisisLines, ...entry.abuseLines]) expectLineShown(text, line, resources.labels.fallback, `${asked}`, locale);
    }
    for (const other of resources.countries) {
      expect(text).toContain(other.countryName);
      expect(text).toContain(other.crisisLines[0]!.contact);
    }
  });

  it.each(resources.countries)('the short crisis screen for $country fits in one embed, leaving room for the self-check result', async (entry) => {
    const intro = `${library.for(locale).selfcheck.feeling.crisisText}\n\n${library.t(locale, 'selfcheck.crisisMore')}`;
    const embeds = (await crisisEmbeds(contextWith(LONGEST_NOTE), { locale, guildId: 'guild', country: entry.country, intro })).map((e) => e.toJSON());
    expect(embeds).toHaveLength(1);
    expectWithinLimits([embeds], `short crisis ${entry.country}`);
    expect(embedLength(embeds[0]!)).toBeLessThanOrEqual(3000);
    for (const line of entry.crisisLines) expectLineShown(textOf(embeds), line, resources.labels.fallback, entry.country, locale);
  });
});

describe('layout', () => {
  it('packs blocks without cutting and splits an over-long block only between lines', () => {
    const blocks = ['a'.repeat(600), 'b'.repeat(600), `${'c'.repeat(700)}\n${'d'.repeat(700)}`];
    const chunks = packBlocks(blocks, 1024);
    expect(chunks.every((chunk) => chunk.length <= 1024)).toBe(true);
    expect(chunks.join('\n\n').replace(/\n/g, '')).toBe(blocks.join('').replace(/\n/g, ''));
    expect(() => packBlocks(['x'.repeat(1025)], 1024)).toThrow(/cannot be laid out/);
  });
});
