import type { DomainEvent } from '../events';
import { reject, type Rejection } from './rejections';

/** Earliest year a disclosure's date may carry: the calendar arithmetic (and any real trail) starts after it. */
export const MIN_YEAR = 1900;

const DATE_LIKE = /^(\d{4})-\d{2}-\d{2}(T|$)/;

/** Every date or instant in `value` (by shape), with its dotted path. */
function* datesIn(value: unknown, path: string[]): Generator<[string, string, number]> {
  if (typeof value === 'string') {
    const match = DATE_LIKE.exec(value);
    if (match) yield [path.join('.'), value, Number(match[1])];
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* datesIn(value[i], [...path, String(i)]);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) yield* datesIn(item, [...path, key]);
  }
}

/** Whether any date or instant in `value` (by shape) lies before MIN_YEAR; allocates nothing. */
function hasEarlyYear(value: unknown): boolean {
  if (typeof value === 'string') {
    const match = DATE_LIKE.exec(value);
    return match !== null && Number(match[1]) < MIN_YEAR;
  }
  if (Array.isArray(value)) return value.some(hasEarlyYear);
  if (value !== null && typeof value === 'object') {
    for (const key in value) {
      if (hasEarlyYear((value as Record<string, unknown>)[key])) return true;
    }
  }
  return false;
}

/**
 * A date before MIN_YEAR anywhere in the event (`0099-03-02`, a year typed with two digits and padded) is
 * well-formed ISO 8601 but no disclosure date: refused as YEAR_OUT_OF_RANGE (422) naming each field, before
 * any deadline arithmetic runs on it (JavaScript's Date reads years 0-99 as 1900-1999).
 */
export function yearsOutOfRange(event: DomainEvent): { ok: false; rejection: Rejection } | undefined {
  // Every decision runs this: look for an early year first, and build field paths only to name one.
  if (!hasEarlyYear(event.metadata) && !hasEarlyYear(event.data)) return undefined;
  const found = [...datesIn(event.metadata, ['metadata']), ...datesIn(event.data, ['data'])].filter(
    ([, , year]) => year < MIN_YEAR,
  );
  if (found.length === 0) return undefined;
  const list = found.map(([path, value]) => `${path} ${value}`).join(', ');
  return reject(
    'YEAR_OUT_OF_RANGE',
    `Dates must lie in ${MIN_YEAR} or later: ${list}`,
    `日期不得早于${MIN_YEAR}年：${list}`,
    { fields: found.map(([path, value]) => ({ path, value })), minYear: MIN_YEAR },
  );
}
