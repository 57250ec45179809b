import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query as QueryParams } from '@nestjs/common';
import {
  DeadLetterError,
  DeadLetterNotFound,
  DeadLetterNotOpen,
  type DeadLetter,
  type DeadLetterRetryResult,
  type SinkTargetStatus,
} from '@gongkai/sinks';
import { Allow } from '../../../platform/auth/auth.guard';
import type { KafkaFeed, KafkaFeedReport } from '../../feeds/core/kafka-feed';
import type { Sinks } from '../../../background/sinks';
import { parseRequest } from '../../../platform/http/parse-request';
import { Problem } from '../../../platform/http/problem';
import { KAFKA_FEED, SINKS } from '../../../platform/di-symbols';
import { deadLetterIdSchema, deadLettersQuerySchema, resolutionBodySchema } from './sinks.request';

/** The dead-letter service's own errors as problems; anything else is left to the filter (500). */
function asProblem(error: unknown): unknown {
  if (error instanceof DeadLetterNotFound) return new Problem('not-found', error.message, { code: error.code });
  if (error instanceof DeadLetterNotOpen) {
    return new Problem('conflict', error.message, { code: error.code, deadLetterStatus: error.status });
  }
  if (error instanceof DeadLetterError) return new Problem('conflict', error.message, { code: error.code });
  return error;
}

/** Delivery to the configured sink targets (GONGKAI_SINK_TARGETS_FILE) and their dead letters. Admin only. */
@Controller('v1/sinks')
@Allow('admin')
export class SinksController {
  constructor(
    @Inject(SINKS) private readonly sinks: Sinks,
    @Inject(KAFKA_FEED) private readonly kafkaFeed: KafkaFeed,
  ) {}

  /**
   * Checkpoint, lag, in-flight, totals, circuit state and last error per target; and the Kafka feed's
   * state, published position and lag (`state: off` when KAFKA_BROKERS is unset).
   */
  @Get()
  async status(): Promise<{ targets: SinkTargetStatus[]; kafkaFeed: KafkaFeedReport }> {
    const [targets, kafkaFeed] = await Promise.all([this.sinks.runner.status(), this.kafkaFeed.status()]);
    return { targets, kafkaFeed };
  }

  /** Dead letters, oldest first (open ones unless `status` says otherwise). */
  @Get('dead-letters')
  async deadLetters(@QueryParams() query: unknown): Promise<{ items: DeadLetter[] }> {
    const params = parseRequest(deadLettersQuerySchema, query, 'query');
    return { items: await this.sinks.runner.deadLetters.list(params) };
  }

  /** One delivery attempt now; when the target accepts it, the stream's held events follow in order. */
  @Post('dead-letters/:id/retry')
  @HttpCode(200)
  async retry(@Param('id') id: string, @Body() body: unknown): Promise<DeadLetterRetryResult> {
    const deadLetterId = parseRequest(deadLetterIdSchema, id, 'path/id');
    const { note } = parseRequest(resolutionBodySchema, body ?? undefined, 'body');
    return this.sinks.runner.deadLetters.retry(deadLetterId, note).catch((error: unknown) => {
      throw asProblem(error);
    });
  }

  /** Gives up on the event for this target (kept as discarded) and releases the stream. */
  @Post('dead-letters/:id/discard')
  @HttpCode(200)
  async discard(@Param('id') id: string, @Body() body: unknown): Promise<DeadLetter> {
    const deadLetterId = parseRequest(deadLetterIdSchema, id, 'path/id');
    const { note } = parseRequest(resolutionBodySchema, body ?? undefined, 'body');
    return this.sinks.runner.deadLetters.discard(deadLetterId, note).catch((error: unknown) => {
      throw asProblem(error);
    });
  }
}
