import {
  isEventType,
  parseStoredEvent,
  toPublicView,
  type DomainEvent,
  type PublicEventView,
} from '@gongkai/domain';
import type { RecordedEvent } from '@gongkai/event-store';
import { UnmappableEvent } from './sink-record';

/**
 * A recorded event read back as the domain sees it (`parseStoredEvent`). Returns undefined for a type outside the domain catalogue (no national target takes it);
 * throws UnmappableEvent for a catalogue type whose content does not parse.
 */
export function readDomainEvent(recorded: RecordedEvent): DomainEvent | undefined {
  if (!isEventType(recorded.type)) return undefined;
  const parsed = parseStoredEvent(recorded);
  if (!parsed.success) {
    const issues = parsed.issues.map((issue) => `${issue.path} ${issue.message}`).join('; ');
    throw new UnmappableEvent(recorded.id, recorded.type, `it does not parse as a domain event: ${issues}`);
  }
  return parsed.event;
}

/** Turns a domain event into what a target may see. Defaults to the domain's redaction policy. */
export type PublicViewOf = (event: DomainEvent) => PublicEventView;

export const defaultPublicView: PublicViewOf = toPublicView;

/** The publishing organisation and system, which every pushed record must name (信息来源). */
export interface InformationSource {
  name: string;
  creditCode: string;
  sourceSystem: string;
}

export function informationSourceOf(view: PublicEventView): InformationSource {
  const { publisher, sourceSystem } = view.metadata;
  return { name: publisher.name, creditCode: publisher.creditCode, sourceSystem };
}
