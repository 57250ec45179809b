import { decodeTrustedStoredEvent, parseStoredEvent, type DomainEvent } from '@gongkai/domain';
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
  const known = parsedEvents.get(recorded);
  if (known !== undefined) return known ?? undefined;
  // Trusted: a stored event at the current schema version is not re-validated (validated when written,
  // hash-chained, verified by the integrity scrub); older versions and anything unexpected are parsed whole.
  const parsed = fullValidation
    ? parseStoredEvent(recorded, { withFindings: false })
    : decodeTrustedStoredEvent(recorded, { withFindings: false });
  const event = parsed.success ? parsed.event : undefined;
  parsedEvents.set(recorded, event ?? null);
  return event;
}

/**
 * Each recorded event parsed once, however many read models apply it: a catch-up hands the same decoded
 * event to every projection (see catchUpTogether), and parsing is the largest cost of applying one. Keyed
 * by the object, so an entry lives only as long as the page holding it. Read models treat the parsed event
 * as read-only.
 */
const parsedEvents = new WeakMap<RecordedEvent, DomainEvent | null>();

let fullValidation = false;

/**
 * Read models decode stored events with `decodeTrustedStoredEvent` (docs/events.md, "Reading stored events
 * into read models"). `true` makes them re-validate every event with zod as before: for the equivalence
 * check of the two (read-models.int.spec.ts) and the rebuild bench's before/after. Answers the old setting.
 */
export function validateStoredEventsFully(on: boolean): boolean {
  const before = fullValidation;
  fullValidation = on;
  return before;
}
