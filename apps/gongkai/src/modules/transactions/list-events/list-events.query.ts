import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../../platform/auth/token-scope';

export interface TrailEvent {
  id: string;
  type: string;
  schemaVersion: number;
  revision: number;
  position: number;
  recordedAt: string;
  prevHash: string;
  hash: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  /** Public view only: the paths masked or removed. */
  redacted?: string[];
}

export interface TransactionTrailView {
  transactionId: string;
  streamId: string;
  view: 'public' | 'full';
  events: TrailEvent[];
}

export class ListEventsQuery extends Query<TransactionTrailView> {
  constructor(
    readonly transactionId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
