import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@gongkai/event-store';
import { mayReadRestricted } from '../../../platform/auth/read-scope';
import { Problem } from '../../../platform/http/problem';
import { EVENT_STORE } from '../../../platform/di-symbols';
import { readTransaction, trailOwner } from '../core/transaction-reader';
import { GetTransactionQuery, type TransactionView } from './get-transaction.query';
import { transactionView } from '@gongkai/projections';

/**
 * Replays the transaction's events (those recorded up to `asOf`, when given) into its state. Callers without
 * the right to restricted data get the state replayed from the public views of the events.
 */
@QueryHandler(GetTransactionQuery)
export class GetTransactionHandler implements IQueryHandler<GetTransactionQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(query: GetTransactionQuery): Promise<TransactionView> {
    const trail = await readTransaction(this.store, query.transactionId);
    const full = mayReadRestricted(query.principal, trailOwner(trail.events));
    const view = transactionView(trail, { asOf: query.asOf, asOfBasis: query.asOfBasis, full });
    if (!view) {
      throw new Problem(
        'not-found',
        `Transaction ${query.transactionId} had no event ${query.asOfBasis} by ${query.asOf}`,
        { transactionId: query.transactionId, asOf: query.asOf },
      );
    }
    return view;
  }
}
