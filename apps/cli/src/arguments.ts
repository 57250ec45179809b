import { InvalidArgumentError } from 'commander';
import { isCalendarDate, isIsoInstant } from '@gongkai/domain';

/** Argument parsers for commander: each rejects bad input with a message saying what is expected. */

export function positiveInteger(max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
      throw new InvalidArgumentError(`expected a whole number from 1 to ${max}`);
    }
    return Number(value);
  };
}

export function nonNegativeInteger(max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) > max) {
      throw new InvalidArgumentError(`expected a whole number from 0 to ${max}`);
    }
    return Number(value);
  };
}

export function calendarDate(value: string): string {
  if (!isCalendarDate(value))
    throw new InvalidArgumentError('expected a date as YYYY-MM-DD, e.g. 2026-02-10');
  return value;
}

export function isoInstant(value: string): string {
  if (!isIsoInstant(value)) {
    throw new InvalidArgumentError(
      'expected an ISO-8601 instant with a time zone, e.g. 2026-03-31T18:00:00+08:00',
    );
  }
  return value;
}

/** `a,b, c` -> ['a', 'b', 'c']; repeated options accumulate. */
export function commaList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  ];
}
