import { z } from 'zod';
import { type DomainEvent, EVENT_TYPES, eventDataSchemas, type EventType } from './catalogue';
import { eventMetadataSchema } from './metadata';
import { UnknownSchemaVersion, upcast } from './versions';

const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.enum(EVENT_TYPES),
  schemaVersion: z.number().int().min(1),
  data: z.unknown(),
  metadata: z.unknown(),
});

export type ParseEventResult =
  | { success: true; event: DomainEvent }
  | { success: false; issues: Array<{ path: string; message: string }> };

const issuesOf = (error: z.ZodError, prefix: string) =>
  error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));

/** Most bytes an event's data and metadata may take as JSON (UTF-8); per-field caps are in common.ts. */
export const EVENT_MAX_BYTES = 512 * 1024;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Fields of `input` that the schema's output does not have: zod strips unknown keys, so a typo
 * (`contractAmountAfter` for `newContractAmount`) would vanish without this. Paths are dotted like issues.
 */
export function unknownFields(input: unknown, output: unknown, path: string[] = []): string[] {
  const found: string[] = [];
  collectUnknownFields(input, output, [...path], found);
  return found;
}

/** `unknownFields` over one shared path (pushed and popped): every write walks its whole event with it. */
function collectUnknownFields(input: unknown, output: unknown, path: string[], found: string[]): void {
  if (Array.isArray(input)) {
    if (!Array.isArray(output)) return;
    const shared = Math.min(input.length, output.length);
    for (let i = 0; i < shared; i++) {
      path.push(String(i));
      collectUnknownFields(input[i], output[i], path, found);
      path.pop();
    }
    return;
  }
  if (!isRecord(input) || !isRecord(output)) return;
  for (const key of Object.keys(input)) {
    const value = input[key];
    if (value === undefined) continue;
    if (!Object.prototype.hasOwnProperty.call(output, key)) {
      path.push(key);
      found.push(path.join('.'));
      path.pop();
    } else if (value !== null && typeof value === 'object') {
      path.push(key);
      collectUnknownFields(value, output[key], path, found);
      path.pop();
    }
  }
}

/** UTF-8 length of a string without allocating (the domain has no Buffer). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * A bound the UTF-8 length of `JSON.stringify(value)` never exceeds, or Infinity once it passes `limit` (or
 * for a value `JSON.stringify` may treat otherwise: `toJSON`, a bigint, a function, very deep nesting). A
 * string's character takes at most 6 bytes in JSON (`\u001f`, a lone surrogate), a number at most 25. Every
 * write checks its size: below the bound nothing needs to be serialised.
 */
export function jsonBytesBound(value: unknown, limit: number, depth = 0): number {
  if (typeof value === 'string') return 6 * value.length + 2;
  if (typeof value === 'number') return 25;
  if (typeof value === 'boolean' || value === null || value === undefined) return 5;
  if (
    typeof value !== 'object' ||
    depth > 64 ||
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    return Infinity;
  }
  let bytes = 2;
  if (Array.isArray(value)) {
    for (const item of value) {
      bytes += jsonBytesBound(item, limit - bytes, depth + 1) + 1;
      if (bytes > limit) return Infinity;
    }
    return bytes;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    bytes += 6 * key.length + 4 + jsonBytesBound(record[key], limit - bytes, depth + 1);
    if (bytes > limit) return Infinity;
  }
  return bytes;
}

/** The UTF-8 length of an event's data and metadata as JSON, or any bound of it at most `limit`. */
function eventBytesAtMost(data: unknown, metadata: unknown, limit: number): number {
  const bound = 21 + jsonBytesBound(data, limit) + jsonBytesBound(metadata, limit);
  return bound <= limit ? bound : utf8Length(JSON.stringify({ data, metadata }));
}

export interface ParseOptions {
  /**
   * Refuse fields the schema does not know (default). Events read back from the store pass `false`: they
   * were stored as parsed, and their bytes are guarded by the hash chain, not by this check.
   */
  rejectUnknownFields?: boolean;
}

/**
 * Validate a whole event as received or as read back from the store: envelope, metadata, and data after
 * upcasting to the current schema version. Issues carry dotted paths (`data.candidates.0.creditCode`).
 * Unknown fields anywhere in data or metadata are issues too, and an event larger than EVENT_MAX_BYTES.
 */
export function parseDomainEvent(input: unknown, options: ParseOptions = {}): ParseEventResult {
  const envelope = envelopeSchema.safeParse(input);
  if (!envelope.success) return { success: false, issues: issuesOf(envelope.error, '') };
  const { id, type, schemaVersion } = envelope.data;
  let upcast_: { schemaVersion: number; data: unknown };
  try {
    upcast_ = upcast(type, schemaVersion, envelope.data.data);
  } catch (error) {
    if (error instanceof UnknownSchemaVersion) {
      return { success: false, issues: [{ path: 'schemaVersion', message: error.message }] };
    }
    throw error;
  }
  const metadata = eventMetadataSchema.safeParse(envelope.data.metadata);
  const data = (eventDataSchemas[type] as z.ZodType).safeParse(upcast_.data);
  const strict = options.rejectUnknownFields ?? true;
  const unknown = (parsed: { success: boolean; data?: unknown }, raw: unknown, prefix: string) =>
    strict && parsed.success
      ? unknownFields(raw, parsed.data, [prefix]).map((path) => ({ path, message: 'unknown field' }))
      : [];
  const issues = [
    ...(metadata.success ? [] : issuesOf(metadata.error, 'metadata')),
    ...(data.success ? [] : issuesOf(data.error, 'data')),
    ...unknown(metadata, envelope.data.metadata, 'metadata'),
    ...unknown(data, upcast_.data, 'data'),
  ];
  if (!metadata.success || !data.success || issues.length > 0) return { success: false, issues };
  if (strict) {
    const bytes = eventBytesAtMost(data.data, metadata.data, EVENT_MAX_BYTES);
    if (bytes > EVENT_MAX_BYTES) {
      return {
        success: false,
        issues: [{ path: '', message: `the event takes ${bytes} bytes as JSON; at most ${EVENT_MAX_BYTES}` }],
      };
    }
  }
  return {
    success: true,
    event: {
      id,
      type,
      schemaVersion: upcast_.schemaVersion,
      data: data.data,
      metadata: metadata.data,
    } as DomainEvent<EventType>,
  };
}
