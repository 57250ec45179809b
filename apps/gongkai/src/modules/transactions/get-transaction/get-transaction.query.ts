import { Query } from '@nestjs/cqrs';
import type { StandaloneDisclosureSummary, TransactionView as TrailView } from '@gongkai/projections';
import type { Principal } from '@gongkai/runtime';

export class GetTransactionQuery extends Query<TransactionView> {
  constructor(
    readonly transactionId: string,
    readonly principal: Principal,
    readonly asOf?: string,
    readonly asOfBasis: 'recorded' | 'published' = 'recorded',
  ) {
    super();
  }
}

/** The trail's view, with the disclosures outside a transaction that name it (absent while their read model is built). */
export type TransactionView = TrailView & { relatedDisclosures?: StandaloneDisclosureSummary[] };
