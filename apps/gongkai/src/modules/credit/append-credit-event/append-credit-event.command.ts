import { Command } from '@nestjs/cqrs';
import type { AppendedEvent, AppendOutcome, EventEnvelope } from '@gongkai/write-engine';
import type { Principal } from '@gongkai/runtime';

export interface AppendCreditEventResult extends AppendedEvent {
  creditCode: string;
  replayed: boolean;
}

/** A credit record (penalty, credit record, blacklist entry or removal) about one credit subject. */
export class AppendCreditEventCommand extends Command<AppendOutcome> {
  constructor(
    readonly creditCode: string,
    readonly envelope: EventEnvelope,
    readonly principal: Principal,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
