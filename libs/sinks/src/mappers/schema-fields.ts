import type { z } from 'zod';
import type { SinkFieldRecord, SinkFieldValue } from './sink-record';
import { toSpecDate, toSpecDateTime } from './data-timestamp';

/**
 * Collects `target field -> value` from an event's (redacted) data, naming fields either by schema
 * metadata (`.meta({ ... })`) or by the field's dotted path (`winBidder.creditCode`, as the domain's
 * SPEC_FIELDS table records them). The walk follows the schema, takes values from the data, flattens
 * nested objects, picks the matching variant of a union, and turns arrays of objects into lists of
 * sub-records. Only fields the schema declares can be named, so a key the schema does not know never
 * leaks through. Fields absent from the data (removed by redaction, or optional) are left out.
 */

/**
 * Picks the target's field name for a schema node, from its metadata or from its dotted path in the data
 * (object keys only: the elements of an array share their array's path, `candidates.name`).
 */
export type FieldNameOf = (meta: Readonly<Record<string, unknown>> | undefined, path: string) => string | undefined;

/** How dates and instants are written for a target. */
export interface ValueFormat {
  /** An ISO instant with offset, e.g. `2026-03-02T09:00:00+08:00`. */
  instant(value: string): string;
  /** A calendar date `yyyy-MM-dd`. */
  date(value: string): string;
}

/** The national data specification: `yyyyMMddHHmmss` (Beijing time) and `yyyyMMdd`. */
export const NATIONAL_SPEC_FORMAT: ValueFormat = { instant: toSpecDateTime, date: toSpecDate };

type Schema = z.core.$ZodType;

interface Def {
  type: string;
  innerType?: Schema;
  in?: Schema;
  out?: Schema;
  shape?: Record<string, Schema>;
  options?: readonly Schema[];
  discriminator?: string;
  element?: Schema;
  getter?: () => Schema;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

export function collectSchemaFields(
  schema: Schema,
  data: unknown,
  fieldNameOf: FieldNameOf,
  format: ValueFormat = NATIONAL_SPEC_FORMAT,
): SinkFieldRecord {
  return collectAt(schema, data, { fieldNameOf, format }, '');
}

interface Walk {
  fieldNameOf: FieldNameOf;
  format: ValueFormat;
}

/** The named fields below a node (its own name, if any, is the caller's): the sub-record of a named field. */
function collectAt(schema: Schema, data: unknown, walkWith: Walk, path: string): SinkFieldRecord {
  const fields: Record<string, SinkFieldValue> = {};
  walkChildren(unwrap(schema, () => undefined, path).node, data, walkWith, path, fields);
  return fields;
}

function walk(schema: Schema, value: unknown, walkWith: Walk, path: string, into: Record<string, SinkFieldValue>): void {
  if (value === undefined) return;
  const { node, name } = unwrap(schema, walkWith.fieldNameOf, path);
  if (name !== undefined) {
    const converted = convert(node, value, walkWith, path);
    if (converted !== undefined) into[name] = converted;
    return;
  }
  walkChildren(node, value, walkWith, path, into);
}

function walkChildren(
  node: Schema,
  value: unknown,
  walkWith: Walk,
  path: string,
  into: Record<string, SinkFieldValue>,
): void {
  const def = defOf(node);
  if (def.type === 'object' && def.shape && isRecord(value)) {
    for (const [key, child] of Object.entries(def.shape)) {
      walk(child, value[key], walkWith, path === '' ? key : `${path}.${key}`, into);
    }
    return;
  }
  if (def.type === 'union' && def.options) {
    const option = matchingOption(def, value);
    if (option) walkChildren(unwrap(option, () => undefined, path).node, value, walkWith, path, into);
  }
}

/** Strips optional/nullable/default/... wrappers, remembering the first field name met on the way. */
function unwrap(schema: Schema, fieldNameOf: FieldNameOf, path: string): { node: Schema; name: string | undefined } {
  let node = schema;
  let name = fieldNameOf(metaOf(node), path);
  for (;;) {
    const def = defOf(node);
    let inner: Schema | undefined;
    if (WRAPPERS.has(def.type)) inner = def.innerType;
    else if (def.type === 'pipe') inner = def.in;
    else if (def.type === 'lazy') inner = def.getter?.();
    if (!inner) return { node, name };
    node = inner;
    name ??= fieldNameOf(metaOf(node), path);
  }
}

function convert(node: Schema, value: unknown, walkWith: Walk, path: string): SinkFieldValue | undefined {
  if (value === null) return null;
  if (typeof value === 'string') return convertString(value, walkWith.format);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  const def = defOf(node);
  if (Array.isArray(value)) {
    if (def.type !== 'array' || !def.element) return undefined;
    const element = def.element;
    if (value.every((item) => typeof item === 'string' || typeof item === 'number')) {
      return value
        .map((item) => (typeof item === 'string' ? convertString(item, walkWith.format) : String(item)))
        .join(';');
    }
    return value.map((item) => collectAt(element, item, walkWith, path));
  }
  if (isRecord(value)) {
    // A named object field: its own named fields form one sub-record.
    return [collectAt(node, value, walkWith, path)];
  }
  return undefined;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Instants and dates take the target's forms (the specification's compact ones by default). */
function convertString(value: string, format: ValueFormat): string {
  if (ISO_DATE_TIME.test(value)) return format.instant(value);
  if (ISO_DATE.test(value)) return format.date(value);
  return value;
}

function matchingOption(def: Def, value: unknown): Schema | undefined {
  const options = def.options ?? [];
  if (def.discriminator !== undefined && isRecord(value)) {
    const tag = value[def.discriminator];
    return options.find((option) => {
      const propValues = (option as { _zod: { propValues?: Record<string, Set<unknown>> } })._zod.propValues;
      return propValues?.[def.discriminator!]?.has(tag) ?? false;
    });
  }
  return options.find((option) => safeParses(option, value));
}

function safeParses(schema: Schema, value: unknown): boolean {
  const candidate = schema as unknown as { safeParse?: (input: unknown) => { success: boolean } };
  return candidate.safeParse?.(value).success ?? false;
}

function defOf(schema: Schema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function metaOf(schema: Schema): Readonly<Record<string, unknown>> | undefined {
  const candidate = schema as unknown as { meta?: () => unknown };
  const meta = typeof candidate.meta === 'function' ? candidate.meta() : undefined;
  return isRecord(meta) ? meta : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
