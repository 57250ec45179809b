import { ownerOf, transactionStreamId, type DomainEvent, type TransactionOwner } from '@gongkai/domain';
import type { EventStore } from '@gongkai/event-store';
import { fromRecordedEvent, readStreamOrEmpty } from '@gongkai/write-engine';
import { TransactionNotFound, type TransactionTrail } from '@gongkai/projections';

export type { TransactionTrail };

/**
 * Recently read trails per store, so a popular transaction is not re-read and re-validated (zod) on every
 * GET. A trail is only served while its last revision is still the stream's revision in the store: streams
 * are append-only, so an unchanged revision means unchanged events. (Byte edits to the file behind the
 * running service's back are `verify`'s business, which always reads the store.)
 */
const trailCaches = new WeakMap<EventStore, Map<string, TransactionTrail>>();
const TRAIL_CACHE_SIZE = 1000;

/** A transaction's whole trail; `TransactionNotFound` for an unknown transaction. */
export async function readTransaction(store: EventStore, transactionId: string): Promise<TransactionTrail> {
  const streamId = transactionStreamId(transactionId);
  let cache = trailCaches.get(store);
  if (!cache) trailCaches.set(store, (cache = new Map()));
  const cached = cache.get(streamId);
  if (cached && cached.recorded.at(-1)?.revision === (await store.streamRevision(streamId))) {
    cache.delete(streamId);
    cache.set(streamId, cached);
    return cached;
  }
  const recorded = await readStreamOrEmpty(store, streamId);
  if (recorded.length === 0) throw new TransactionNotFound(transactionId);
  const trail = { transactionId, streamId, recorded, events: recorded.map(fromRecordedEvent) };
  cache.delete(streamId);
  cache.set(streamId, trail);
  if (cache.size > TRAIL_CACHE_SIZE) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return trail;
}

/** Who owns a trail (fixed by its first event), for deciding who may see it unredacted. */
export function trailOwner(events: readonly DomainEvent[]): TransactionOwner | undefined {
  return events[0] ? ownerOf(events[0]) : undefined;
}
