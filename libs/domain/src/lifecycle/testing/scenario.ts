import type { CatalogueDomain } from '../../catalogues';
import { type DomainEvent, type EventType, exampleEvent } from '../../events';
import { deciderSpecification } from '../../testing/decider-specification';
import { type Decision, decide } from '../transaction-decider';
import { evolve, initialTransactionState, type TransactionState } from '../transaction-state';

/**
 * Given events (already in the stream) / when an event is published / then events or thenRejects a code: the
 * transaction decider under the domain's one decider specification (shared with the credit decider's specs).
 */
export const given = deciderSpecification({ initialState: initialTransactionState, evolve, decide });

/** The example of a type in a domain, with changes to its data or metadata. */
export function example(
  type: EventType,
  domain: CatalogueDomain = 'engineering',
  change: { data?: Record<string, unknown>; metadata?: Record<string, unknown> } = {},
): DomainEvent {
  const event = exampleEvent(type, domain);
  return {
    ...event,
    data: { ...(event.data as Record<string, unknown>), ...change.data },
    metadata: { ...event.metadata, ...change.metadata },
  } as DomainEvent;
}

/** The accepted lifecycle of a domain up to (not including) a stage. */
export function lifecycleUntil(
  stop: EventType,
  domain: CatalogueDomain = 'engineering',
  order: readonly EventType[] = [
    'AnnouncementPublished',
    'QualificationResultPublished',
    'CandidatesPublicized',
    'AwardPublished',
    'ContractSigned',
    'ContractChanged',
  ],
): DomainEvent[] {
  const index = order.indexOf(stop);
  return order.slice(0, index < 0 ? order.length : index).map((type) => exampleEvent(type, domain));
}

export function rejectionCode(decision: Decision): string | undefined {
  return decision.ok ? undefined : decision.rejection.code;
}

export type { TransactionState };
