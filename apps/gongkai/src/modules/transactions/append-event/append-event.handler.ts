import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { isTransactionEventType, streamIdFor, transactionStreamId } from '@gongkai/domain';
import { publishRefusal } from '../../../platform/auth/publish-scope';
import { Problem, validationProblem } from '../../../platform/http/problem';
import { envelopeToDomainEvent } from '../core/event-codec';
import { StreamAppender } from '../core/stream-appender';
import { AppendEventCommand, type AppendEventResult } from './append-event.command';

/** Validates, authorises and appends one stage event to a transaction. */
@CommandHandler(AppendEventCommand)
export class AppendEventHandler implements ICommandHandler<AppendEventCommand> {
  constructor(@Inject(StreamAppender) private readonly appender: StreamAppender) {}

  async execute(command: AppendEventCommand): Promise<AppendEventResult> {
    const parsed = envelopeToDomainEvent(command.envelope, '/body');
    if (!parsed.ok) throw validationProblem('The event does not match the schema of its type', parsed.errors);
    const { event } = parsed;
    const streamId = transactionStreamId(command.transactionId);
    if (!isTransactionEventType(event.type)) {
      throw new Problem(
        'rule-violation',
        `${event.type} belongs in the credit stream of its subject, not in a transaction`,
        {
          code: 'WRONG_STREAM',
        },
      );
    }
    if (streamIdFor(event) !== streamId) {
      throw validationProblem('The event belongs to another transaction than the one in the path', [
        { field: '/body/data', message: `names ${streamIdFor(event)}, the path names ${streamId}` },
      ]);
    }
    const refusal = publishRefusal(command.principal, event);
    if (refusal) throw new Problem('forbidden', refusal);
    const [outcome] = await this.appender.append(streamId, [event], {
      expectedRevision: command.expectedRevision,
    });
    if (!outcome) throw new Error('appender answered no outcome');
    if (!outcome.ok) throw outcome.problem;
    return { transactionId: command.transactionId, replayed: outcome.replayed, ...outcome.result };
  }
}
