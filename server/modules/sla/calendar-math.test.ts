import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, datesInRange, type CalendarSpec } from './calendar-math.ts';
import type { WeeklyHours } from './schema.ts';

const split = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '18:00' },
];
const weekdaysOnly = (hours: { start: string; end: string }[]): WeeklyHours => ({
  mon: hours,
  tue: hours,
  wed: hours,
  thu: hours,
  fri: hours,
  sat: [],
  sun: [],
});

/** Beijing office hours with the official 2025 National Day schedule (10/1–10/8 off, Sun 9/28 and Sat 10/11 worked). */
const beijing: CalendarSpec = {
  timezone: 'Asia/Shanghai',
  weeklyHours: weekdaysOnly(split),
  holidays: datesInRange('2025-10-01', '2025-10-08').map((date) => ({ date, name: '国庆节、中秋节' })),
  workdays: [
    { date: '2025-09-28', name: '国庆节补班' },
    { date: '2025-10-11', name: '国庆节补班' },
  ],
};
const newYork: CalendarSpec = {
  timezone: 'America/New_York',
  weeklyHours: weekdaysOnly([{ start: '09:00', end: '17:00' }]),
  holidays: [],
  workdays: [],
};
const allDay = [{ start: '00:00', end: '24:00' }];
const newYorkAround: CalendarSpec = {
  ...newYork,
  weeklyHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
};

describe('addBusinessMinutes', () => {
  it.each([
    ['within one interval', beijing, '2025-09-22T09:30:00+08:00', 60, '2025-09-22T10:30:00+08:00'],
    ['over the lunch break', beijing, '2025-09-22T11:30:00+08:00', 60, '2025-09-22T13:30:00+08:00'],
    ['before opening', beijing, '2025-09-22T07:00:00+08:00', 10, '2025-09-22T09:10:00+08:00'],
    ['over a weekend onto a make-up Sunday (补班)', beijing, '2025-09-26T17:00:00+08:00', 120, '2025-09-28T10:00:00+08:00'],
    ['over the National Day holidays', beijing, '2025-09-30T17:30:00+08:00', 60, '2025-10-09T09:30:00+08:00'],
    ['onto a make-up Saturday', beijing, '2025-10-10T17:00:00+08:00', 90, '2025-10-11T09:30:00+08:00'],
    ['a fraction of a minute', beijing, '2025-09-22T17:59:30+08:00', 1, '2025-09-23T09:00:30+08:00'],
    ['New York over the autumn DST change', newYork, '2025-10-31T16:00:00-04:00', 120, '2025-11-03T10:00:00-05:00'],
    ['New York over the spring DST change', newYork, '2026-03-06T16:30:00-05:00', 60, '2026-03-09T09:30:00-04:00'],
    ['a 25-hour Sunday counts its real hours', newYorkAround, '2025-11-01T12:00:00-04:00', 1440, '2025-11-02T11:00:00-05:00'],
    ['a 23-hour Sunday counts its real hours', newYorkAround, '2026-03-07T12:00:00-05:00', 1440, '2026-03-08T13:00:00-04:00'],
    ['no calendar: 24×7', null, '2025-10-01T23:00:00+08:00', 90, '2025-10-02T00:30:00+08:00'],
  ])('%s', (_name, cal, start, minutes, expected) => {
    expect(addBusinessMinutes(cal, new Date(start), minutes)?.toISOString()).toBe(new Date(expected).toISOString());
  });

  it('returns null for a calendar without working hours', () => {
    const closed: CalendarSpec = { ...beijing, weeklyHours: weekdaysOnly([]), workdays: [] };
    expect(addBusinessMinutes(closed, new Date('2025-09-22T09:00:00Z'), 10)).toBeNull();
  });
});

describe('businessMinutesBetween', () => {
  it.each([
    ['same interval', beijing, '2025-09-22T09:00:00+08:00', '2025-09-22T09:45:00+08:00', 45],
    ['around lunch', beijing, '2025-09-22T11:00:00+08:00', '2025-09-22T14:00:00+08:00', 120],
    ['over a weekend', beijing, '2025-09-19T17:00:00+08:00', '2025-09-22T10:00:00+08:00', 120],
    ['over the holidays', beijing, '2025-09-30T17:00:00+08:00', '2025-10-09T10:00:00+08:00', 120],
    ['backwards is zero', beijing, '2025-09-22T10:00:00+08:00', '2025-09-22T09:00:00+08:00', 0],
    ['New York over DST', newYork, '2025-10-31T16:00:00-04:00', '2025-11-03T10:00:00-05:00', 120],
    ['no calendar', null, '2025-09-22T10:00:00Z', '2025-09-22T12:30:00Z', 150],
  ])('%s', (_name, cal, from, to, expected) => {
    expect(businessMinutesBetween(cal, new Date(from), new Date(to))).toBe(expected);
  });

  it('is the inverse of addBusinessMinutes', () => {
    const start = new Date('2025-09-26T15:17:00+08:00');
    for (const minutes of [1, 59, 400, 2000, 5000]) {
      expect(businessMinutesBetween(beijing, start, addBusinessMinutes(beijing, start, minutes)!)).toBeCloseTo(minutes, 6);
    }
  });
});

describe('datesInRange', () => {
  it('lists every day, across month ends', () => {
    expect(datesInRange('2025-01-30', '2025-02-02')).toEqual(['2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02']);
  });
});
