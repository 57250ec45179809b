import { Command } from '@nestjs/cqrs';
import type { Principal } from '@gongkai/runtime';
import type { AppendedEvent, AppendOutcome, EventEnvelope } from '@gongkai/write-engine';

export interface PublishDisclosureResult extends AppendedEvent {
  disclosureId: string;
  replayed: boolean;
}

/** A disclosure outside a transaction (or an amendment of one), for its own stream `disclosure-<id>`. */
export class PublishDisclosureCommand extends Command<AppendOutcome> {
  constructor(
    readonly disclosureId: string,
    readonly envelope: EventEnvelope,
    readonly principal: Principal,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
