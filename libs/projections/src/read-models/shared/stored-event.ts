import { parseDomainEvent, type DomainEvent } from '@gongkai/domain';
import type { RecordedEvent } from '@gongkai/event-store';

/**
 * A stored event back as the domain sees it, or `undefined` when it no longer parses. The service keeps the
 * schema version in the metadata (the store's event has no field for it), so it is taken from there.
 *
 * The findings are left out: they are the service's annotation, not part of the event, and the read models
 * that need them read them from the stored metadata themselves (supervision-findings/stored-finding.ts), so
 * a malformed finding cannot make the event itself unreadable.
 *
 * Read models skip what does not parse rather than throw: a throwing `apply` stops the projection for good
 * (the runner retries the same event forever), and an event that cannot be parsed cannot be redacted either.
 */
export function storedDomainEvent(recorded: RecordedEvent): DomainEvent | undefined {
  const { schemaVersion, findings: _findings, ...metadata } = recorded.metadata as Record<string, unknown>;
  const parsed = parseDomainEvent({
    id: recorded.id,
    type: recorded.type,
    schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : 1,
    data: recorded.data,
    metadata: { ...metadata, recordedAt: recorded.recordedAt },
  });
  return parsed.success ? parsed.event : undefined;
}
