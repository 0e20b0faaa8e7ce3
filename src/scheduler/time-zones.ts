/**
 * UTC offsets per IANA zone without one Intl call per member.
 *
 * Each zone keeps a list of offset segments (start instant + offset) for a window of time that grows
 * lazily. Intl is only asked at a coarse grid and, where the offset changes between two grid points,
 * binary-searched down to the minute of the transition. Lookups are then a binary search over a handful
 * of numbers.
 *
 * "Wall ms" below means the local wall-clock time written as if it were UTC (Date.UTC of the local
 * fields), which makes local calendar arithmetic plain integer arithmetic.
 */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/**
 * The closest pair of transitions in tzdata 1970–2050 is 7 days apart (Asia/Gaza around Ramadan,
 * America/Recife in 2000); a 2-day grid therefore never steps over a pair that cancels out.
 */
const GRID_MS = 2 * DAY_MS;
/** Coverage grows in chunks of this size, aligned to the epoch so extension is deterministic. */
const CHUNK_MS = 180 * DAY_MS;
/** Further than this outside the cached window we ask Intl directly rather than fill years of cache. */
const MAX_EXTENSION_MS = 20 * 365 * DAY_MS;

type OffsetFn = (utcMs: number) => number;

/** Offset in minutes from one formatter call; `longOffset` renders e.g. "GMT+05:30", "GMT-03", "GMT". */
function intlOffsetFn(zone: string): OffsetFn {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
  return (utcMs) => {
    const text = format.format(utcMs);
    const at = text.lastIndexOf('GMT');
    const match = /^([+-])(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?/.exec(text.slice(at + 3));
    if (!match) return 0;
    const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0) + Math.round(Number(match[4] ?? 0) / 60);
    return match[1] === '-' ? -minutes : minutes;
  };
}

class ZoneOffsets {
  /** starts[i] is the first instant with offsets[i]; the last segment runs to `hi`. */
  private starts: number[] = [];
  private offsets: number[] = [];
  private lo = 0;
  private hi = 0;

  constructor(private readonly intl: OffsetFn) {}

  offsetAt(utcMs: number): number {
    const i = this.segmentIndex(utcMs);
    return i < 0 ? this.intl(utcMs) : this.offsets[i]!;
  }

  /** The instant the segment containing utcMs began: a transition, or the start of the cached window. */
  segmentStart(utcMs: number): number {
    const i = this.segmentIndex(utcMs);
    if (i >= 0) return this.starts[i]!;
    const before = this.intl(utcMs - DAY_MS);
    return before === this.intl(utcMs) ? utcMs : this.findChange(utcMs - DAY_MS, utcMs, before);
  }

  /** Index of the cached segment containing utcMs, or -1 when it is too far out to cache. */
  private segmentIndex(utcMs: number): number {
    if (!(utcMs >= this.lo && utcMs < this.hi) && !this.cover(utcMs)) return -1;
    const { starts } = this;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= utcMs) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** Extends the window towards utcMs; false when that is too far away to be worth caching. */
  private cover(utcMs: number): boolean {
    if (!Number.isFinite(utcMs)) return false;
    if (this.starts.length === 0) {
      const lo = Math.floor(utcMs / CHUNK_MS) * CHUNK_MS;
      this.lo = lo;
      this.hi = lo + CHUNK_MS;
      this.starts = [lo];
      this.offsets = [this.intl(lo)];
      this.scan(lo, this.hi, this.starts, this.offsets);
      return true;
    }
    if (utcMs < this.lo - MAX_EXTENSION_MS || utcMs >= this.hi + MAX_EXTENSION_MS) return false;
    while (utcMs >= this.hi) {
      const to = this.hi + CHUNK_MS;
      this.scan(this.hi, to, this.starts, this.offsets);
      this.hi = to;
    }
    while (utcMs < this.lo) {
      const from = this.lo - CHUNK_MS;
      const starts = [from];
      const offsets = [this.intl(from)];
      this.scan(from, this.lo, starts, offsets);
      // The old first segment may just continue the offset the new chunk ends with.
      const joined = offsets[offsets.length - 1] === this.offsets[0];
      this.starts = starts.concat(joined ? this.starts.slice(1) : this.starts);
      this.offsets = offsets.concat(joined ? this.offsets.slice(1) : this.offsets);
      this.lo = from;
    }
    return true;
  }

  /** First whole minute in (from, to] whose offset differs from `before`; at most one transition lies between. */
  private findChange(from: number, to: number, before: number): number {
    let low = from;
    let high = to;
    while (high - low > MINUTE_MS) {
      const mid = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
      if (this.intl(mid) === before) low = mid;
      else high = mid;
    }
    return high;
  }

  /** Appends the transitions in (from, to]; the arrays already end with the offset in force at `from`. */
  private scan(from: number, to: number, starts: number[], offsets: number[]): void {
    let before = offsets[offsets.length - 1]!;
    for (let a = from; a < to; a += GRID_MS) {
      const b = Math.min(a + GRID_MS, to);
      const after = this.intl(b);
      if (after === before) continue;
      starts.push(this.findChange(a, b, before));
      offsets.push(after);
      before = after;
    }
  }
}

const zones = new Map<string, ZoneOffsets>();

function zoneOffsets(zone: string): ZoneOffsets {
  let cached = zones.get(zone);
  if (!cached) {
    cached = new ZoneOffsets(intlOffsetFn(zone));
    zones.set(zone, cached);
  }
  return cached;
}

/** Minutes to add to UTC to get the zone's wall clock at that instant. Throws RangeError for an unknown zone. */
export function offsetMinutesAt(zone: string, utcMs: number): number {
  return zoneOffsets(zone).offsetAt(utcMs);
}

export function utcToWall(zone: string, utcMs: number): number {
  return utcMs + offsetMinutesAt(zone, utcMs) * MINUTE_MS;
}

/**
 * The instant a wall-clock time happens. An ambiguous time (clocks going back) resolves to its first
 * occurrence; a time skipped by clocks going forward resolves to the transition itself, i.e. the first
 * valid wall time after the gap (02:30 on a New York spring-forward day gives 03:00 EDT).
 */
export function wallToUtc(zone: string, wallMs: number): number {
  const offsets = zoneOffsets(zone);
  // Real offsets stay within ±14 h, so the offsets a day either side bracket every candidate instant.
  const before = offsets.offsetAt(wallMs - DAY_MS);
  const after = offsets.offsetAt(wallMs + DAY_MS);
  const early = wallMs - before * MINUTE_MS;
  if (before === after) {
    if (offsets.offsetAt(early) === before) return early;
  } else {
    const late = wallMs - after * MINUTE_MS;
    const earlyOk = offsets.offsetAt(early) === before;
    const lateOk = offsets.offsetAt(late) === after;
    if (earlyOk && lateOk) return Math.min(early, late);
    if (earlyOk) return early;
    if (lateOk) return late;
  }
  // In a gap: reading the wall time with the old offset lands just past the transition.
  return offsets.segmentStart(early);
}

/** Local weekday of a wall ms, 0 = Sunday (1970-01-01 was a Thursday). */
export function wallWeekday(wallMs: number): number {
  return (((Math.floor(wallMs / DAY_MS) + 4) % 7) + 7) % 7;
}

/** Drops cached offsets, e.g. for a long-running process after a tzdata update. */
export function clearZoneCache(): void {
  zones.clear();
}
