import { CalendarNotCovered } from './errors';
import {
  coveredYearsOf,
  holidayName,
  packagedArrangement,
  type HolidayArrangement,
} from './holiday-arrangement';
import {
  dayOfWeek,
  daysBetween,
  fromDayNumber,
  toDayNumber,
  type CalendarDate,
  yearOf,
} from './calendar-date';

/** Why a day is a working day or a rest day. */
export type DayKind =
  /** Monday to Friday, not a holiday. */
  | 'weekday'
  /** Saturday or Sunday, not moved (公休日). */
  | 'weekend'
  /** A day off under the State Council arrangement, including weekdays moved by 调休. */
  | 'holiday'
  /** A Saturday or Sunday declared a working day (调休上班). */
  | 'makeUpWorkingDay';

export interface DayInfo {
  date: CalendarDate;
  working: boolean;
  kind: DayKind;
  /** The festival a holiday or make-up working day belongs to. */
  festival?: { en: string; zh: string };
}

/** The working-day calendar of mainland China (State Council arrangement with make-up working days). */
export interface StatutoryCalendar {
  /** First and last year whose holiday arrangement the calendar holds (inclusive). */
  readonly coveredYears: { readonly from: number; readonly to: number };
  covers(date: CalendarDate): boolean;
  /** @throws CalendarNotCovered */
  assertCovered(date: CalendarDate): void;
  /** @throws CalendarNotCovered */
  describe(date: CalendarDate): DayInfo;
  isWorkingDay(date: CalendarDate): boolean;
  /** Weekend days that are not make-up working days, and statutory holidays (法定休假日). */
  isRestDay(date: CalendarDate): boolean;
  /** The first working day on or after `date`. */
  firstWorkingDayOnOrAfter(date: CalendarDate): CalendarDate;
  /**
   * The n-th working day after `from` (the starting day is not counted). `n = 0` returns `from`.
   * @throws RangeError for a negative or fractional n; CalendarNotCovered
   */
  addWorkingDays(from: CalendarDate, n: number): CalendarDate;
  /**
   * The last day of a period of n calendar days from `from` under 民法典 §201/§203: the starting day is not
   * counted, and a last day that is a rest day moves to the first working day after it.
   * @throws RangeError for a negative or fractional n; CalendarNotCovered
   */
  addCalendarDays(from: CalendarDate, n: number): CalendarDate;
  /**
   * Working days in `(a, b]` (a not counted, b counted); negative, counting `(b, a]`, when b is before a.
   * So `workingDaysBetween(d, addWorkingDays(d, n)) === n`.
   */
  workingDaysBetween(a: CalendarDate, b: CalendarDate): number;
}

function assertCount(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name}: n must be a whole number >= 0, got ${n}`);
}

export function createStatutoryCalendar(
  arrangement: HolidayArrangement = packagedArrangement,
): StatutoryCalendar {
  const years = new Set(coveredYearsOf(arrangement));
  if (years.size === 0) throw new Error('The holiday arrangement covers no year');
  const coveredYears = Object.freeze({ from: Math.min(...years), to: Math.max(...years) });

  const covers = (date: CalendarDate): boolean => years.has(yearOf(date));
  const assertCovered = (date: CalendarDate): void => {
    const year = yearOf(date);
    if (!years.has(year)) throw new CalendarNotCovered(year, coveredYears.from, coveredYears.to);
  };

  const describe = (date: CalendarDate): DayInfo => {
    assertCovered(date);
    const makeUp = arrangement.workdays[date];
    if (makeUp !== undefined) {
      return { date, working: true, kind: 'makeUpWorkingDay', festival: holidayName(makeUp) };
    }
    const holiday = arrangement.holidays[date];
    if (holiday !== undefined)
      return { date, working: false, kind: 'holiday', festival: holidayName(holiday) };
    const weekday = dayOfWeek(date);
    return weekday === 0 || weekday === 6
      ? { date, working: false, kind: 'weekend' }
      : { date, working: true, kind: 'weekday' };
  };

  // Deadline checks walk day by day; a table of working flags per day number (filled a year at a time on
  // first use) spares each step the date parsing and formatting. Uncovered years are never tabled, so
  // `describe` still throws CalendarNotCovered for them.
  const workingByDayNumber = new Map<number, boolean>();
  const tabledYears = new Set<number>();
  const isWorkingDayNumber = (dayNumber: number): boolean => {
    const known = workingByDayNumber.get(dayNumber);
    if (known !== undefined) return known;
    const date = fromDayNumber(dayNumber);
    const year = yearOf(date);
    if (!years.has(year) || tabledYears.has(year)) return describe(date).working;
    for (let day = toDayNumber(`${date.slice(0, 4)}-01-01`); yearOf(fromDayNumber(day)) === year; day += 1) {
      workingByDayNumber.set(day, describe(fromDayNumber(day)).working);
    }
    tabledYears.add(year);
    return workingByDayNumber.get(dayNumber)!;
  };

  const isWorkingDay = (date: CalendarDate): boolean => isWorkingDayNumber(toDayNumber(date));

  const firstWorkingDayNumberOnOrAfter = (dayNumber: number): number => {
    let day = dayNumber;
    while (!isWorkingDayNumber(day)) day += 1;
    return day;
  };

  const firstWorkingDayOnOrAfter = (date: CalendarDate): CalendarDate =>
    fromDayNumber(firstWorkingDayNumberOnOrAfter(toDayNumber(date)));

  const addWorkingDays = (from: CalendarDate, n: number): CalendarDate => {
    assertCount('addWorkingDays', n);
    assertCovered(from);
    let day = toDayNumber(from);
    for (let remaining = n; remaining > 0;) {
      day += 1;
      if (isWorkingDayNumber(day)) remaining -= 1;
    }
    return fromDayNumber(day);
  };

  const addCalendarDays = (from: CalendarDate, n: number): CalendarDate => {
    assertCount('addCalendarDays', n);
    assertCovered(from);
    return fromDayNumber(firstWorkingDayNumberOnOrAfter(toDayNumber(from) + n));
  };

  const workingDaysBetween = (a: CalendarDate, b: CalendarDate): number => {
    assertCovered(a);
    assertCovered(b);
    const span = daysBetween(a, b);
    const [start, length, sign] = span >= 0 ? [toDayNumber(a), span, 1] : [toDayNumber(b), -span, -1];
    let count = 0;
    for (let i = 1; i <= length; i += 1) if (isWorkingDayNumber(start + i)) count += 1;
    return sign * count;
  };

  return {
    coveredYears,
    covers,
    assertCovered,
    describe,
    isWorkingDay,
    isRestDay: (date) => !isWorkingDay(date),
    firstWorkingDayOnOrAfter,
    addWorkingDays,
    addCalendarDays,
    workingDaysBetween,
  };
}

/** The calendar built from the installed chinese-days data. */
export const statutoryCalendar: StatutoryCalendar = createStatutoryCalendar();
