import type { DomainEvent } from './catalogue';
import { parseDomainEvent, type ParseEventResult } from './parse';

/**
 * A domain event as an event store keeps it. The store's event has no field for the schema version or for the
 * findings computed when the event was accepted, so both travel in its metadata; the store's own `recordedAt`
 * is the one that counts. This is the one place that convention is written down: the service writes with
 * `toStoredMetadata`, and everything that reads events back (service, read models, sinks, feeds) uses
 * `parseStoredEvent`.
 */
export interface StoredEvent {
  id: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  recordedAt: string;
}

export function toStoredMetadata(
  event: DomainEvent,
  findings: readonly unknown[],
  provisionalYears: readonly number[] = [],
): Record<string, unknown> {
  return {
    ...event.metadata,
    schemaVersion: event.schemaVersion,
    findings,
    // Years without an official arrangement the timing relied on (met rules included): what a later
    // arrangement must re-evaluate (see docs/deadlines.md).
    ...(provisionalYears.length > 0 ? { provisionalYears: [...provisionalYears] } : {}),
  };
}

/**
 * Reads a stored event back as the domain sees it (upcast to the current schema version). With
 * `withFindings: false` the findings are left out, so a malformed finding cannot make the event unreadable
 * to a reader that does not need them.
 */
export function parseStoredEvent(
  stored: StoredEvent,
  { withFindings = true }: { withFindings?: boolean } = {},
): ParseEventResult {
  const { schemaVersion, findings, provisionalYears: _provisionalYears, ...metadata } = stored.metadata;
  return parseDomainEvent(
    {
      id: stored.id,
      type: stored.type,
      schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : 1,
      data: stored.data,
      metadata: {
        ...metadata,
        ...(withFindings && findings !== undefined ? { findings } : {}),
        recordedAt: stored.recordedAt,
      },
    },
    { rejectUnknownFields: false },
  );
}
