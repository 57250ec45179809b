import type { z } from 'zod';
import type { SinkFieldRecord, SinkFieldValue } from './sink-record';
import { toSpecDate, toSpecDateTime } from './data-timestamp';

/**
 * Reads target field names recorded as schema metadata (`.meta({ ... })`) on the event catalogue's zod
 * schemas and collects `target field -> value` from an event's (redacted) data. The walk follows the
 * schema, takes values from the data, flattens nested objects, picks the matching variant of a union,
 * and turns arrays of objects into lists of sub-records. Fields absent from the data (removed by
 * redaction, or optional) are left out.
 */

/** Picks the target's field name from a schema node's metadata, or undefined when it has none. */
export type FieldNameOf = (meta: Readonly<Record<string, unknown>> | undefined) => string | undefined;

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

export function collectSchemaFields(schema: Schema, data: unknown, fieldNameOf: FieldNameOf): SinkFieldRecord {
  const fields: Record<string, SinkFieldValue> = {};
  walk(schema, data, fieldNameOf, fields);
  return fields;
}

function walk(schema: Schema, value: unknown, fieldNameOf: FieldNameOf, into: Record<string, SinkFieldValue>): void {
  if (value === undefined) return;
  const { node, name } = unwrap(schema, fieldNameOf);
  const def = defOf(node);
  if (name !== undefined) {
    const converted = convert(node, value, fieldNameOf);
    if (converted !== undefined) into[name] = converted;
    return;
  }
  if (def.type === 'object' && def.shape && isRecord(value)) {
    for (const [key, child] of Object.entries(def.shape)) walk(child, value[key], fieldNameOf, into);
    return;
  }
  if (def.type === 'union' && def.options) {
    const option = matchingOption(def, value);
    if (option) walk(option, value, fieldNameOf, into);
  }
}

/** Strips optional/nullable/default/... wrappers, remembering the first field name met on the way. */
function unwrap(schema: Schema, fieldNameOf: FieldNameOf): { node: Schema; name: string | undefined } {
  let node = schema;
  let name = fieldNameOf(metaOf(node));
  for (;;) {
    const def = defOf(node);
    let inner: Schema | undefined;
    if (WRAPPERS.has(def.type)) inner = def.innerType;
    else if (def.type === 'pipe') inner = def.in;
    else if (def.type === 'lazy') inner = def.getter?.();
    if (!inner) return { node, name };
    node = inner;
    name ??= fieldNameOf(metaOf(node));
  }
}

function convert(node: Schema, value: unknown, fieldNameOf: FieldNameOf): SinkFieldValue | undefined {
  if (value === null) return null;
  if (typeof value === 'string') return convertString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  const def = defOf(node);
  if (Array.isArray(value)) {
    if (def.type !== 'array' || !def.element) return undefined;
    const element = def.element;
    if (value.every((item) => typeof item === 'string' || typeof item === 'number')) {
      return value.map((item) => (typeof item === 'string' ? convertString(item) : String(item))).join(';');
    }
    return value.map((item) => collectSchemaFields(element, item, fieldNameOf));
  }
  if (isRecord(value)) {
    // A named object field: its own named fields form one sub-record.
    return [collectSchemaFields(node, value, fieldNameOf)];
  }
  return undefined;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Instants and dates take the specification's compact forms (Beijing time for instants). */
function convertString(value: string): string {
  if (ISO_DATE_TIME.test(value)) return toSpecDateTime(value);
  if (ISO_DATE.test(value)) return toSpecDate(value);
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
