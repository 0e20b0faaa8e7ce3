import { describe, expect, it } from 'vitest';
import {
  afterTick,
  createState,
  effectiveDue,
  nextOccurrence,
  occurrenceToSend,
  pauseFor,
  resume,
  snoozeFor,
  snoozeUntilTomorrow,
  tick,
  changeRule,
  type Schedule,
  type ScheduleRule,
} from '../src/scheduler/schedule-math.js';
import { offsetMinutesAt, utcToWall, wallToUtc } from '../src/scheduler/time-zones.js';
import { seededRandom } from './helpers/seeded-random.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const utc = (iso: string): number => Date.parse(iso);
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const DAILY = 0b1111111;
const bit = (weekday: number): number => 1 << weekday;
const [SUN, MON, WED, FRI, SAT] = [0, 1, 3, 5, 6];

// ---- Slow, independent reference: Intl per minute, no shared code with the implementation ----

const formats = new Map<string, Intl.DateTimeFormat>();
/** Wall clock at a UTC instant as "wall ms" (Date.UTC of the local fields), straight from Intl. */
function refWall(zone: string, utcMs: number): number {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formats.set(zone, f);
  }
  const m = /^(\d+)\/(\d+)\/(\d+), (\d+):(\d+)$/.exec(f.format(utcMs))!;
  return Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), Number(m[4]), Number(m[5]));
}
const refOffset = (zone: string, utcMs: number): number => (refWall(zone, utcMs) - Math.floor(utcMs / MIN) * MIN) / MIN;

/**
 * An occurrence is the first minute at which the wall clock reaches the target on its day, having been
 * below it at every earlier minute (so a skipped time fires after the gap, a repeated one only once).
 */
function refNext(rule: ScheduleRule, after: number): number {
  const target = (rule.hour * 60 + rule.minute) * MIN;
  const firstDay = Math.floor(refWall(rule.timeZone, after) / DAY) * DAY - DAY;
  for (let day = firstDay; day < firstDay + 16 * DAY; day += DAY) {
    if (!(rule.days & bit(new Date(day).getUTCDay()))) continue;
    const wanted = day + target;
    const guess = wanted - refOffset(rule.timeZone, wanted - refOffset(rule.timeZone, wanted) * MIN) * MIN;
    let highest = refWall(rule.timeZone, guess - 3 * HOUR - MIN);
    for (let u = guess - 3 * HOUR; u <= guess + 3 * HOUR; u += MIN) {
      const wall = refWall(rule.timeZone, u);
      if (highest < wanted && wanted <= wall) {
        if (u > after) return u;
        break;
      }
      highest = Math.max(highest, wall);
    }
  }
  throw new Error('reference found nothing');
}

// ---- DST fixtures, checked against Intl below ----

interface Transition {
  zone: string;
  at: string;
  /** Offsets in minutes before and after. */
  from: number;
  to: number;
}
const TRANSITIONS: Transition[] = [
  { zone: 'America/New_York', at: '2026-03-08T07:00:00Z', from: -300, to: -240 },
  { zone: 'America/New_York', at: '2026-11-01T06:00:00Z', from: -240, to: -300 },
  { zone: 'America/New_York', at: '2027-03-14T07:00:00Z', from: -300, to: -240 },
  { zone: 'America/New_York', at: '2027-11-07T06:00:00Z', from: -240, to: -300 },
  { zone: 'Europe/London', at: '2026-03-29T01:00:00Z', from: 0, to: 60 },
  { zone: 'Europe/London', at: '2026-10-25T01:00:00Z', from: 60, to: 0 },
  { zone: 'Europe/London', at: '2027-03-28T01:00:00Z', from: 0, to: 60 },
  { zone: 'Europe/London', at: '2027-10-31T01:00:00Z', from: 60, to: 0 },
  { zone: 'Australia/Lord_Howe', at: '2026-04-04T15:00:00Z', from: 660, to: 630 },
  { zone: 'Australia/Lord_Howe', at: '2026-10-03T15:30:00Z', from: 630, to: 660 },
  { zone: 'Australia/Lord_Howe', at: '2027-04-03T15:00:00Z', from: 660, to: 630 },
  { zone: 'Australia/Lord_Howe', at: '2027-10-02T15:30:00Z', from: 630, to: 660 },
  { zone: 'Pacific/Chatham', at: '2026-04-04T14:00:00Z', from: 825, to: 765 },
  { zone: 'Pacific/Chatham', at: '2026-09-26T14:00:00Z', from: 765, to: 825 },
  { zone: 'Pacific/Chatham', at: '2027-04-03T14:00:00Z', from: 825, to: 765 },
  { zone: 'Pacific/Chatham', at: '2027-09-25T14:00:00Z', from: 765, to: 825 },
];

/** Hour and minute of a wall ms. */
const hm = (wall: number): { hour: number; minute: number } => ({
  hour: new Date(wall).getUTCHours(),
  minute: new Date(wall).getUTCMinutes(),
});

describe('time-zones', () => {
  it.each(TRANSITIONS)('fixture $zone $at matches Intl', ({ zone, at, from, to }) => {
    expect(refOffset(zone, utc(at) - MIN)).toBe(from);
    expect(refOffset(zone, utc(at))).toBe(to);
    expect(offsetMinutesAt(zone, utc(at) - 1)).toBe(from);
    expect(offsetMinutesAt(zone, utc(at))).toBe(to);
  });

  it('has fixed offsets for Asia/Kolkata and Chatham standard time', () => {
    expect(offsetMinutesAt('Asia/Kolkata', utc('2026-01-10T00:00:00Z'))).toBe(330);
    expect(offsetMinutesAt('Asia/Kolkata', utc('2026-07-10T00:00:00Z'))).toBe(330);
    expect(offsetMinutesAt('Pacific/Chatham', utc('2026-07-10T00:00:00Z'))).toBe(765);
  });

  it('agrees with Intl at random instants 1975–2045, growing the cache both ways and beyond it', () => {
    const random = seededRandom(7);
    const zones = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Africa/Casablanca', 'America/Santiago'];
    for (let i = 0; i < 3000; i++) {
      const zone = zones[i % zones.length]!;
      const at = Math.floor((utc('1975-01-01T00:00:00Z') + random() * 70 * 365 * DAY) / MIN) * MIN;
      expect(offsetMinutesAt(zone, at), `${zone} ${iso(at)}`).toBe(refOffset(zone, at));
    }
    expect(offsetMinutesAt('America/New_York', utc('2300-07-01T00:00:00Z'))).toBe(refOffset('America/New_York', utc('2300-07-01T00:00:00Z')));
  });

  it('maps wall times in gaps to the end of the gap and repeated ones to the first pass', () => {
    const wall = (s: string): number => Date.parse(`${s}Z`);
    expect(iso(wallToUtc('America/New_York', wall('2026-03-08T02:30:00')))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(wallToUtc('America/New_York', wall('2026-11-01T01:30:00')))).toBe('2026-11-01T05:30:00.000Z');
    expect(utcToWall('America/New_York', utc('2026-11-01T06:30:00Z'))).toBe(wall('2026-11-01T01:30:00'));
  });
});

describe('nextOccurrence across DST', () => {
  for (const t of TRANSITIONS) {
    const T = utc(t.at);
    const forward = t.to > t.from;
    if (forward) {
      it(`${t.zone} ${t.at.slice(0, 10)} spring-forward: a skipped time fires once at the end of the gap`, () => {
        // Halfway into the gap, in wall-clock terms before the change.
        const skipped = hm(T + t.from * MIN + ((t.to - t.from) / 2) * MIN);
        const rule = { ...skipped, days: DAILY, timeZone: t.zone };
        expect(iso(nextOccurrence(rule, T - 12 * HOUR))).toBe(iso(T));
        const next = nextOccurrence(rule, T);
        expect(next - T).toBeGreaterThan(20 * HOUR);
        expect(hm(utcToWall(t.zone, next))).toEqual(skipped);
        // The first valid minute itself is also just T, not a second send.
        const first = hm(T + t.to * MIN);
        expect(iso(nextOccurrence({ ...first, days: DAILY, timeZone: t.zone }, T - 12 * HOUR))).toBe(iso(T));
      });
    } else {
      it(`${t.zone} ${t.at.slice(0, 10)} fall-back: a repeated time fires once, at its first pass`, () => {
        const shift = (t.from - t.to) * MIN;
        const repeated = hm(T + t.to * MIN + shift / 2);
        const rule = { ...repeated, days: DAILY, timeZone: t.zone };
        const first = T - shift / 2;
        expect(iso(nextOccurrence(rule, T - 12 * HOUR))).toBe(iso(first));
        const next = nextOccurrence(rule, first);
        expect(next).not.toBe(first + shift);
        expect(next - first).toBeGreaterThan(23 * HOUR);
        // Asked from between the two passes: still not the second pass.
        expect(nextOccurrence(rule, first + shift / 2)).toBe(next);
      });
    }
  }

  it('spells out the headline cases', () => {
    const ny = { hour: 2, minute: 30, days: DAILY, timeZone: 'America/New_York' };
    expect(iso(nextOccurrence(ny, utc('2026-03-08T05:00:00Z')))).toBe('2026-03-08T07:00:00.000Z'); // 03:00 EDT
    const nyBack = { hour: 1, minute: 30, days: DAILY, timeZone: 'America/New_York' };
    expect(iso(nextOccurrence(nyBack, utc('2026-11-01T04:00:00Z')))).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT
    expect(iso(nextOccurrence(nyBack, utc('2026-11-01T05:30:00Z')))).toBe('2026-11-02T06:30:00.000Z'); // next day, EST
    const lh = { hour: 2, minute: 15, days: DAILY, timeZone: 'Australia/Lord_Howe' };
    expect(iso(nextOccurrence(lh, utc('2026-10-03T00:00:00Z')))).toBe('2026-10-03T15:30:00.000Z'); // 02:30 +11
    const ch = { hour: 3, minute: 0, days: DAILY, timeZone: 'Pacific/Chatham' };
    expect(iso(nextOccurrence(ch, utc('2026-09-26T00:00:00Z')))).toBe('2026-09-26T14:00:00.000Z'); // 03:45 +13:45
    expect(iso(nextOccurrence(ch, utc('2026-04-04T00:00:00Z')))).toBe('2026-04-04T13:15:00.000Z'); // first 03:00
    const kolkata = { hour: 7, minute: 30, days: DAILY, timeZone: 'Asia/Kolkata' };
    expect(iso(nextOccurrence(kolkata, utc('2026-03-08T00:00:00Z')))).toBe('2026-03-08T02:00:00.000Z');
  });
});

describe('nextOccurrence day masks', () => {
  const london = (hour: number, minute: number, days: number): ScheduleRule => ({ hour, minute, days, timeZone: 'Europe/London' });

  it('is strictly after: an occurrence exactly at `after` is not returned', () => {
    const at = utc('2026-06-10T06:30:00Z'); // Wed 07:30 BST
    expect(nextOccurrence(london(7, 30, DAILY), at - 1)).toBe(at);
    expect(iso(nextOccurrence(london(7, 30, DAILY), at))).toBe('2026-06-11T06:30:00.000Z');
  });

  it('skips to the next allowed weekday and wraps the week', () => {
    const mwf = bit(MON) | bit(WED) | bit(FRI);
    expect(iso(nextOccurrence(london(9, 0, mwf), utc('2026-06-13T12:00:00Z')))).toBe('2026-06-15T08:00:00.000Z'); // Sat -> Mon
    expect(iso(nextOccurrence(london(9, 0, mwf), utc('2026-06-12T08:00:00Z')))).toBe('2026-06-15T08:00:00.000Z'); // Fri, just sent
    expect(iso(nextOccurrence(london(9, 0, bit(SAT)), utc('2026-06-13T08:00:00Z')))).toBe('2026-06-20T08:00:00.000Z');
    expect(iso(nextOccurrence(london(9, 0, bit(SUN)), utc('2026-06-13T08:00:00Z')))).toBe('2026-06-14T08:00:00.000Z');
  });

  it('uses the local weekday, not the UTC one', () => {
    // Monday 08:00 in Kolkata is Sunday 02:30 UTC.
    const rule = { hour: 8, minute: 0, days: bit(MON), timeZone: 'Asia/Kolkata' };
    expect(iso(nextOccurrence(rule, utc('2026-06-13T00:00:00Z')))).toBe('2026-06-15T02:30:00.000Z');
    const chatham = { hour: 0, minute: 30, days: bit(MON), timeZone: 'Pacific/Chatham' };
    expect(iso(nextOccurrence(chatham, utc('2026-06-13T00:00:00Z')))).toBe('2026-06-14T11:45:00.000Z');
  });

  it('crosses the year boundary', () => {
    expect(iso(nextOccurrence(london(9, 0, bit(SAT)), utc('2026-12-26T09:00:00Z')))).toBe('2027-01-02T09:00:00.000Z');
    const ny = { hour: 23, minute: 59, days: DAILY, timeZone: 'America/New_York' };
    expect(iso(nextOccurrence(ny, utc('2027-01-01T04:59:00Z')))).toBe('2027-01-02T04:59:00.000Z');
    expect(iso(nextOccurrence(ny, utc('2026-12-31T12:00:00Z')))).toBe('2027-01-01T04:59:00.000Z');
  });

  it('treats a weekly prompt as a one-day mask', () => {
    const prompt = { hour: 18, minute: 0, days: bit(MON), timeZone: 'America/New_York' };
    let at = utc('2026-10-20T00:00:00Z');
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      at = nextOccurrence(prompt, at);
      seen.push(iso(at)!);
    }
    expect(seen).toEqual(['2026-10-26T22:00:00.000Z', '2026-11-02T23:00:00.000Z', '2026-11-09T23:00:00.000Z', '2026-11-16T23:00:00.000Z']);
  });

  it('refuses an empty mask and a bad time', () => {
    expect(() => nextOccurrence(london(9, 0, 0), 0)).toThrow(RangeError);
    expect(() => nextOccurrence(london(24, 0, DAILY), 0)).toThrow(RangeError);
    expect(() => nextOccurrence(london(1.5, -30, DAILY), 0)).toThrow(RangeError);
  });
});

describe('nextOccurrence against a brute-force Intl reference', () => {
  const ZONES = [
    'America/New_York',
    'America/Chicago',
    'America/Denver',
    'America/Phoenix',
    'America/Los_Angeles',
    'America/Anchorage',
    'Pacific/Honolulu',
    'America/St_Johns',
    'America/Havana',
    'America/Santiago',
    'America/Sao_Paulo',
    'America/Godthab',
    'Atlantic/Azores',
    'Europe/London',
    'Europe/Berlin',
    'Europe/Helsinki',
    'Europe/Moscow',
    'Africa/Cairo',
    'Africa/Casablanca',
    'Asia/Beirut',
    'Asia/Gaza',
    'Asia/Tehran',
    'Asia/Kolkata',
    'Asia/Kathmandu',
    'Asia/Tokyo',
    'Australia/Adelaide',
    'Australia/Sydney',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'Pacific/Auckland',
    'Pacific/Kiritimati',
    'Antarctica/Troll',
    'UTC',
  ];

  /** Offset changes in 2026–2027 per zone, found by the reference alone. */
  function refTransitions(zone: string): number[] {
    const out: number[] = [];
    let previous = refOffset(zone, utc('2026-01-01T00:00:00Z'));
    for (let t = utc('2026-01-01T00:00:00Z'); t < utc('2028-01-01T00:00:00Z'); t += DAY) {
      if (refOffset(zone, t) === previous) continue;
      let low = t - DAY;
      let high = t;
      while (high - low > MIN) {
        const mid = low + Math.floor((high - low) / 2 / MIN) * MIN;
        if (refOffset(zone, mid) === previous) low = mid;
        else high = mid;
      }
      out.push(high);
      previous = refOffset(zone, t);
    }
    return out;
  }

  it('matches on 3000 random cases, half of them around real transitions', () => {
    const random = seededRandom(2026);
    const transitions = new Map(ZONES.map((zone) => [zone, refTransitions(zone)]));
    expect([...transitions.values()].filter((list) => list.length > 0).length).toBeGreaterThanOrEqual(20);
    let mismatches = 0;
    const examples: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const zone = ZONES[Math.floor(random() * ZONES.length)]!;
      const near = transitions.get(zone)!;
      let after: number;
      let hour: number;
      let minute: number;
      if (i % 2 === 0 && near.length > 0) {
        const T = near[Math.floor(random() * near.length)]!;
        after = T - 2 * DAY + Math.floor(random() * 3 * DAY);
        // A wall time within three hours of the change, so gaps and repeats are hit often.
        const wall = refWall(zone, T) + Math.round((random() * 6 - 3) * 60) * MIN;
        ({ hour, minute } = hm(wall));
      } else {
        after = utc('2026-01-01T00:00:00Z') + Math.floor(random() * 2 * 365 * DAY);
        hour = Math.floor(random() * 24);
        minute = Math.floor(random() * 60);
      }
      if (random() < 0.3) after = Math.floor(after / MIN) * MIN; // exactly on a minute, too
      const days = random() < 0.4 ? DAILY : 1 + Math.floor(random() * 127);
      const rule = { hour, minute, days, timeZone: zone };
      const got = nextOccurrence(rule, after);
      const want = refNext(rule, after);
      if (got !== want) {
        mismatches++;
        if (examples.length < 5) examples.push(`${JSON.stringify(rule)} after ${iso(after)}: got ${iso(got)} want ${iso(want)}`);
      }
    }
    expect(examples).toEqual([]);
    expect(mismatches).toBe(0);
  }, 60_000);
});

describe('pause, snooze and catch-up', () => {
  const rule: ScheduleRule = { hour: 7, minute: 30, days: DAILY, timeZone: 'Europe/London' };
  const wed0600 = utc('2026-06-10T05:00:00Z'); // Wed 06:00 BST
  const wed0730 = utc('2026-06-10T06:30:00Z');
  const fresh = (now = wed0600): Schedule => ({ ...rule, ...createState(rule, now) });

  it('sends a due occurrence once, keyed by the scheduled time, and never again', () => {
    const s = fresh();
    expect(s.nextDueUtc).toBe(wed0730);
    const first = tick(s, wed0730);
    expect(first.send).toBe(wed0730);
    expect(first.next.lastSentOccurrence).toBe(wed0730);
    expect(iso(first.next.nextDueUtc)).toBe('2026-06-11T06:30:00.000Z');
    // A repeated tick, whether from the old or the new record, sends nothing.
    expect(occurrenceToSend(s, wed0730, wed0730 + MIN)).toBeNull();
    expect(tick(first.next, wed0730 + MIN).send).toBeNull();
    expect(tick(first.next, wed0730).send).toBeNull();
  });

  it('sends late within the grace window and skips anything older', () => {
    const s = fresh();
    expect(occurrenceToSend(s, null, wed0730 + 29 * MIN)).toBe(wed0730);
    expect(occurrenceToSend(s, null, wed0730 + 30 * MIN)).toBe(wed0730);
    expect(occurrenceToSend(s, null, wed0730 + 30 * MIN + 1)).toBeNull();
    expect(occurrenceToSend(s, null, wed0730 + 10 * MIN, 5 * MIN)).toBeNull();
    const late = tick(s, wed0730 + 2 * HOUR);
    expect(late.send).toBeNull();
    expect(iso(late.next.nextDueUtc)).toBe('2026-06-11T06:30:00.000Z');
  });

  it('after three days down, sends only today’s occurrence if it is within grace', () => {
    const s = fresh();
    const now = wed0730 + 3 * DAY + 10 * MIN;
    const { send, next } = tick(s, now);
    expect(iso(send)).toBe('2026-06-13T06:30:00.000Z');
    expect(iso(next.nextDueUtc)).toBe('2026-06-14T06:30:00.000Z');
    expect(tick(next, now + MIN).send).toBeNull();
  });

  it('never sends an occurrence from before the schedule was created or edited', () => {
    const s = fresh(wed0730 + MIN); // created one minute after 07:30
    expect(occurrenceToSend(s, null, wed0730 + 2 * MIN)).toBeNull();
    const edited = changeRule(fresh(), { ...rule, hour: 8 }, wed0730 + 5 * MIN);
    expect(iso(edited.nextDueUtc)).toBe('2026-06-10T07:30:00.000Z'); // 08:30 BST
    expect(occurrenceToSend(edited, null, wed0730 + 6 * MIN)).toBeNull();
  });

  it('pauses for N local days, then resumes with the next occurrence after the pause', () => {
    const wed1000 = utc('2026-06-10T09:00:00Z');
    const paused = pauseFor(fresh(), 3, wed1000);
    expect(iso(paused.pausedUntil!)).toBe('2026-06-13T09:00:00.000Z');
    expect(iso(paused.nextDueUtc)).toBe('2026-06-14T06:30:00.000Z');
    expect(effectiveDue(paused)).toBe(paused.nextDueUtc);
    // A stray tick during the pause sends nothing and keeps the pause.
    const stray = tick(paused, utc('2026-06-12T06:30:00Z'));
    expect(stray.send).toBeNull();
    expect(stray.next.nextDueUtc).toBe(paused.nextDueUtc);
    expect(tick(paused, paused.nextDueUtc).send).toBe(paused.nextDueUtc);
    const resumed = resume(paused, utc('2026-06-11T05:00:00Z'));
    expect(resumed.pausedUntil).toBeNull();
    expect(iso(resumed.nextDueUtc)).toBe('2026-06-11T06:30:00.000Z');
  });

  it('keeps the wall time of a pause across a DST change', () => {
    const s = fresh(utc('2026-03-27T12:00:00Z'));
    const paused = pauseFor(s, 3, utc('2026-03-27T12:00:00Z')); // Fri 12:00 GMT
    expect(iso(paused.pausedUntil!)).toBe('2026-03-30T11:00:00.000Z'); // Mon 12:00 BST
  });

  it('never lets the effective due time fall inside a pause', () => {
    expect(effectiveDue({ nextDueUtc: 100, pausedUntil: 500 })).toBe(500);
    expect(effectiveDue({ nextDueUtc: 900, pausedUntil: 500 })).toBe(900);
    expect(effectiveDue({ nextDueUtc: 900, pausedUntil: null, snoozedUntil: 200 })).toBe(200);
  });

  it('snoozes for an hour: one extra send, then the regular schedule', () => {
    const sent = tick(fresh(), wed0730).next;
    const snoozed = snoozeFor(sent, HOUR, wed0730 + 5 * MIN);
    expect(effectiveDue(snoozed)).toBe(wed0730 + 65 * MIN);
    expect(tick(snoozed, wed0730 + 64 * MIN).send).toBeNull();
    const fired = tick(snoozed, wed0730 + 65 * MIN);
    expect(fired.send).toBe(wed0730 + 65 * MIN);
    expect(fired.next.snoozedUntil).toBeNull();
    expect(iso(effectiveDue(fired.next))).toBe('2026-06-11T06:30:00.000Z');
    expect(tick(fired.next, wed0730 + 66 * MIN).send).toBeNull();
  });

  it('folds a regular occurrence that falls inside a snooze into it, so nothing is sent twice', () => {
    const wed0700 = wed0730 - 30 * MIN;
    const snoozed = snoozeFor(fresh(), HOUR, wed0700); // until 08:00 BST, past today's 07:30
    expect(effectiveDue(snoozed)).toBe(wed0700 + HOUR);
    expect(tick(snoozed, wed0730).send).toBeNull();
    const { send, next } = tick(snoozed, wed0700 + HOUR);
    expect(send).toBe(wed0700 + HOUR);
    expect(iso(next.nextDueUtc)).toBe('2026-06-11T06:30:00.000Z');
  });

  it('snoozes until tomorrow: skips the rest of today, resumes with the next allowed day', () => {
    const skipped = snoozeUntilTomorrow(fresh(), wed0600);
    expect(iso(effectiveDue(skipped))).toBe('2026-06-11T06:30:00.000Z');
    expect(tick(skipped, wed0730).send).toBeNull();
    const wedFri = { ...rule, days: bit(WED) | bit(FRI) };
    const s: Schedule = { ...wedFri, ...createState(wedFri, wed0600) };
    expect(iso(effectiveDue(snoozeUntilTomorrow(s, wed0600)))).toBe('2026-06-12T06:30:00.000Z');
    // Late in the evening in Kolkata is already "tomorrow" in UTC terms: local days count.
    const k = { hour: 7, minute: 30, days: DAILY, timeZone: 'Asia/Kolkata' };
    const ks: Schedule = { ...k, ...createState(k, utc('2026-06-10T17:00:00Z')) };
    expect(iso(effectiveDue(snoozeUntilTomorrow(ks, utc('2026-06-10T17:00:00Z'))))).toBe('2026-06-11T02:00:00.000Z');
    expect(iso(effectiveDue(snoozeUntilTomorrow(ks, utc('2026-06-10T19:00:00Z'))))).toBe('2026-06-12T02:00:00.000Z');
  });

  it('over months of random ticks, snoozes, pauses and outages sends strictly increasing keys, each once', () => {
    const random = seededRandom(99);
    for (const zone of ['America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham']) {
      const r: ScheduleRule = { hour: 1 + Math.floor(random() * 3), minute: Math.floor(random() * 60), days: DAILY, timeZone: zone };
      let s: Schedule = { ...r, ...createState(r, utc('2026-01-01T00:00:00Z')) };
      let now = utc('2026-01-01T00:00:00Z');
      const sends: { key: number; at: number }[] = [];
      while (now < utc('2027-01-01T00:00:00Z')) {
        const roll = random();
        if (roll < 0.05) s = snoozeFor(s, HOUR, now);
        else if (roll < 0.07) s = snoozeUntilTomorrow(s, now);
        else if (roll < 0.08) s = pauseFor(s, 1 + Math.floor(random() * 3), now);
        else if (roll < 0.09) s = resume(s, now);
        // Usually wake exactly when due; sometimes a few minutes late, sometimes after a long outage.
        const due = effectiveDue(s);
        now = Math.max(now + MIN, due + (random() < 0.1 ? Math.floor(random() * 4 * HOUR) : Math.floor(random() * 3) * MIN));
        const { send, next } = tick(s, now);
        if (send !== null) {
          sends.push({ key: send, at: now });
          expect(send).toBeLessThanOrEqual(now);
          expect(now - send).toBeLessThanOrEqual(30 * MIN);
        }
        // A second tick at the same or the next minute never sends again.
        expect(tick(next, now).send).toBeNull();
        expect(afterTick(next, null, now + MIN).lastSentOccurrence).toBe(next.lastSentOccurrence);
        s = next;
      }
      for (let i = 1; i < sends.length; i++) expect(sends[i]!.key).toBeGreaterThan(sends[i - 1]!.key);
      expect(sends.length).toBeGreaterThan(150);
    }
  });
});
