import { Command } from '@nestjs/cqrs';
import type { AppendedEvent, AppendOutcome, EventEnvelope } from '@gongkai/write-engine';
import type { Principal } from '@gongkai/runtime';

export interface AppendEventResult extends AppendedEvent {
  transactionId: string;
  /** True when this answers a retry of an event already stored. */
  replayed: boolean;
}

export class AppendEventCommand extends Command<AppendOutcome> {
  constructor(
    readonly transactionId: string,
    readonly envelope: EventEnvelope,
    readonly principal: Principal,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
