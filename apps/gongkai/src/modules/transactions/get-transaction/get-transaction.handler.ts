import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@gongkai/event-store';
import { mayReadRestricted } from '../../../platform/auth/read-scope';
import { Problem } from '../../../platform/http/problem';
import { EVENT_STORE, READ_MODELS } from '../../../platform/di-symbols';
import type { ReadModels } from '../../../background/read-models';
import { readTransaction, trailOwner } from '../core/transaction-reader';
import { GetTransactionQuery, type TransactionView } from './get-transaction.query';
import {
  disclosuresOfTransaction,
  standaloneDisclosuresProjection,
  transactionView,
} from '@gongkai/projections';

/**
 * Replays the transaction's events (those recorded up to `asOf`, when given) into its state. Callers without
 * the right to restricted data get the state replayed from the public views of the events. The disclosures
 * outside a transaction that name it (its approval, the supply plan…) come from their read model: links only.
 */
@QueryHandler(GetTransactionQuery)
export class GetTransactionHandler implements IQueryHandler<GetTransactionQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
  ) {}

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
    return { ...view, ...this.relatedDisclosures(query.transactionId) };
  }

  /** Absent while their read model is first built: the trail itself never waits for a read model. */
  private relatedDisclosures(transactionId: string): Pick<TransactionView, 'relatedDisclosures'> {
    let handle;
    try {
      handle = this.readModels.handle(standaloneDisclosuresProjection.name);
    } catch (error) {
      if (error instanceof Problem) return {};
      throw error;
    }
    return { relatedDisclosures: disclosuresOfTransaction(handle, transactionId) };
  }
}
