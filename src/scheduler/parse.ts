/**
 * Parsing of what members type for a schedule. Failures are values with a machine code, so the UI
 * can look up the text in the member's language; `detail` carries the offending token where useful.
 */

export type ParseFailure = 'time-empty' | 'time-format' | 'time-range' | 'days-empty' | 'days-unknown' | 'zone-empty' | 'zone-unknown';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: ParseFailure; detail?: string };

export interface TimeOfDay {
  hour: number;
  minute: number;
}

const fail = (reason: ParseFailure, detail?: string): { ok: false; reason: ParseFailure; detail?: string } =>
  detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };

/** "7:30" or "07:30", 00:00–23:59. "7.30", "24:00" and "7:5" are refused rather than guessed at. */
export function parseTime(input: string): ParseResult<TimeOfDay> {
  const text = input.trim();
  if (text === '') return fail('time-empty');
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!match) return fail('time-format');
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour > 23 || minute > 59) return fail('time-range');
  return { ok: true, value: { hour, minute } };
}

export function formatTime({ hour, minute }: TimeOfDay): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

// ---- Days: a 7-bit mask, bit 0 = Sunday ... bit 6 = Saturday (Date#getUTCDay order) ----

export const DAILY = 0b1111111;
export const WEEKDAYS = 0b0111110;
export const WEEKENDS = 0b1000001;

const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const SHORT_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const EXTRA_ABBREVIATIONS: Record<string, number> = { tues: 2, weds: 3, thur: 4, thurs: 4 };
const GROUPS: Record<string, number> = {
  daily: DAILY,
  everyday: DAILY,
  weekdays: WEEKDAYS,
  weekday: WEEKDAYS,
  weekends: WEEKENDS,
  weekend: WEEKENDS,
};

function dayIndex(token: string): number | undefined {
  const exact = EXTRA_ABBREVIATIONS[token];
  if (exact !== undefined) return exact;
  const index = DAY_NAMES.findIndex((name) => name === token || name.slice(0, 3) === token);
  return index < 0 ? undefined : index;
}

/**
 * "daily", "weekdays", "weekends", "mon,wed,fri", "Mon, Wed", "monday tuesday", "mon-fri", or any union
 * of those. Case-insensitive; commas, spaces, slashes and semicolons separate.
 */
export function parseDays(input: string): ParseResult<number> {
  const tokens = input
    .toLowerCase()
    .replace(/every day/g, 'daily')
    .split(/[\s,;/]+/)
    .filter(Boolean);
  if (tokens.length === 0) return fail('days-empty');
  let mask = 0;
  for (const token of tokens) {
    const group = GROUPS[token];
    if (group !== undefined) {
      mask |= group;
      continue;
    }
    const range = /^([a-z]+)-([a-z]+)$/.exec(token);
    const from = dayIndex(range ? range[1]! : token);
    const to = range ? dayIndex(range[2]!) : from;
    if (from === undefined || to === undefined) return fail('days-unknown', token);
    // A range may wrap past Saturday, e.g. "fri-mon".
    for (let day = from; ; day = (day + 1) % 7) {
      mask |= 1 << day;
      if (day === to) break;
    }
  }
  return { ok: true, value: mask };
}

/** Readable and parseable again: "daily", "weekdays", "weekends", or "Mon, Wed, Fri" (Monday first). */
export function formatDays(mask: number): string {
  const days = mask & DAILY;
  if (days === DAILY) return 'daily';
  if (days === WEEKDAYS) return 'weekdays';
  if (days === WEEKENDS) return 'weekends';
  return [1, 2, 3, 4, 5, 6, 0]
    .filter((day) => days & (1 << day))
    .map((day) => SHORT_NAMES[day])
    .join(', ');
}

// ---- Time zones ----

/** The zone's name as this runtime's Intl spells it (e.g. 'asia/kolkata' -> 'Asia/Calcutta' on ICU 7x), or null. */
export function canonicalTimeZone(zone: string): string | null {
  const text = zone.trim();
  if (text === '' || text.length > 100) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export function isValidTimeZone(zone: string): boolean {
  return canonicalTimeZone(zone) !== null;
}

export function parseTimeZone(input: string): ParseResult<string> {
  if (input.trim() === '') return fail('zone-empty');
  const zone = canonicalTimeZone(input);
  return zone === null ? fail('zone-unknown', input.trim().slice(0, 100)) : { ok: true, value: zone };
}

export interface ZoneChoice {
  /** Shown in Discord's autocomplete list. */
  name: string;
  /** Stored: the canonical name from canonicalTimeZone. */
  value: string;
}

/**
 * ICU lists some zones under their old names (Asia/Calcutta, Europe/Kiev); members search for the current
 * ones, so these are searchable too and resolve to whatever this runtime calls them.
 */
const CURRENT_NAMES = [
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Ho_Chi_Minh',
  'Asia/Yangon',
  'Europe/Kyiv',
  'America/Nuuk',
  'Atlantic/Faroe',
  'Pacific/Kanton',
  'Pacific/Chuuk',
  'Pacific/Pohnpei',
  'America/Argentina/Buenos_Aires',
  'America/Indiana/Indianapolis',
  'America/Kentucky/Louisville',
  'America/Atikokan',
];

/** Offered before anything is typed. */
const POPULAR = [
  'UTC',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Toronto',
  'America/Mexico_City',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Dublin',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Madrid',
  'Europe/Amsterdam',
  'Europe/Stockholm',
  'Europe/Warsaw',
  'Europe/Istanbul',
  'Africa/Lagos',
  'Africa/Johannesburg',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
];

interface ZoneEntry extends ZoneChoice {
  /** Lower case, underscores as spaces: "america/new york". */
  search: string;
  /** Lower case last part: "new york". */
  city: string;
}

let zoneEntries: ZoneEntry[] | undefined;

function entries(): ZoneEntry[] {
  if (zoneEntries) return zoneEntries;
  const names = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', ...CURRENT_NAMES]);
  const list: ZoneEntry[] = [];
  for (const name of names) {
    const value = canonicalTimeZone(name);
    if (value === null) continue;
    const search = name.toLowerCase().replace(/_/g, ' ');
    list.push({ name, value, search, city: search.slice(search.lastIndexOf('/') + 1) });
  }
  list.sort((a, b) => a.name.localeCompare(b.name));
  zoneEntries = list;
  return list;
}

/** Choices for Discord autocomplete: city or full-name prefix matches first, then any substring match. */
export function searchTimeZones(query: string, limit = 25): ZoneChoice[] {
  const max = Math.max(1, Math.min(25, Math.floor(limit)));
  const q = query.trim().toLowerCase().replace(/_/g, ' ');
  const all = entries();
  let ranked: ZoneEntry[];
  if (q === '') {
    ranked = POPULAR.map((name) => all.find((entry) => entry.name === name)).filter((e): e is ZoneEntry => !!e);
  } else {
    const score = (e: ZoneEntry): number =>
      e.city.startsWith(q) || e.search.startsWith(q) ? 0 : e.search.includes(`/${q}`) || e.search.includes(` ${q}`) ? 1 : 2;
    ranked = all
      .filter((e) => e.search.includes(q))
      .map((e) => ({ e, s: score(e) }))
      .sort((a, b) => a.s - b.s)
      .map(({ e }) => e);
  }
  const seen = new Set<string>();
  const out: ZoneChoice[] = [];
  for (const { name, value } of ranked) {
    if (seen.has(value) || value.length > 100) continue;
    seen.add(value);
    out.push({ name: name.slice(0, 100), value });
    if (out.length === max) break;
  }
  return out;
}
