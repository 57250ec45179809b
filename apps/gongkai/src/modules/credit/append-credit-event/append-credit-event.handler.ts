import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appendEnvelope, WriteEngine, type AppendOutcome } from '@gongkai/write-engine';
import { publishRefusal } from '@gongkai/runtime';
import { AppendCreditEventCommand } from './append-credit-event.command';

/** Appends a credit event to its subject's stream (`credit-<code>`), which the blacklist check reads. */
@CommandHandler(AppendCreditEventCommand)
export class AppendCreditEventHandler implements ICommandHandler<AppendCreditEventCommand> {
  constructor(@Inject(WriteEngine) private readonly engine: WriteEngine) {}

  execute(command: AppendCreditEventCommand): Promise<AppendOutcome> {
    return appendEnvelope(this.engine, {
      target: { creditCode: command.creditCode },
      envelope: command.envelope,
      authorize: (event) => publishRefusal(command.principal, event),
      expectedRevision: command.expectedRevision,
      pointer: '/body',
    });
  }
}
