import { Query } from '@nestjs/cqrs';
import type { TransactionView } from '@gongkai/projections';
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

export type { TransactionView };
