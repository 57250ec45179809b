import { Query } from '@nestjs/cqrs';
import type { Principal } from '@gongkai/runtime';

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
  /**
   * Full view only, for events logged with commitments: the salt of each value the public view hides (JSON
   * pointer → base64), so a supervisor can open a commitment of its verifiable public view.
   */
  salts?: Record<string, string>;
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
