import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../platform/auth/token-scope';
import type { AppendedEvent } from '../core/stream-appender';
import type { EventEnvelope } from '../core/event-envelope.request';

export interface AppendEventResult extends AppendedEvent {
  transactionId: string;
  /** True when this answers a retry of an event already stored. */
  replayed: boolean;
}

export class AppendEventCommand extends Command<AppendEventResult> {
  constructor(
    readonly transactionId: string,
    readonly envelope: EventEnvelope,
    readonly principal: Principal,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
