import { Command } from '@nestjs/cqrs';
import type { Principal } from '../auth/token-scope';
import type { AppendedEvent } from '../transactions/stream-appender';
import type { EventEnvelope } from './append-event.request';

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
