/**
 * Business-time arithmetic on a calendar, with Intl only (no date library):
 * weekly hours in an IANA time zone, holidays and make-up working days.
 * Instants are `Date`s; civil dates are `YYYY-MM-DD` strings in the zone.
 */
import { weekdays, type CalendarDay, type WeeklyHours } from './schema.ts';

/** What the math needs of a calendar (a row or a draft). */
export interface CalendarSpec {
  timezone: string;
  weeklyHours: WeeklyHours;
  holidays: CalendarDay[];
  workdays: CalendarDay[];
}

const MINUTE = 60_000;
/** Days looked ahead before concluding a calendar has no working time (ten years). */
const MAX_DAYS = 3660;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** True when Intl knows the zone. */
export function isValidTimezone(timezone: string): boolean {
  try {
    formatterFor(timezone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's wall clock at an instant, as if it were UTC (ms), floored to the second. */
function wallClockMs(instant: number, timezone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timezone).formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

/** The zone's offset from UTC at an instant, in ms. */
function offsetMs(instant: number, timezone: string): number {
  const floored = Math.floor(instant / 1000) * 1000;
  return wallClockMs(floored, timezone) - floored;
}

/** The instant of a local wall-clock time (ms since the epoch); a time skipped by DST moves forward by the gap. */
function zonedToInstant(localAsUtc: number, timezone: string): number {
  const first = localAsUtc - offsetMs(localAsUtc, timezone);
  const second = localAsUtc - offsetMs(first, timezone);
  return offsetMs(second, timezone) === offsetMs(first, timezone) ? second : Math.max(first, second);
}

const DAY = 86_400_000;
const isoDay = (dayUtc: number) => new Date(dayUtc).toISOString().slice(0, 10);
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The working intervals of a civil day (as UTC-midnight ms), in local minutes since midnight. */
function dayIntervals(cal: CalendarSpec, dayUtc: number): [number, number][] {
  const date = isoDay(dayUtc);
  if (cal.holidays.some((h) => h.date === date)) return [];
  let intervals = cal.weeklyHours[weekdays[(new Date(dayUtc).getUTCDay() + 6) % 7]!] ?? [];
  if (cal.workdays.some((w) => w.date === date)) intervals = firstWorkingWeekday(cal);
  return intervals
    .map((i) => [minutesOf(i.start), minutesOf(i.end)] as [number, number])
    .filter(([s, e]) => e > s)
    .sort((x, y) => x[0] - y[0]);
}

/** Make-up days (补班) work the hours of the first weekday that has any. */
function firstWorkingWeekday(cal: CalendarSpec) {
  for (const d of weekdays) if (cal.weeklyHours[d]?.length) return cal.weeklyHours[d];
  return [];
}

/** The working intervals touching [from, …), as instants, day by day in the zone. */
function* workingIntervals(cal: CalendarSpec, from: number): Generator<[number, number]> {
  const local = wallClockMs(from, cal.timezone);
  let dayUtc = Math.floor(local / DAY) * DAY - DAY; // start a day early: an interval may span the offset
  for (let i = 0; i < MAX_DAYS; i++, dayUtc += DAY) {
    for (const [s, e] of dayIntervals(cal, dayUtc)) {
      const start = zonedToInstant(dayUtc + s * MINUTE, cal.timezone);
      const end = zonedToInstant(dayUtc + e * MINUTE, cal.timezone);
      if (end > from) yield [Math.max(start, from), end];
    }
  }
}

/**
 * The instant `minutes` business minutes after `start` (fractions allowed);
 * without a calendar, plain minutes (24×7). Null when the calendar has no
 * working time in the next ten years.
 *
 * @example addBusinessMinutes(cal, new Date('2026-10-09T09:30:00+08:00'), 60) // 10:30 that day
 */
export function addBusinessMinutes(cal: CalendarSpec | null, start: Date, minutes: number): Date | null {
  if (!cal) return new Date(start.getTime() + minutes * MINUTE);
  let left = minutes * MINUTE;
  if (left <= 0) return new Date(start);
  for (const [s, e] of workingIntervals(cal, start.getTime())) {
    if (e - s >= left) return new Date(s + left);
    left -= e - s;
  }
  return null;
}

/**
 * Business minutes from `from` to `to` (0 when `to` is not later); without a
 * calendar, plain minutes.
 *
 * @example businessMinutesBetween(cal, fridayAt17, mondayAt10) // 120 on a 9–18 calendar
 */
export function businessMinutesBetween(cal: CalendarSpec | null, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  if (!cal) return (b - a) / MINUTE;
  let total = 0;
  for (const [s, e] of workingIntervals(cal, a)) {
    if (s >= b) break;
    total += Math.min(e, b) - s;
  }
  return total / MINUTE;
}

/**
 * Whether `at` falls inside a working interval of the calendar; without a
 * calendar (24×7), always.
 *
 * @example isOpenAt(cal, new Date('2026-10-01T10:00:00+08:00')) // false on 国庆节
 */
export function isOpenAt(cal: CalendarSpec | null, at: Date): boolean {
  if (!cal) return true;
  for (const [s] of workingIntervals(cal, at.getTime())) return s <= at.getTime();
  return false;
}

/** Every civil date from `from` to `to` inclusive (`YYYY-MM-DD`), for the "add a range" of holidays. */
export function datesInRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`) && out.length < 366; d += DAY) out.push(isoDay(d));
  return out;
}
