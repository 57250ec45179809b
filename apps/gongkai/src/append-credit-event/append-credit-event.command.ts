import { Command } from '@nestjs/cqrs';
import type { EventEnvelope } from '../append-event/append-event.request';
import type { Principal } from '../auth/token-scope';
import type { AppendedEvent } from '../transactions/stream-appender';

export interface AppendCreditEventResult extends AppendedEvent {
  creditCode: string;
  replayed: boolean;
}

/** A credit record (penalty, credit record, blacklist entry or removal) about one credit subject. */
export class AppendCreditEventCommand extends Command<AppendCreditEventResult> {
  constructor(
    readonly creditCode: string,
    readonly envelope: EventEnvelope,
    readonly principal: Principal,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
