import { streamIdFor, type DomainEvent } from '@gongkai/domain';
import type { RecordedEvent } from '@gongkai/event-store';

/** Test support: a domain event as the store hands it back (schema version in the metadata, as the service stores it). */
export function recordedFrom(event: DomainEvent, overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  return {
    id: event.id,
    type: event.type,
    streamId: streamIdFor(event),
    revision: 0,
    position: 1,
    data: event.data,
    metadata: { ...event.metadata, schemaVersion: event.schemaVersion },
    recordedAt: '2026-03-02T01:00:05.123Z',
    prevHash: '0'.repeat(64),
    hash: 'f'.repeat(64),
    ...overrides,
  };
}

/** Every string anywhere in a value, for "must not leak" assertions. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
}
