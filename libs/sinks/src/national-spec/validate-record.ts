import { isValidRegionCode } from '@gongkai/domain';
import type { SinkFieldRecord, SinkFieldValue } from '../mappers/sink-record';
import { ENVELOPE_FIELD_NAMES, specDataSet, type SpecField } from './spec-data-sets';

/** The rule a value breaks, named as the specification's validators are. */
export type SpecRule =
  | 'unknown-data-set'
  | 'unknown-field'
  | 'required'
  | 'flat-value'
  | 'fixed-length'
  | 'max-length'
  | 'min-length'
  | 'number'
  | 'date-format'
  | 'code-table'
  | 'region-code';

export interface SpecViolation {
  dataSet: string;
  field: string;
  rule: SpecRule;
  message: string;
}

export interface ValidateOptions {
  /** Field names allowed besides the data set's and the envelope's (gongkai's own 信息来源 fields). */
  extraFields?: ReadonlySet<string>;
}

/**
 * Checks one record against its data set's field rules, as the receiving platform would: every required
 * field present and non-empty, lengths, digits, date formats, code tables with public values, region codes,
 * and no field the data set does not define. Returns every violation (empty: the record would be taken).
 */
export function validateSpecRecord(
  dataSet: string,
  fields: SinkFieldRecord,
  options: ValidateOptions = {},
): SpecViolation[] {
  const spec = specDataSet(dataSet);
  if (spec === undefined) {
    return [
      {
        dataSet,
        field: '',
        rule: 'unknown-data-set',
        message: `data set ${dataSet} is not in the specification tables`,
      },
    ];
  }
  const violations: SpecViolation[] = [];
  const known = new Set(spec.fields.map((field) => field.name));
  for (const name of Object.keys(fields)) {
    if (!known.has(name) && !ENVELOPE_FIELD_NAMES.has(name) && !options.extraFields?.has(name)) {
      violations.push({
        dataSet,
        field: name,
        rule: 'unknown-field',
        message: `${name} is not a field of ${dataSet} ${spec.name}`,
      });
    }
  }
  for (const field of spec.fields) {
    const problem = fieldProblem(field, fields[field.name]);
    if (problem)
      violations.push({
        dataSet,
        field: field.name,
        rule: problem.rule,
        message: `${field.name} (${field.cnName}) ${problem.message}`,
      });
  }
  return violations;
}

function fieldProblem(
  field: SpecField,
  value: SinkFieldValue | undefined,
): { rule: SpecRule; message: string } | undefined {
  if (value === undefined || value === null || value === '') {
    return field.required ? { rule: 'required', message: 'is required' } : undefined;
  }
  if (typeof value === 'object') return { rule: 'flat-value', message: 'must be a single value, not a list' };
  const text = String(value);
  // Multi-valued fields (相关标段编号…) are `;`-separated; lengths and codes hold for each item.
  const items = text.split(';').filter((item) => item !== '');
  if (field.fixedLength !== undefined && items.some((item) => item.length !== field.fixedLength)) {
    return {
      rule: 'fixed-length',
      message: `must be ${field.fixedLength} characters, got ${JSON.stringify(text)}`,
    };
  }
  if (field.maxLength !== undefined && text.length > field.maxLength) {
    return {
      rule: 'max-length',
      message: `must be at most ${field.maxLength} characters, got ${text.length}`,
    };
  }
  if (field.minLength !== undefined && text.length < field.minLength) {
    return {
      rule: 'min-length',
      message: `must be at least ${field.minLength} characters, got ${text.length}`,
    };
  }
  if (field.number && !fitsNumber(text, field.number.integerDigits, field.number.decimalDigits)) {
    return {
      rule: 'number',
      message: `must be a number of at most ${field.number.integerDigits} integer and ${field.number.decimalDigits} decimal digits, got ${JSON.stringify(text)}`,
    };
  }
  if (field.dateFormat && !isSpecDate(text, field.dateFormat)) {
    return { rule: 'date-format', message: `must be ${field.dateFormat}, got ${JSON.stringify(text)}` };
  }
  const values = field.codeTable?.values;
  if (values && items.some((item) => !(item in values))) {
    return {
      rule: 'code-table',
      message: `must be a code of ${field.codeTable!.name} (${Object.keys(values).join(', ')}), got ${JSON.stringify(text)}`,
    };
  }
  if (field.regionCode && !isValidRegionCode(text.slice(0, 6))) {
    return {
      rule: 'region-code',
      message: `must start with a GB/T 2260 region code, got ${JSON.stringify(text)}`,
    };
  }
  return undefined;
}

function fitsNumber(text: string, integerDigits: number, decimalDigits: number): boolean {
  const match = /^-?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return false;
  return match[1]!.length <= integerDigits && (match[2]?.length ?? 0) <= decimalDigits;
}

function isSpecDate(text: string, format: 'yyyyMMddHHmmss' | 'yyyyMMdd'): boolean {
  const match =
    format === 'yyyyMMdd'
      ? /^(\d{4})(\d{2})(\d{2})$/.exec(text)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1).map(Number) as number[];
  const date = new Date(Date.UTC(year!, month! - 1, day!, hour, minute, second));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month! - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
}
