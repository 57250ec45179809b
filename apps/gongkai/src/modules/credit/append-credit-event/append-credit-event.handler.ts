import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { creditStreamId, isCreditEventType, streamIdFor } from '@gongkai/domain';
import { publishRefusal } from '../../../platform/auth/publish-scope';
import { Problem, validationProblem } from '../../../platform/http/problem';
import { envelopeToDomainEvent } from '../../transactions/core/event-codec';
import { StreamAppender } from '../../transactions/core/stream-appender';
import { AppendCreditEventCommand, type AppendCreditEventResult } from './append-credit-event.command';

/** Appends a credit event to its subject's stream (`credit-<code>`), which the blacklist check reads. */
@CommandHandler(AppendCreditEventCommand)
export class AppendCreditEventHandler implements ICommandHandler<AppendCreditEventCommand> {
  constructor(@Inject(StreamAppender) private readonly appender: StreamAppender) {}

  async execute(command: AppendCreditEventCommand): Promise<AppendCreditEventResult> {
    const parsed = envelopeToDomainEvent(command.envelope, '/body');
    if (!parsed.ok) throw validationProblem('The event does not match the schema of its type', parsed.errors);
    const { event } = parsed;
    if (!isCreditEventType(event.type)) {
      throw new Problem('rule-violation', `${event.type} belongs in a transaction stream`, {
        code: 'WRONG_STREAM',
      });
    }
    const streamId = creditStreamId(command.creditCode);
    if (streamIdFor(event) !== streamId) {
      throw validationProblem('The event is about another subject than the one in the path', [
        {
          field: '/body/data/subject/creditCode',
          message: `names ${streamIdFor(event)}, the path names ${streamId}`,
        },
      ]);
    }
    const refusal = publishRefusal(command.principal, event);
    if (refusal) throw new Problem('forbidden', refusal);
    const [outcome] = await this.appender.append(streamId, [event], {
      expectedRevision: command.expectedRevision,
    });
    if (!outcome) throw new Error('appender answered no outcome');
    if (!outcome.ok) throw outcome.problem;
    return { creditCode: command.creditCode, replayed: outcome.replayed, ...outcome.result };
  }
}
