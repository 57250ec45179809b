import type { DomainEvent, TransactionState } from '@gongkai/domain';
import type { RecordedEvent } from '@gongkai/event-store';
import type { TransactionSummary } from '../infrastructure/transaction-index';

/** Instants are compared as text in the index, so they are kept in one form: UTC with `Z`. */
export const toUtc = (instant: string): string => new Date(instant).toISOString();

/** The index row of a transaction after an append (fields the new events do not know stay as they were). */
export function summarise(
  transactionId: string,
  state: unknown,
  events: readonly DomainEvent[],
  last: RecordedEvent,
): TransactionSummary {
  const transaction = state as TransactionState;
  const first = events[0];
  const newest = events[events.length - 1];
  const title = events
    .map((event) => (event.data as { title?: unknown }).title)
    .find((value): value is string => typeof value === 'string');
  return {
    transactionId,
    domain: transaction.domain ?? null,
    region: first?.metadata.regionCode ?? null,
    stage: transaction.status,
    publisher: newest?.metadata.publisher.creditCode ?? null,
    title: title ?? null,
    firstPublishedAt: first ? toUtc(first.metadata.publishedAt) : null,
    lastPublishedAt: newest ? toUtc(newest.metadata.publishedAt) : null,
    revision: last.revision,
    position: last.position,
  };
}
