import { Query } from '@nestjs/cqrs';
import type { TransactionState } from '@gongkai/domain';
import type { Principal } from '../../../platform/auth/token-scope';

export interface TransactionView {
  transactionId: string;
  streamId: string;
  /** `full` for supervisors of the region, admins and the transaction's own publishers; else `public`. */
  view: 'public' | 'full';
  /** Revision of the last event included (the stream's, or the last one recorded by `asOf`). */
  revision: number;
  /** The instant asked for, when the state is historical. */
  asOf?: string;
  /** What `asOf` was compared with: the recording time (default) or the claimed publication time. */
  asOfBasis?: 'recorded' | 'published';
  eventCount: number;
  lastRecordedAt: string;
  state: TransactionState;
}

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
