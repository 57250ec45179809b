import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { replayTransaction, toPublicView, type DomainEvent } from '@gongkai/domain';
import type { EventStore } from '@gongkai/event-store';
import { mayReadRestricted } from '../auth/publish-scope';
import { Problem } from '../problem/problem';
import { EVENT_STORE } from '../tokens';
import { readTransaction, trailAudience } from '../transactions/transaction-reader';
import { GetTransactionQuery, type TransactionView } from './get-transaction.query';

/**
 * The public view keeps the event's shape (values masked or removed), and `evolve` is total over any
 * stored event, so the public state is the replay of the public views: nothing restricted can leak into it.
 */
function publicEvent(event: DomainEvent): DomainEvent {
  const { redacted: _redacted, ...view } = toPublicView(event);
  return view as DomainEvent;
}

/**
 * Replays the transaction's events (those recorded up to `asOf`, when given) into its state. Callers without
 * the right to restricted data get the state replayed from the public views of the events.
 */
@QueryHandler(GetTransactionQuery)
export class GetTransactionHandler implements IQueryHandler<GetTransactionQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(query: GetTransactionQuery): Promise<TransactionView> {
    const trail = await readTransaction(this.store, query.transactionId);
    const cutoff = query.asOf === undefined ? undefined : Date.parse(query.asOf);
    const included =
      cutoff === undefined
        ? trail.recorded.length
        : trail.recorded.filter((event) => Date.parse(event.recordedAt) <= cutoff).length;
    if (included === 0) {
      throw new Problem(
        'not-found',
        `Transaction ${query.transactionId} had no event recorded by ${query.asOf}`,
        {
          transactionId: query.transactionId,
          asOf: query.asOf,
        },
      );
    }
    const events = trail.events.slice(0, included);
    const { regionCode, publishers } = trailAudience(trail.events);
    const full = mayReadRestricted(query.principal, regionCode, publishers);
    const last = trail.recorded[included - 1]!;
    return {
      transactionId: trail.transactionId,
      streamId: trail.streamId,
      view: full ? 'full' : 'public',
      revision: last.revision,
      ...(query.asOf !== undefined ? { asOf: query.asOf } : {}),
      eventCount: included,
      lastRecordedAt: last.recordedAt,
      state: replayTransaction(full ? events : events.map(publicEvent)),
    };
  }
}
