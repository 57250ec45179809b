import { parseStoredEvent, type DomainEvent } from '@gongkai/domain';
import type { RecordedEvent } from '@gongkai/event-store';

/**
 * A stored event back as the domain sees it (`parseStoredEvent`), or `undefined` when it no longer parses.
 *
 * The findings are left out: they are the service's annotation, not part of the event, and the read models
 * that need them read them from the stored metadata themselves (supervision-findings/stored-finding.ts), so
 * a malformed finding cannot make the event itself unreadable.
 *
 * Read models skip what does not parse rather than throw: a throwing `apply` stops the projection for good
 * (the runner retries the same event forever), and an event that cannot be parsed cannot be redacted either.
 */
export function storedDomainEvent(recorded: RecordedEvent): DomainEvent | undefined {
  const parsed = parseStoredEvent(recorded, { withFindings: false });
  return parsed.success ? parsed.event : undefined;
}
