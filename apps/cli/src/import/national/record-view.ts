import type { SourceRow } from '../source-row';
import {
  SpecValueError,
  specDate,
  specFlag,
  specInstant,
  specInteger,
  specPriceForm,
  specYuan,
} from './spec-values';

/** Column prefix of the facts a trail needs that the national data sets do not carry (docs/cli.md). */
export const SUPPLEMENT_PREFIX = 'gongkai:';
/** Supplement keys read as whole numbers (every other supplement is text, `true`/`false` a boolean). */
const NUMERIC_SUPPLEMENTS = new Set(['durationDays', 'termYears', 'tenureYears', 'rank', 'dwellingsOffered']);

/** A required event field filled from another field of the record, recorded on the event's marker. */
export interface Inference {
  field: string;
  from: string;
}

/**
 * Typed reads of one source record by national field name. `need*` throw a SpecValueError naming the field
 * when it is empty; conversions throw when the value is malformed: either rejects the row with that reason.
 */
export class RecordView {
  constructor(readonly source: SourceRow) {}

  get dataSet(): string {
    return this.source.dataSet;
  }

  text(field: string): string | undefined {
    const value = this.source.fields[field];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  need(field: string, why = 'the event requires it'): string {
    const value = this.text(field);
    if (value === undefined) throw new SpecValueError(field, `is empty, and ${why}`);
    return value;
  }

  instant(field: string): string | undefined {
    const value = this.text(field);
    return value === undefined ? undefined : specInstant(field, value);
  }

  needInstant(field: string): string {
    return specInstant(field, this.need(field));
  }

  date(field: string): string | undefined {
    const value = this.text(field);
    return value === undefined ? undefined : specDate(field, value);
  }

  flag(field: string): boolean | undefined {
    const value = this.text(field);
    return value === undefined ? undefined : specFlag(field, value);
  }

  integer(field: string): number | undefined {
    const value = this.text(field);
    return value === undefined ? undefined : specInteger(field, value);
  }

  /** An amount in the record's price unit (the unit field named, PRICE_UNIT by default). */
  yuan(field: string, unitField = 'PRICE_UNIT'): string | undefined {
    const value = this.text(field);
    return value === undefined ? undefined : specYuan(field, value, this.text(unitField));
  }

  needYuan(field: string, unitField = 'PRICE_UNIT'): string {
    return specYuan(field, this.need(field), this.text(unitField));
  }

  priceForm(field = 'PRICE_FORM_CODE') {
    const value = this.text(field);
    return value === undefined ? undefined : specPriceForm(field, value);
  }

  /** An organisation from its name and code fields; undefined when both are empty, an error when one is. */
  party(nameField: string, codeField: string): { name: string; creditCode: string } | undefined {
    const name = this.text(nameField);
    const creditCode = this.text(codeField);
    if (name === undefined && creditCode === undefined) return undefined;
    if (name === undefined) throw new SpecValueError(nameField, `is empty while ${codeField} is set`);
    if (creditCode === undefined) throw new SpecValueError(codeField, `is empty while ${nameField} is set`);
    return { name, creditCode };
  }

  needParty(nameField: string, codeField: string): { name: string; creditCode: string } {
    const party = this.party(nameField, codeField);
    if (!party)
      throw new SpecValueError(nameField, `and ${codeField} are empty, and the event requires them`);
    return party;
  }

  /** `gongkai:<path>` columns as a nested object (`gongkai:projectManager.name` -> { projectManager: { name } }). */
  supplements(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const [column, raw] of Object.entries(this.source.fields)) {
      if (!column.startsWith(SUPPLEMENT_PREFIX) || raw.trim() === '') continue;
      const path = column.slice(SUPPLEMENT_PREFIX.length).split('.');
      const key = path[path.length - 1]!;
      const value = raw.trim();
      const parsed =
        value === 'true'
          ? true
          : value === 'false'
            ? false
            : NUMERIC_SUPPLEMENTS.has(key)
              ? specInteger(column, value)
              : value;
      let target = result;
      for (const segment of path.slice(0, -1)) {
        const next = target[segment];
        target = (typeof next === 'object' && next !== null ? next : (target[segment] = {})) as Record<
          string,
          unknown
        >;
      }
      target[key] = parsed;
    }
    return result;
  }

  /** A supplement's text value (e.g. `gongkai:evaluationReportReceived`). */
  supplement(key: string): string | undefined {
    const value = this.source.fields[`${SUPPLEMENT_PREFIX}${key}`]?.trim();
    return value === '' ? undefined : value;
  }
}

/**
 * A required date: the record's own field, else a supplement, else another field of the record (the
 * inference named on the event). Throws when none is there.
 */
export function requiredInstant(
  view: RecordView,
  field: string,
  sources: { own?: string; fallback?: string },
  inferred: Inference[],
): string {
  if (sources.own !== undefined) {
    const own = view.instant(sources.own);
    if (own !== undefined) return own;
  }
  const supplement = view.supplement(field);
  if (supplement !== undefined) return specInstant(`${SUPPLEMENT_PREFIX}${field}`, supplement);
  if (sources.fallback !== undefined) {
    const fallback = view.instant(sources.fallback);
    if (fallback !== undefined) {
      inferred.push({ field, from: sources.fallback });
      return fallback;
    }
  }
  const named = [sources.own, `${SUPPLEMENT_PREFIX}${field}`, sources.fallback].filter(Boolean).join(', ');
  throw new SpecValueError(field, `the event requires it and the record has none of ${named}`);
}

/** Drops undefined members; undefined when nothing is left or a required member is missing. */
export function group<T extends Record<string, unknown>>(
  value: T,
  required: readonly (keyof T)[],
): T | undefined {
  if (required.some((key) => value[key] === undefined)) return undefined;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as T);
}

/** Drops undefined members of a data object (the schemas refuse nothing for absent optionals). */
export function defined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

/** A stage's notice (title and content) from two fields of the record, when both are there. */
export const noticeOf = (view: RecordView, title: string, content: string) =>
  group({ title: view.text(title), content: view.text(content) }, ['title', 'content']);

/** The publication group (URL, media, 责任人, 验证责任人) from the record's fields, when all four are there. */
export const publicationOf = (view: RecordView, fields: { media: string; duty: string; examiner: string }) =>
  group(
    {
      url: view.text('URL'),
      media: view.text(fields.media),
      bulletinDuty: view.text(fields.duty),
      examinerName: view.text(fields.examiner),
    },
    ['url', 'media', 'bulletinDuty', 'examinerName'],
  );
