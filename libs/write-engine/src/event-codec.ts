import {
  parseStoredEvent,
  redactedPointers,
  toPublicView,
  toStoredMetadata,
  type DomainEvent,
} from '@gongkai/domain';
import type { EventData, RecordedEvent } from '@gongkai/event-store';

/**
 * How a domain event is kept in the store (schema version and findings in the metadata, see the domain), with
 * a salted commitment to each value its public view hides, so that view can be checked against the log.
 */
export function toStoredEvent(
  event: DomainEvent,
  findings: readonly unknown[],
  provisionalYears: readonly number[] = [],
): EventData {
  // The public view of the event as it is read back (findings are in its metadata then).
  const readBack = { ...event, metadata: { ...event.metadata, findings } } as DomainEvent;
  return {
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: toStoredMetadata(event, findings, provisionalYears),
    commit: redactedPointers(toPublicView(readBack)),
  };
}

/** A stored event that no longer passes its schema: its bytes were altered or the code lost its upcaster. */
export class StoredEventUnreadable extends Error {
  constructor(
    readonly streamId: string,
    readonly revision: number,
    readonly position: number,
    reason: string,
  ) {
    super(`stored event ${streamId}@${revision} (position ${position}) no longer parses: ${reason}`);
    this.name = 'StoredEventUnreadable';
  }
}

/** A stored event back as the domain sees it (upcast to the current schema version). */
export function fromRecordedEvent(recorded: RecordedEvent): DomainEvent {
  const parsed = parseStoredEvent(recorded);
  if (!parsed.success) {
    throw new StoredEventUnreadable(
      recorded.streamId,
      recorded.revision,
      recorded.position,
      parsed.issues.map((issue) => `${issue.path} ${issue.message}`).join('; '),
    );
  }
  return parsed.event;
}

/** Findings stored with an event (written by this service at acceptance). */
export function findingsOf(recorded: RecordedEvent): unknown[] {
  const findings = (recorded.metadata as { findings?: unknown }).findings;
  return Array.isArray(findings) ? findings : [];
}
