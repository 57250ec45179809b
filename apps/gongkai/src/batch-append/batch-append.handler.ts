import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Logger } from 'pino';
import { streamIdFor, type DomainEvent } from '@gongkai/domain';
import { publishRefusal } from '../auth/publish-scope';
import { fieldErrors } from '../problem/parse-request';
import { Problem, validationProblem } from '../problem/problem';
import { toProblem } from '../problem/to-problem';
import { LOGGER } from '../tokens';
import { envelopeToDomainEvent } from '../transactions/event-codec';
import { StreamAppender } from '../transactions/stream-appender';
import { batchItemSchema } from './batch-append.request';
import { BatchAppendCommand, type BatchItemResult, type BatchResult } from './batch-append.command';

function failure(index: number, problem: Problem, eventId?: string): BatchItemResult {
  return { index, eventId, status: problem.status, problem: problem.toBody() };
}

/**
 * Validates each item on its own, groups the valid ones by stream (keeping their order), and appends the
 * groups side by side: a refused item stops only the later items of its own stream.
 */
@CommandHandler(BatchAppendCommand)
export class BatchAppendHandler implements ICommandHandler<BatchAppendCommand> {
  constructor(
    @Inject(StreamAppender) private readonly appender: StreamAppender,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(command: BatchAppendCommand): Promise<BatchResult> {
    const results: BatchItemResult[] = [];
    const streams = new Map<string, { index: number; event: DomainEvent }[]>();
    command.items.forEach((item, index) => {
      const prefix = `/body/events/${index}`;
      const envelope = batchItemSchema.safeParse(item);
      if (!envelope.success) {
        results[index] = failure(
          index,
          validationProblem(
            'The item does not match the schema',
            fieldErrors(envelope.error.issues, prefix.slice(1)),
          ),
        );
        return;
      }
      const parsed = envelopeToDomainEvent(envelope.data, prefix);
      if (!parsed.ok) {
        results[index] = failure(
          index,
          validationProblem('The event does not match the schema of its type', parsed.errors),
          envelope.data.id,
        );
        return;
      }
      const refusal = publishRefusal(command.principal, parsed.event);
      if (refusal) {
        results[index] = failure(index, new Problem('forbidden', refusal), parsed.event.id);
        return;
      }
      const streamId = streamIdFor(parsed.event);
      const group = streams.get(streamId) ?? [];
      group.push({ index, event: parsed.event });
      streams.set(streamId, group);
    });

    await Promise.all(
      [...streams].map(async ([streamId, group]) => {
        const outcomes = await this.appender
          .append(
            streamId,
            group.map((item) => item.event),
          )
          .catch((error: unknown) => {
            // A stream that cannot be appended to (e.g. a damaged stored event) fails its own items only.
            const { problem, known } = toProblem(error);
            if (!known) this.logger.error({ err: error, streamId }, 'batch group failed');
            return group.map(() => ({ ok: false as const, problem }));
          });
        outcomes.forEach((outcome, i) => {
          const { index, event } = group[i]!;
          results[index] = outcome.ok
            ? { index, eventId: event.id, status: 201, replayed: outcome.replayed, result: outcome.result }
            : failure(index, outcome.problem, event.id);
        });
      }),
    );

    const accepted = results.filter((r) => r.status === 201 && 'replayed' in r && !r.replayed).length;
    const replayed = results.filter((r) => r.status === 201 && 'replayed' in r && r.replayed).length;
    return { accepted, replayed, failed: results.length - accepted - replayed, items: results };
  }
}
