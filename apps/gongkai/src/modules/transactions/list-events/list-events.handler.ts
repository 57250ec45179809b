import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { toPublicView } from '@gongkai/domain';
import { saltsOf, type EventStore } from '@gongkai/event-store';
import { mayReadRestricted } from '../../../platform/auth/read-scope';
import { EVENT_STORE } from '../../../platform/di-symbols';
import { readTransaction, trailOwner } from '../core/transaction-reader';
import { ListEventsQuery, type TransactionTrailView } from './list-events.query';

/**
 * The whole trail with each event's chain hash. In the public view the content is redacted, so the hash
 * covers the stored content, not what is shown: `GET .../verify` checks the stored bytes.
 */
@QueryHandler(ListEventsQuery)
export class ListEventsHandler implements IQueryHandler<ListEventsQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(query: ListEventsQuery): Promise<TransactionTrailView> {
    const trail = await readTransaction(this.store, query.transactionId);
    const full = mayReadRestricted(query.principal, trailOwner(trail.events));
    return {
      transactionId: trail.transactionId,
      streamId: trail.streamId,
      view: full ? 'full' : 'public',
      events: trail.events.map((event, i) => {
        const recorded = trail.recorded[i]!;
        const position = {
          revision: recorded.revision,
          position: recorded.position,
          recordedAt: recorded.recordedAt,
          prevHash: recorded.prevHash,
          hash: recorded.hash,
        };
        if (full) {
          const salts = saltsOf(recorded.metadata);
          return {
            id: event.id,
            type: event.type,
            schemaVersion: event.schemaVersion,
            ...position,
            data: event.data as Record<string, unknown>,
            metadata: event.metadata as Record<string, unknown>,
            ...(salts && { salts }),
          };
        }
        const view = toPublicView(event);
        return { ...view, ...position };
      }),
    };
  }
}
