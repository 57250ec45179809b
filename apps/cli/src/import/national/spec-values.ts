import { DEFAULT_NATIONAL_CODES, type NationalCodes } from '@gongkai/sinks';

/**
 * The inverse of the value conversions of the forward mapping (libs/sinks/src/mappers/national/record-kit.ts):
 * the specification's dates, flags, code tables and units back into the domain's values. Each throws a
 * `SpecValueError` naming the field, so a row is rejected with the reason rather than imported wrong.
 */
export class SpecValueError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'SpecValueError';
  }
}

const DATE_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const DATE = /^(\d{4})(\d{2})(\d{2})$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * `yyyyMMddHHmmss` or `yyyyMMdd` (Beijing time, as the specification writes them) or an ISO-8601 instant
 * (JSON exports often carry them) as an ISO instant with its +08:00 offset. A day alone is its midnight.
 */
export function specInstant(field: string, value: string): string {
  const full = DATE_TIME.exec(value);
  if (full) {
    const [, y, mo, d, h, mi, s] = full;
    return checked(field, `${y}-${mo}-${d}T${h}:${mi}:${s}+08:00`);
  }
  const day = DATE.exec(value) ?? ISO_DATE.exec(value);
  if (day) return checked(field, `${day[1]}-${day[2]}-${day[3]}T00:00:00+08:00`);
  if (ISO_INSTANT.test(value)) return checked(field, value);
  throw new SpecValueError(
    field,
    `expected yyyyMMddHHmmss, yyyyMMdd or an ISO-8601 instant, got ${JSON.stringify(value)}`,
  );
}

/** `yyyyMMdd` (or `yyyy-MM-dd`, or the day of a date-time) as `yyyy-MM-dd`. */
export function specDate(field: string, value: string): string {
  const day = DATE.exec(value.slice(0, 8)) ?? ISO_DATE.exec(value.slice(0, 10));
  if (!day) throw new SpecValueError(field, `expected yyyyMMdd, got ${JSON.stringify(value)}`);
  return checked(field, `${day[1]}-${day[2]}-${day[3]}T00:00:00+08:00`).slice(0, 10);
}

function checked(field: string, instant: string): string {
  const date = new Date(instant);
  // `20260231...` parses in JavaScript as 3 March: compare back to refuse days that do not exist.
  if (Number.isNaN(date.getTime())) throw new SpecValueError(field, `not a date: ${instant}`);
  const [y, mo, d] = instant.slice(0, 10).split('-').map(Number);
  const local = new Date(date.getTime() + (offsetMinutes(instant) ?? 0) * 60_000);
  if (local.getUTCFullYear() !== y || local.getUTCMonth() + 1 !== mo || local.getUTCDate() !== d) {
    throw new SpecValueError(field, `no such day: ${instant.slice(0, 10)}`);
  }
  return instant;
}

function offsetMinutes(instant: string): number | undefined {
  const match = /([+-])(\d{2}):(\d{2})$/.exec(instant);
  if (!match) return /Z$/.test(instant) ? 0 : undefined;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** `1`/`0` (and the T/F of 700 POST_PONE) as a boolean. */
export function specFlag(field: string, value: string): boolean {
  if (value === '1' || value === 'T' || value === 'Y') return true;
  if (value === '0' || value === 'F' || value === 'N') return false;
  throw new SpecValueError(field, `expected 1 or 0, got ${JSON.stringify(value)}`);
}

/** 价款形式代码 back to the domain's price form (the inverse of record-kit's priceFormCode). */
const PRICE_FORMS: Readonly<Record<string, 'amount' | 'rate' | 'unit_price' | 'other'>> = {
  '1': 'amount',
  '2': 'rate',
  '3': 'unit_price',
  '9': 'other',
};
export function specPriceForm(field: string, value: string): 'amount' | 'rate' | 'unit_price' | 'other' {
  const form = PRICE_FORMS[value];
  if (!form) throw new SpecValueError(field, `unknown 价款形式代码 ${JSON.stringify(value)} (1, 2, 3 or 9)`);
  return form;
}

/**
 * An amount in the record's 价格单位 (0 元, 1 万元) as the domain's yuan decimal string, exactly (decimal
 * shifting, never floats). Amounts are refused beyond two decimals of a yuan, as the domain refuses them.
 */
export function specYuan(field: string, value: string, unit: string | undefined): string {
  if (!/^\d+(\.\d+)?$/.test(value))
    throw new SpecValueError(field, `expected an amount, got ${JSON.stringify(value)}`);
  if (unit !== undefined && unit !== '0' && unit !== '1') {
    throw new SpecValueError(field, `unknown 价格单位 ${JSON.stringify(unit)} (0 元, 1 万元)`);
  }
  const yuan = unit === '1' ? shiftDecimal(value, 4) : trimDecimal(value);
  const fraction = yuan.split('.')[1] ?? '';
  if (fraction.length > 2) throw new SpecValueError(field, `${value} is not a whole number of fen`);
  return yuan;
}

/** A decimal string times 10^places, exactly (hectares to square metres, 万元 to yuan). */
export function shiftDecimal(value: string, places: number): string {
  const [whole = '0', fraction = ''] = value.split('.');
  const digits = whole + fraction.padEnd(places, '0');
  const point = whole.length + places;
  return trimDecimal(`${digits.slice(0, point)}.${digits.slice(point)}`);
}

function trimDecimal(value: string): string {
  const [whole = '0', fraction = ''] = value.split('.');
  const integer = whole.replace(/^0+(?=\d)/, '');
  const decimals = fraction.replace(/0+$/, '');
  return decimals === '' ? integer : `${integer}.${decimals}`;
}

/** A whole number of the record (years, days, rank). */
export function specInteger(field: string, value: string): number {
  if (!/^\d{1,9}$/.test(value))
    throw new SpecValueError(field, `expected a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** The domain value a province's code stands for, from the same code table the forward mapping sends. */
export function fromCode<K extends string>(
  field: string,
  table: Readonly<Record<K, string>>,
  value: string,
): K {
  const entry = Object.entries(table).find(([, code]) => code === value);
  if (!entry) {
    throw new SpecValueError(
      field,
      `unknown code ${JSON.stringify(value)} (expected ${Object.values(table).join(', ')})`,
    );
  }
  return entry[0] as K;
}

/** The code tables import reads with: the forward mapping's defaults (docs/sinks.md says how they are set). */
export const IMPORT_CODES: NationalCodes = DEFAULT_NATIONAL_CODES;
