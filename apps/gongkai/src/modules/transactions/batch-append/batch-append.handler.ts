import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Logger } from 'pino';
import { isEventType, streamIdFor, type DomainEvent } from '@gongkai/domain';
import { publishRefusal } from '../../../platform/auth/publish-scope';
import { fieldErrors } from '../../../platform/http/parse-request';
import { Problem, validationProblem } from '../../../platform/http/problem';
import { toProblem } from '../../../platform/http/to-problem';
import { LOGGER } from '../../../platform/di-symbols';
import { envelopeToDomainEvent } from '../core/event-codec';
import { StreamAppender } from '../core/stream-appender';
import { batchItemSchema } from './batch-append.request';
import { BatchAppendCommand, type BatchItemResult, type BatchResult } from './batch-append.command';

function failure(index: number, problem: Problem, eventId?: string): BatchItemResult {
  return { index, eventId, status: problem.status, problem: problem.toBody() };
}

const precedingFailed = (eventId: string | undefined) =>
  new Problem('rule-conflict', 'Not attempted: an earlier event of the same stream in this request failed', {
    ...(eventId ? { eventId } : {}),
    code: 'PRECEDING_EVENT_FAILED',
  });

/** The stream an item names, as far as its raw type and data tell; undefined when they do not. */
function streamOfRaw(item: unknown): string | undefined {
  const { type, data } = (item ?? {}) as { type?: unknown; data?: unknown };
  if (!isEventType(type) || data === null || typeof data !== 'object') return undefined;
  try {
    return streamIdFor({ type, data });
  } catch {
    return undefined;
  }
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
    // Streams with a failed item so far: order matters within a stream, so what follows it is not attempted.
    const failedStreams = new Set<string>();
    const fail = (index: number, problem: Problem, streamId: string | undefined, eventId?: string) => {
      results[index] = failure(index, problem, eventId);
      if (streamId) failedStreams.add(streamId);
    };
    command.items.forEach((item, index) => {
      const prefix = `/body/events/${index}`;
      const envelope = batchItemSchema.safeParse(item);
      if (!envelope.success) {
        const problem = validationProblem(
          'The item does not match the schema',
          fieldErrors(envelope.error.issues, prefix.slice(1)),
        );
        fail(index, problem, streamOfRaw(item));
        return;
      }
      const streamId = streamOfRaw(envelope.data);
      if (streamId && failedStreams.has(streamId)) {
        fail(index, precedingFailed(envelope.data.id), streamId, envelope.data.id);
        return;
      }
      const parsed = envelopeToDomainEvent(envelope.data, prefix);
      if (!parsed.ok) {
        const problem = validationProblem('The event does not match the schema of its type', parsed.errors);
        fail(index, problem, streamId, envelope.data.id);
        return;
      }
      const refusal = publishRefusal(command.principal, parsed.event);
      if (refusal) {
        fail(index, new Problem('forbidden', refusal), streamIdFor(parsed.event), parsed.event.id);
        return;
      }
      const eventStream = streamIdFor(parsed.event);
      if (failedStreams.has(eventStream)) {
        fail(index, precedingFailed(parsed.event.id), eventStream, parsed.event.id);
        return;
      }
      const group = streams.get(eventStream) ?? [];
      group.push({ index, event: parsed.event });
      streams.set(eventStream, group);
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
