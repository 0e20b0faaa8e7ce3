import type { BotContext } from '../interactions/context.js';

/**
 * How /privacy show puts one kind of stored record into plain words: the member's own values in
 * sentences, then what it is kept for and for how long. Each feature that stores something keyed to
 * a member writes one of these next to its code and lists it in src/privacy/index.ts.
 */
export interface PrivacyEntry {
  /** Short name of the record, shown as the field name ("Reminders"). */
  heading: string;
  /** The member's values, in sentences. */
  values: string;
  /** Why it is kept and until when. */
  kept: string;
}

export interface RecordDescriber<T = unknown> {
  /** The repository namespace the record lives in (Repository#namespace). */
  namespace: string;
  describe(ctx: BotContext, locale: string, record: T): PrivacyEntry;
}

/** Lets a describer be written against its record's own type and still sit in one list with the rest. */
export function describer<T>(namespace: string, describe: (ctx: BotContext, locale: string, record: T) => PrivacyEntry): RecordDescriber {
  return { namespace, describe: (ctx, locale, record) => describe(ctx, locale, record as T) };
}

/** Dates and times in the member's language and, where the record has one, their time zone. */
export function dateTime(locale: string, ms: number, timeZone = 'UTC', withDate = true): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    weekday: 'long',
    ...(withDate ? { day: 'numeric', month: 'long' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(ms);
}

export function date(locale: string, ms: number, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(ms);
}

/** A Discord locale Intl does not know (it knows them all today) falls back to English rather than throwing. */
function intlLocale(locale: string): string {
  return Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0 ? locale : 'en';
}

export function languageName(viewerLocale: string, locale: string): string {
  try {
    return new Intl.DisplayNames([intlLocale(viewerLocale)], { type: 'language' }).of(locale) ?? locale;
  } catch {
    return locale;
  }
}
