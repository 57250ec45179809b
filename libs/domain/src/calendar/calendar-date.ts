import { InvalidCalendarDate } from './errors';

/**
 * A calendar date in Asia/Shanghai, written `YYYY-MM-DD`. Plain strings keep events, JSON and the HTTP API
 * simple; every function here validates what it is given.
 */
export type CalendarDate = string;

/** Beijing time is UTC+08:00 all year: China has observed no daylight saving time since 1991. */
export const SHANGHAI_UTC_OFFSET_MINUTES = 8 * 60;

const MS_PER_DAY = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
// An instant must carry its offset (Z or ±hh:mm); a local time without one would depend on the reader's zone.
const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Day number since 1970-01-01 (UTC arithmetic only, so the machine's time zone never matters). */
export function toDayNumber(date: CalendarDate): number {
  const known = typeof date === 'string' ? dayNumbers.get(date) : undefined;
  if (known !== undefined) return known;
  const dayNumber = parseDayNumber(date);
  // Bounded: a flood of distinct dates must not grow the memo without limit.
  if (dayNumbers.size >= DAY_NUMBER_MEMO_SIZE) dayNumbers.clear();
  dayNumbers.set(date, dayNumber);
  return dayNumber;
}

/** Valid dates already parsed (the deadline checks see the same few hundred dates again and again). */
const dayNumbers = new Map<string, number>();
const DAY_NUMBER_MEMO_SIZE = 50_000;

function parseDayNumber(date: CalendarDate): number {
  const match = typeof date === 'string' ? DATE_PATTERN.exec(date) : null;
  if (!match) throw new InvalidCalendarDate(date, 'expected YYYY-MM-DD');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw new InvalidCalendarDate(date, 'no such day in the calendar');
  }
  return ms / MS_PER_DAY;
}

export function fromDayNumber(dayNumber: number): CalendarDate {
  const index = dayNumber - MEMO_FIRST_DAY;
  if (Number.isInteger(dayNumber) && index >= 0 && index < MEMO_DAYS) {
    return (dates[index] ??= new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10));
  }
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * The dates of day numbers 1900-01-01..2099-12-31, written as they are first asked for (working-day counts
 * step through the same days again and again, once per deadline rule and event).
 */
const MEMO_FIRST_DAY = Date.UTC(1900, 0, 1) / MS_PER_DAY;
const MEMO_DAYS = Date.UTC(2100, 0, 1) / MS_PER_DAY - MEMO_FIRST_DAY;
const dates: (CalendarDate | undefined)[] = [];

export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false;
  try {
    toDayNumber(value);
    return true;
  } catch {
    return false;
  }
}

export function yearOf(date: CalendarDate): number {
  toDayNumber(date);
  return Number(date.slice(0, 4));
}

/** 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(date: CalendarDate): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** Plain arithmetic on the Gregorian calendar, no legal rule applied. */
export function addDays(date: CalendarDate, n: number): CalendarDate {
  if (!Number.isInteger(n)) throw new RangeError(`addDays: n must be an integer, got ${n}`);
  return fromDayNumber(toDayNumber(date) + n);
}

/** `b - a` in calendar days. */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return Math.sign(daysBetween(b, a));
}

/**
 * The Asia/Shanghai calendar date of an instant: an ISO 8601 timestamp with an explicit offset
 * (`2025-01-27T18:30:00Z` → `2025-01-28`), or a `Date`. A bare `YYYY-MM-DD` is returned as it is.
 * The rule is fixed: shift the UTC instant by +08:00 and read the UTC calendar date.
 */
export function toShanghaiDate(value: CalendarDate | string | Date): CalendarDate {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InvalidCalendarDate(value, 'invalid Date');
    return fromDayNumber(Math.floor((value.getTime() + SHANGHAI_UTC_OFFSET_MINUTES * 60_000) / MS_PER_DAY));
  }
  if (typeof value !== 'string') throw new InvalidCalendarDate(value, 'expected a string or a Date');
  if (DATE_PATTERN.test(value)) {
    toDayNumber(value);
    return value;
  }
  if (!INSTANT_PATTERN.test(value)) {
    throw new InvalidCalendarDate(
      value,
      'expected YYYY-MM-DD or an ISO 8601 instant with an offset (Z or ±hh:mm)',
    );
  }
  toDayNumber(value.slice(0, 10));
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new InvalidCalendarDate(value, 'unparseable instant');
  return toShanghaiDate(new Date(ms));
}
