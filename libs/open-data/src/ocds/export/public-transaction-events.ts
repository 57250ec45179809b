import {
  isTransactionEventType,
  parseStoredEvent,
  toPublicView,
  TRANSACTION_STREAM_PREFIX,
  type PublicEventView,
} from '@gongkai/domain';
import { POSITION_ZERO, type EventStore, type Position } from '@gongkai/event-store';
import type { TransactionEvent } from '../release-mapper';

/**
 * A transaction's stage events as the public sees them (`toPublicView`), read from the store in stream order.
 * An event that no longer parses is left out, as the read models leave it out.
 */
export async function publicTransactionEvents(
  store: EventStore,
  streamId: string,
): Promise<TransactionEvent[]> {
  const out: TransactionEvent[] = [];
  for (const recorded of await store.readStream(streamId)) {
    const parsed = parseStoredEvent(recorded, { withFindings: false });
    if (!parsed.success || !isTransactionEventType(parsed.event.type)) continue;
    out.push({ revision: recorded.revision, view: toPublicView(parsed.event) as PublicEventView });
  }
  return out;
}

/** Every transaction stream of the store, in the order of its first event, read a batch at a time. */
export async function* transactionStreamIds(store: EventStore, batchSize = 5_000): AsyncGenerator<string> {
  const seen = new Set<string>();
  let after: Position = POSITION_ZERO;
  for (;;) {
    const batch = await store.readAll({
      from: { after },
      maxCount: batchSize,
      filter: { streamPrefixes: [TRANSACTION_STREAM_PREFIX] },
    });
    for (const event of batch) {
      if (seen.has(event.streamId)) continue;
      seen.add(event.streamId);
      yield event.streamId;
    }
    if (batch.length < batchSize) return;
    after = batch.at(-1)!.position;
  }
}
