import { type DomainEvent, type EventType, isEventType } from './catalogue';
import { eventMetadataSchema } from './metadata';
import type { ParseEventResult } from './parse';
import { parseStoredEvent, type StoredEvent } from './stored-event';
import { CURRENT_SCHEMA_VERSION } from './versions';

/** The metadata fields in the order the schema (and so every stored event) has them. */
const METADATA_KEYS = Object.keys(eventMetadataSchema.shape) as ReadonlyArray<keyof typeof eventMetadataSchema.shape>;

/** A UUID as the envelope's `z.uuid()` accepts (stricter is safe: anything else is parsed whole). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * A stored event back as the domain sees it, for building read models only: `parseStoredEvent` without
 * re-validating the data and metadata of an event already at the current schema version.
 *
 * Why that is safe (docs/events.md, "Reading stored events into read models"): every stored event was
 * validated by `parseDomainEvent` when it was written (unknown fields refused, caps, UTF-8), and what was
 * stored is the schema's output, so validating it again yields the same object; its bytes are then fixed by
 * the hash chain and the Merkle log, which the integrity scrub verifies. Re-validating (zod) cost 55–60 µs per
 * event, 28 % of a rebuild.
 *
 * What still guards it: an event at an older schema version (upcast), or of a type, version, id or shape
 * (data and metadata objects) this code does not expect, goes through `parseStoredEvent` whole, as before; the metadata is rebuilt from the schema's
 * keys in the schema's order (the store's own fields, `schemaVersion` and `provisionalYears`, are left out,
 * `recordedAt` is the store's, findings only `withFindings`), so read models see the same object either way.
 * The write path and `parseDomainEvent` are unchanged.
 */
export function decodeTrustedStoredEvent(
  stored: StoredEvent,
  { withFindings = true }: { withFindings?: boolean } = {},
): ParseEventResult {
  const { schemaVersion, findings, provisionalYears: _provisionalYears, ...rest } = stored.metadata;
  const version = typeof schemaVersion === 'number' ? schemaVersion : 1;
  if (
    !isEventType(stored.type) ||
    version !== CURRENT_SCHEMA_VERSION[stored.type] ||
    typeof stored.id !== 'string' ||
    !UUID.test(stored.id) ||
    !isRecord(stored.data) ||
    !isRecord(stored.metadata)
  ) {
    return parseStoredEvent(stored, { withFindings });
  }
  const source: Record<string, unknown> = rest;
  const metadata: Record<string, unknown> = {};
  for (const key of METADATA_KEYS) {
    const value =
      key === 'recordedAt' ? stored.recordedAt : key === 'findings' ? (withFindings ? findings : undefined) : source[key];
    if (value !== undefined) metadata[key] = value;
  }
  return {
    success: true,
    event: {
      id: stored.id,
      type: stored.type as EventType,
      schemaVersion: version,
      data: stored.data,
      metadata,
    } as unknown as DomainEvent,
  };
}
