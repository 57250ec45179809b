import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appendEnvelope, WriteEngine, type AppendOutcome } from '@gongkai/write-engine';
import { publishRefusal } from '@gongkai/runtime';
import { PublishDisclosureCommand } from './publish-disclosure.command';

/**
 * Appends to the disclosure's own stream through the write engine: the token publishes as itself, in its
 * regions, domains and roles; the disclosure decider then holds the kind's publisher roles, its owner and
 * region. The transactions it names are links only: nothing is written to them.
 */
@CommandHandler(PublishDisclosureCommand)
export class PublishDisclosureHandler implements ICommandHandler<PublishDisclosureCommand> {
  constructor(@Inject(WriteEngine) private readonly engine: WriteEngine) {}

  execute(command: PublishDisclosureCommand): Promise<AppendOutcome> {
    return appendEnvelope(this.engine, {
      target: { disclosureId: command.disclosureId },
      envelope: command.envelope,
      authorize: (event) => publishRefusal(command.principal, event),
      expectedRevision: command.expectedRevision,
      pointer: '/body',
    });
  }
}
