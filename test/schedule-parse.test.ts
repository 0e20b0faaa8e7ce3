import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, formatDays, formatTime, isValidTimeZone, parseDays, parseTime, parseTimeZone, searchTimeZones } from '../src/scheduler/parse.js';

describe('parseTime', () => {
  it.each([
    ['07:30', 7, 30],
    ['7:30', 7, 30],
    ['00:00', 0, 0],
    ['23:59', 23, 59],
    [' 9:05 ', 9, 5],
  ])('accepts %j', (input, hour, minute) => {
    expect(parseTime(input)).toEqual({ ok: true, value: { hour, minute } });
  });

  it.each([
    ['', 'time-empty'],
    ['   ', 'time-empty'],
    ['24:00', 'time-range'],
    ['25:00', 'time-range'],
    ['12:60', 'time-range'],
    ['7.30', 'time-format'],
    ['7:5', 'time-format'],
    ['730', 'time-format'],
    ['007:30', 'time-format'],
    ['7:30pm', 'time-format'],
    ['-1:00', 'time-format'],
  ])('rejects %j as %s', (input, reason) => {
    expect(parseTime(input)).toEqual({ ok: false, reason });
  });

  it('formats back to HH:MM', () => {
    expect(formatTime({ hour: 7, minute: 5 })).toBe('07:05');
  });
});

describe('parseDays / formatDays', () => {
  it.each([
    ['daily', 0b1111111],
    ['every day', 0b1111111],
    ['weekdays', 0b0111110],
    ['weekends', 0b1000001],
    ['mon,wed,fri', 0b0101010],
    ['Mon, Wed', 0b0001010],
    ['monday tuesday', 0b0000110],
    ['SUNDAY', 0b0000001],
    ['sat', 0b1000000],
    ['mon-fri', 0b0111110],
    ['fri-mon', 0b1100011],
    ['weekends, wed', 0b1001001],
    ['thurs tues', 0b0010100],
    ['mon mon', 0b0000010],
  ])('parses %j', (input, mask) => {
    expect(parseDays(input)).toEqual({ ok: true, value: mask });
  });

  it('rejects empty lists and unknown names with the offending token', () => {
    expect(parseDays('')).toEqual({ ok: false, reason: 'days-empty' });
    expect(parseDays(' , ')).toEqual({ ok: false, reason: 'days-empty' });
    expect(parseDays('mon, funday')).toEqual({ ok: false, reason: 'days-unknown', detail: 'funday' });
    expect(parseDays('mo')).toEqual({ ok: false, reason: 'days-unknown', detail: 'mo' });
    expect(parseDays('mon-')).toMatchObject({ ok: false, reason: 'days-unknown' });
  });

  it('formats masks readably and round-trips every mask', () => {
    expect(formatDays(0b1111111)).toBe('daily');
    expect(formatDays(0b0111110)).toBe('weekdays');
    expect(formatDays(0b1000001)).toBe('weekends');
    expect(formatDays(0b0101010)).toBe('Mon, Wed, Fri');
    expect(formatDays(0b0000001)).toBe('Sun');
    for (let mask = 1; mask < 128; mask++) expect(parseDays(formatDays(mask))).toEqual({ ok: true, value: mask });
  });
});

describe('time zones', () => {
  it('accepts IANA names and aliases, normalised to what Intl reports', () => {
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('Asia/Calcutta')).toBe(true);
    expect(isValidTimeZone('Asia/Kolkata')).toBe(true);
    const india = canonicalTimeZone('Asia/Kolkata');
    expect(india).toBe(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Kolkata' }).resolvedOptions().timeZone);
    expect(canonicalTimeZone('Asia/Calcutta')).toBe(india);
    expect(canonicalTimeZone('america/new_york')).toBe('America/New_York');
    expect(parseTimeZone(' Europe/London ')).toEqual({ ok: true, value: 'Europe/London' });
  });

  it('rejects made-up zones and offsets Intl does not know', () => {
    const intlAccepts = (zone: string): boolean => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    };
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('UTC+5')).toBe(intlAccepts('UTC+5'));
    expect(isValidTimeZone('')).toBe(false);
    expect(parseTimeZone('')).toEqual({ ok: false, reason: 'zone-empty' });
    expect(parseTimeZone('Mars/Olympus')).toEqual({ ok: false, reason: 'zone-unknown', detail: 'Mars/Olympus' });
  });

  it('searches city names with spaces, prefix matches first', () => {
    const ny = searchTimeZones('new york');
    expect(ny[0]).toEqual({ name: 'America/New_York', value: 'America/New_York' });
    const lon = searchTimeZones('LON');
    expect(
      lon
        .slice(0, 2)
        .map((c) => c.name)
        .sort(),
    ).toEqual(['Arctic/Longyearbyen', 'Europe/London']);
    expect(lon.map((c) => c.name)).toContain('America/Miquelon');
    const isPrefix = (c: { name: string }): boolean => c.name.split('/').pop()!.toLowerCase().startsWith('lon');
    const ranks = lon.map((c) => (isPrefix(c) ? 0 : 1));
    expect(ranks).toEqual([...ranks].sort());
    expect(searchTimeZones('america/new_y')[0]!.value).toBe('America/New_York');
    expect(searchTimeZones('kolkata')[0]!.value).toBe(canonicalTimeZone('Asia/Kolkata'));
  });

  it('caps results at 25, keeps values valid and unique', () => {
    for (const query of ['', 'a', 'america', 'e', 'zzzz']) {
      const choices = searchTimeZones(query);
      expect(choices.length).toBeLessThanOrEqual(25);
      expect(new Set(choices.map((c) => c.value)).size).toBe(choices.length);
      for (const c of choices) {
        expect(c.value.length).toBeLessThanOrEqual(100);
        expect(c.name.length).toBeLessThanOrEqual(100);
        expect(canonicalTimeZone(c.value)).toBe(c.value);
      }
    }
    expect(searchTimeZones('a')).toHaveLength(25);
    expect(searchTimeZones('a', 5)).toHaveLength(5);
    expect(searchTimeZones('a', 500)).toHaveLength(25);
    expect(searchTimeZones('zzzz')).toEqual([]);
    expect(searchTimeZones('').length).toBeGreaterThan(10);
  });
});
