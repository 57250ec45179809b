import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appendEnvelope, WriteEngine, type AppendOutcome } from '@gongkai/write-engine';
import { publishRefusal } from '@gongkai/runtime';
import { AppendEventCommand } from './append-event.command';

/** Validates, authorises and appends one stage event to a transaction; answers the engine's outcome. */
@CommandHandler(AppendEventCommand)
export class AppendEventHandler implements ICommandHandler<AppendEventCommand> {
  constructor(@Inject(WriteEngine) private readonly engine: WriteEngine) {}

  execute(command: AppendEventCommand): Promise<AppendOutcome> {
    return appendEnvelope(this.engine, {
      target: { transactionId: command.transactionId },
      envelope: command.envelope,
      authorize: (event) => publishRefusal(command.principal, event),
      expectedRevision: command.expectedRevision,
      pointer: '/body',
    });
  }
}
