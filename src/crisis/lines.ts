import type { ContentLibrary } from '../content/index.js';
import { isConfirmed, type CountryHelp, type HelpLine } from '../content/schema.js';

/** Discord locales that point at one country; a guess, only ever used to order the list. */
const COUNTRY_BY_LOCALE: Record<string, string> = {
  'en-US': 'US',
  'en-GB': 'GB',
  'es-ES': 'ES',
  'es-419': 'MX',
  'pt-BR': 'BR',
  fr: 'FR',
  de: 'DE',
  nl: 'NL',
  hi: 'IN',
  ja: 'JP',
  it: 'IT',
  'sv-SE': 'SE',
  da: 'DK',
  no: 'NO',
  fi: 'FI',
  pl: 'PL',
  ko: 'KR',
};

export function countryFromLocale(locale: string | null | undefined): string | undefined {
  // Own properties only: the locale arrives from outside.
  return locale && Object.hasOwn(COUNTRY_BY_LOCALE, locale) ? COUNTRY_BY_LOCALE[locale] : undefined;
}

function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();
}

/** Matches a country code ("gb"), a name ("United Kingdom") or the start of a name. */
export function findCountry(countries: readonly CountryHelp[], query: string): CountryHelp | undefined {
  const wanted = normalise(query);
  if (!wanted) return undefined;
  return (
    countries.find((entry) => entry.country.toLowerCase() === wanted) ??
    countries.find((entry) => normalise(entry.countryName) === wanted) ??
    countries.find((entry) => normalise(entry.countryName).startsWith(wanted))
  );
}

/** Autocomplete: prefix matches first, then anywhere in the name; at most 25 as Discord allows. */
export function searchCountries(countries: readonly CountryHelp[], query: string): CountryHelp[] {
  const wanted = normalise(query);
  const unique = [...new Map(countries.map((entry) => [entry.country, entry])).values()];
  if (!wanted) return unique.slice(0, 25);
  const starts = unique.filter((e) => normalise(e.countryName).startsWith(wanted) || e.country.toLowerCase() === wanted);
  const contains = unique.filter((e) => !starts.includes(e) && normalise(e.countryName).includes(wanted));
  return [...starts, ...contains].slice(0, 25);
}

/**
 * One line as Markdown a person can act on: how to reach it, when, its website, and either the date
 * its number was checked against the service's or a government's page, or the fallback for when a
 * number does not connect. Never words that cast doubt on the line.
 */
export function formatHelpLine(content: ContentLibrary, locale: string, line: HelpLine): string {
  const parts = [`**${line.name}**`, line.contact, line.hours];
  if (line.note) parts.push(line.note);
  parts.push(line.website);
  if (isConfirmed(line)) parts.push(content.t(locale, 'crisis.checked', { date: line.checked! }));
  else if (line.number) parts.push(labels(content, locale).fallback);
  return parts.join('\n');
}

function labels(content: ContentLibrary, locale: string) {
  return content.for(locale).resources.labels;
}

/** Fills {placeholders} in the resources labels the same way interface text is filled. */
export function fillLabel(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

/** "Emergency number: 112", shown with every country's lines. */
export function emergencyLine(content: ContentLibrary, locale: string, country: CountryHelp): string {
  return fillLabel(labels(content, locale).emergencyNumber, { number: country.emergencyNumber });
}

/** The country's crisis lines, one block each. */
export function crisisLineBlocks(content: ContentLibrary, locale: string, country: CountryHelp): string[] {
  return country.crisisLines.map((line) => formatHelpLine(content, locale, line));
}

/**
 * The country's domestic-abuse lines, one block each: the stable way for any screen (the resources,
 * the crisis screen, red-flags guidance) to show them.
 */
export function abuseLineBlocks(content: ContentLibrary, locale: string, country: CountryHelp): string[] {
  return country.abuseLines.map((line) => formatHelpLine(content, locale, line));
}

/** One short line per country for the full crisis list: its first crisis line and emergency number. */
export function shortCountryLine(content: ContentLibrary, locale: string, country: CountryHelp): string {
  const line = country.crisisLines[0]!;
  return fillLabel(labels(content, locale).shortLine, {
    country: country.countryName,
    name: line.name,
    contact: line.contact,
    emergency: country.emergencyNumber,
  });
}
