import type { ContentLibrary } from './index.js';
import type { CrisisLine } from './schema.js';

/** Discord locales that point at one country; a guess, only ever used to order the list. */
const COUNTRY_BY_LOCALE: Record<string, string> = {
  'en-US': 'US', 'en-GB': 'GB', 'es-ES': 'ES', 'es-419': 'MX', 'pt-BR': 'BR', fr: 'FR', de: 'DE', nl: 'NL',
  hi: 'IN', ja: 'JP', it: 'IT', 'sv-SE': 'SE', da: 'DK', no: 'NO', fi: 'FI', pl: 'PL', ko: 'KR',
};

export function countryFromLocale(locale: string | null | undefined): string | undefined {
  // Own properties only: the locale arrives from outside.
  return locale && Object.hasOwn(COUNTRY_BY_LOCALE, locale) ? COUNTRY_BY_LOCALE[locale] : undefined;
}

function normalise(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}

/** Matches a country code ("gb"), a name ("United Kingdom") or a common alias through the name. */
export function findCrisisLine(lines: readonly CrisisLine[], query: string): CrisisLine | undefined {
  const wanted = normalise(query);
  if (!wanted) return undefined;
  return (
    lines.find((line) => line.country.toLowerCase() === wanted) ??
    lines.find((line) => normalise(line.countryName) === wanted) ??
    lines.find((line) => normalise(line.countryName).startsWith(wanted))
  );
}

/** Autocomplete: prefix matches first, then anywhere in the name; at most 25 as Discord allows. */
export function searchCrisisLines(lines: readonly CrisisLine[], query: string): CrisisLine[] {
  const wanted = normalise(query);
  const unique = [...new Map(lines.map((line) => [line.country, line])).values()];
  if (!wanted) return unique.slice(0, 25);
  const starts = unique.filter((l) => normalise(l.countryName).startsWith(wanted) || l.country.toLowerCase() === wanted);
  const contains = unique.filter((l) => !starts.includes(l) && normalise(l.countryName).includes(wanted));
  return [...starts, ...contains].slice(0, 25);
}

/** One line as Markdown; an unconfirmed number always carries the warning, never passes as checked. */
export function formatCrisisLine(content: ContentLibrary, locale: string, line: CrisisLine): string {
  const parts = [`**${line.countryName}: ${line.name}**`, line.contact];
  if (line.hours) parts.push(line.hours);
  if (line.website) parts.push(`<${line.website}>`);
  parts.push(
    line.confirmed
      ? content.t(locale, 'crisis.checked', { date: line.checked })
      : content.t(locale, 'crisis.unconfirmed', { date: line.checked }),
  );
  return parts.join('\n');
}
