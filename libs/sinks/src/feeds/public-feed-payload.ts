import { toPublicView } from '@gongkai/domain';
import type { RecordedEvent } from '@gongkai/event-store';
import { readDomainEvent } from '../mappers/domain-event';
import type { FeedPayloadOf } from './feed-message';

/**
 * The public topic's default payload: the domain's redacted view (`toPublicView`: personal data masked,
 * flagged commercial secrets and internal metadata removed). An event the domain cannot read (a type
 * outside the catalogue, or content that does not parse) has no safe public view and is withheld:
 * published as headers only, never unredacted.
 */
export const domainPublicFeedPayload: FeedPayloadOf = (event: RecordedEvent) => {
  try {
    const domainEvent = readDomainEvent(event);
    return domainEvent === undefined ? undefined : toPublicView(domainEvent);
  } catch {
    return undefined;
  }
};
