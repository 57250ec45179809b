import { InvalidCalendarDate } from './errors';
import {
  addDays,
  compareDates,
  dayOfWeek,
  daysBetween,
  isCalendarDate,
  toShanghaiDate,
  yearOf,
} from './calendar-date';

describe('CalendarDate', () => {
  it('rejects strings that are not real YYYY-MM-DD days', () => {
    for (const bad of ['2025-02-29', '2025-13-01', '2025-1-5', '20250105', '2025-01-05T00:00:00Z', '']) {
      expect(isCalendarDate(bad)).toBe(false);
      expect(() => addDays(bad, 1)).toThrow(InvalidCalendarDate);
    }
    expect(isCalendarDate('2024-02-29')).toBe(true);
  });

  it('does plain Gregorian arithmetic across months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(daysBetween('2025-01-24', '2025-02-10')).toBe(17);
    expect(compareDates('2025-01-24', '2025-02-10')).toBe(-1);
    expect(compareDates('2025-02-10', '2025-02-10')).toBe(0);
    expect(yearOf('2026-10-01')).toBe(2026);
  });

  it('knows the day of the week without the machine time zone', () => {
    expect(dayOfWeek('2025-01-26')).toBe(0); // Sunday
    expect(dayOfWeek('2025-02-08')).toBe(6); // Saturday
    expect(dayOfWeek('2026-10-01')).toBe(4); // Thursday
    expect(dayOfWeek('1969-12-31')).toBe(3); // before the epoch too
  });

  it('converts instants to the Beijing calendar day by the fixed +08:00 rule', () => {
    expect(toShanghaiDate('2025-01-27T15:59:59Z')).toBe('2025-01-27');
    expect(toShanghaiDate('2025-01-27T16:00:00Z')).toBe('2025-01-28');
    expect(toShanghaiDate('2025-01-28T00:30:00+08:00')).toBe('2025-01-28');
    expect(toShanghaiDate('2025-01-27T12:00:00-05:00')).toBe('2025-01-28');
    expect(toShanghaiDate('2025-01-27T10:00:00.123+08:00')).toBe('2025-01-27');
    expect(toShanghaiDate(new Date(Date.UTC(2025, 8, 30, 16, 0, 0)))).toBe('2025-10-01');
    expect(toShanghaiDate('2025-10-01')).toBe('2025-10-01');
  });

  it('refuses instants without an offset and impossible dates', () => {
    expect(() => toShanghaiDate('2025-01-27T10:00:00')).toThrow(InvalidCalendarDate);
    expect(() => toShanghaiDate('2025-02-30T10:00:00Z')).toThrow(InvalidCalendarDate);
    expect(() => toShanghaiDate('yesterday')).toThrow(/ISO 8601 instant with an offset/);
    expect(() => toShanghaiDate(new Date(Number.NaN))).toThrow(InvalidCalendarDate);
  });
});
