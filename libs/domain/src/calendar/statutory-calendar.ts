import { CalendarNotCovered } from './errors';
import {
  FESTIVAL_NAMES,
  HOLIDAY_MEASURES_ARTICLES,
  PROVISIONAL_YEARS,
  provisionalHolidaysOf,
  type StatutoryDay,
} from './provisional-holidays';
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
  /** True when the year has no official arrangement and the day comes from the statutory rule alone. */
  provisional?: true;
  /** A provisional day in lieu (补假): the statutory day on a weekend it makes up for. */
  inLieuOf?: CalendarDate;
}

/** A year's official arrangement as an operator loads it from the State Council's notice. */
export interface OfficialYear {
  year: number;
  /** The notice, e.g. `国办发明电〔2026〕x号`. */
  source: string;
  /** Rest days beyond the weekends (法定节假日 and the weekdays moved next to them). */
  holidays: readonly CalendarDate[];
  /** Saturdays and Sundays declared working days (调休上班). */
  workdays: readonly CalendarDate[];
}

/** Where a year's working days come from. */
export type YearCoverage =
  | { year: number; provisional: false; origin: 'bundled' | 'loaded'; source: string }
  | { year: number; provisional: true; origin: 'statute'; source: string };

/** What the bundled arrangements are cited as. */
export const BUNDLED_SOURCE = 'chinese-days 1.5.7 (国务院办公厅关于部分节假日安排的通知)';

/** The working-day calendar of mainland China (State Council arrangement with make-up working days). */
export interface StatutoryCalendar {
  /** First and last year with an official arrangement, bundled or loaded (inclusive). */
  readonly coveredYears: { readonly from: number; readonly to: number };
  /** How a year is known: official (bundled or loaded), provisional, or undefined when not at all. */
  yearCoverage(year: number): YearCoverage | undefined;
  /** Every official year, and each provisional year up to the one after the last official year, ascending. */
  years(): YearCoverage[];
  /** The provisional years among those of the days from `a` to `b` (either order), ascending. */
  provisionalYearsBetween(a: CalendarDate, b: CalendarDate): number[];
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

interface LoadedYearTable {
  source: string;
  holidays: ReadonlySet<CalendarDate>;
  workdays: ReadonlySet<CalendarDate>;
}

function tableOf(official: OfficialYear): LoadedYearTable {
  return {
    source: official.source,
    holidays: new Set(official.holidays),
    workdays: new Set(official.workdays),
  };
}

function assertCount(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name}: n must be a whole number >= 0, got ${n}`);
}

export function createStatutoryCalendar(
  arrangement: HolidayArrangement = packagedArrangement,
  loaded: readonly OfficialYear[] = [],
): StatutoryCalendar {
  const bundledYears = new Set(coveredYearsOf(arrangement));
  if (bundledYears.size === 0) throw new Error('The holiday arrangement covers no year');
  // A loaded year overrides the bundled one; the last load of a year wins (a correction is another load).
  const loadedByYear = new Map<number, LoadedYearTable>();
  for (const official of loaded) loadedByYear.set(official.year, tableOf(official));
  const official = new Set([...bundledYears, ...loadedByYear.keys()]);
  const coveredYears = Object.freeze({ from: Math.min(...official), to: Math.max(...official) });
  const provisionalTables = new Map<number, Map<CalendarDate, StatutoryDay>>();

  const yearCoverage = (year: number): YearCoverage | undefined => {
    const loadedYear = loadedByYear.get(year);
    if (loadedYear) return { year, provisional: false, origin: 'loaded', source: loadedYear.source };
    if (bundledYears.has(year))
      return { year, provisional: false, origin: 'bundled', source: BUNDLED_SOURCE };
    if (year >= PROVISIONAL_YEARS.from && year <= PROVISIONAL_YEARS.to) {
      return { year, provisional: true, origin: 'statute', source: HOLIDAY_MEASURES_ARTICLES };
    }
    return undefined;
  };

  const years = (): YearCoverage[] => {
    const last = Math.min(Math.max(coveredYears.to + 1, PROVISIONAL_YEARS.from), PROVISIONAL_YEARS.to);
    const all: YearCoverage[] = [];
    for (let year = coveredYears.from; year <= last; year += 1) {
      const coverage = yearCoverage(year);
      if (coverage) all.push(coverage);
    }
    return all;
  };

  const provisionalYearsBetween = (a: CalendarDate, b: CalendarDate): number[] => {
    const [first, last] = [yearOf(a), yearOf(b)].sort((x, y) => x - y) as [number, number];
    const found: number[] = [];
    for (let year = first; year <= last; year += 1) if (yearCoverage(year)?.provisional) found.push(year);
    return found;
  };

  const covers = (date: CalendarDate): boolean => yearCoverage(yearOf(date)) !== undefined;
  const assertCovered = (date: CalendarDate): void => {
    const year = yearOf(date);
    if (!yearCoverage(year)) throw new CalendarNotCovered(year, coveredYears.from, PROVISIONAL_YEARS.to);
  };

  const provisionalDay = (year: number, date: CalendarDate): StatutoryDay | undefined => {
    let table = provisionalTables.get(year);
    if (!table) {
      table = new Map(provisionalHolidaysOf(year).map((day) => [day.date, day]));
      provisionalTables.set(year, table);
    }
    return table.get(date);
  };

  const weekdayOrWeekend = (date: CalendarDate): DayInfo => {
    const weekday = dayOfWeek(date);
    return weekday === 0 || weekday === 6
      ? { date, working: false, kind: 'weekend' }
      : { date, working: true, kind: 'weekday' };
  };

  const describe = (date: CalendarDate): DayInfo => {
    assertCovered(date);
    const year = yearOf(date);
    const loadedYear = loadedByYear.get(year);
    if (loadedYear) {
      if (loadedYear.workdays.has(date)) return { date, working: true, kind: 'makeUpWorkingDay' };
      if (loadedYear.holidays.has(date)) return { date, working: false, kind: 'holiday' };
      return weekdayOrWeekend(date);
    }
    if (!bundledYears.has(year)) {
      const day = provisionalDay(year, date);
      if (!day) return { ...weekdayOrWeekend(date), provisional: true };
      return {
        date,
        working: false,
        kind: 'holiday',
        festival: FESTIVAL_NAMES[day.festival],
        provisional: true,
        ...(day.inLieuOf ? { inLieuOf: day.inLieuOf } : {}),
      };
    }
    const makeUp = arrangement.workdays[date];
    if (makeUp !== undefined) {
      return { date, working: true, kind: 'makeUpWorkingDay', festival: holidayName(makeUp) };
    }
    const holiday = arrangement.holidays[date];
    if (holiday !== undefined)
      return { date, working: false, kind: 'holiday', festival: holidayName(holiday) };
    return weekdayOrWeekend(date);
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
    if (!yearCoverage(year) || tabledYears.has(year)) return describe(date).working;
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
    yearCoverage,
    years,
    provisionalYearsBetween,
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
