import { transactionStreamId, type DomainEvent } from '@gongkai/domain';
import { StreamNotFound, type EventStore, type RecordedEvent } from '@gongkai/event-store';
import { Problem } from '../problem/problem';
import { fromRecordedEvent } from './event-codec';

export interface TransactionTrail {
  transactionId: string;
  streamId: string;
  recorded: RecordedEvent[];
  events: DomainEvent[];
}

/** The stored events of a stream, or [] when it does not exist yet. */
export async function readStreamOrEmpty(store: EventStore, streamId: string): Promise<RecordedEvent[]> {
  try {
    return await store.readStream(streamId);
  } catch (error) {
    if (error instanceof StreamNotFound) return [];
    throw error;
  }
}

/** A transaction's whole trail; 404 problem for an unknown transaction. */
export async function readTransaction(store: EventStore, transactionId: string): Promise<TransactionTrail> {
  const streamId = transactionStreamId(transactionId);
  const recorded = await readStreamOrEmpty(store, streamId);
  if (recorded.length === 0)
    throw new Problem('not-found', `No transaction ${transactionId}`, { transactionId });
  return { transactionId, streamId, recorded, events: recorded.map(fromRecordedEvent) };
}

/** The publisher credit codes and the region of a trail, for deciding who may see it unredacted. */
export function trailAudience(events: readonly DomainEvent[]): { regionCode?: string; publishers: string[] } {
  return {
    regionCode: events[0]?.metadata.regionCode,
    publishers: [...new Set(events.map((event) => event.metadata.publisher.creditCode))],
  };
}
