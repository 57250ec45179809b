import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appendBatch, WriteEngine, type BatchItemOutcome } from '@gongkai/write-engine';
import { publishRefusal } from '@gongkai/runtime';
import { BatchAppendCommand } from './batch-append.command';

/**
 * Events for any number of streams: the engine validates each item on its own and appends the streams side
 * by side; a refused item stops only the later items of its own stream.
 */
@CommandHandler(BatchAppendCommand)
export class BatchAppendHandler implements ICommandHandler<BatchAppendCommand> {
  constructor(@Inject(WriteEngine) private readonly engine: WriteEngine) {}

  execute(command: BatchAppendCommand): Promise<BatchItemOutcome[]> {
    return appendBatch(this.engine, command.items, {
      authorize: (event) => publishRefusal(command.principal, event),
      pointer: (index) => `/body/events/${index}`,
    });
  }
}
