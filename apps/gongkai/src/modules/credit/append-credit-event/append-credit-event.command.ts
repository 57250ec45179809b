import { Command } from '@nestjs/cqrs';
import type { EventEnvelope } from '../../transactions/core/event-envelope.request';
import type { Principal } from '../../../platform/auth/token-scope';
import type { AppendedEvent } from '../../transactions/core/stream-appender';

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
