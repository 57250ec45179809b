import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { BatchItemOutcome } from '@gongkai/write-engine';
import { Allow } from '../../../platform/auth/auth.guard';
import { CurrentPrincipal } from '../../../platform/auth/request-context';
import type { Principal, ServiceConfig } from '@gongkai/runtime';
import { parseRequest } from '../../../platform/http/parse-request';
import { toProblem } from '../../../platform/http/to-problem';
import { refusalProblem } from '../../../platform/http/write-outcome';
import { CONFIG, LOGGER } from '../../../platform/di-symbols';
import { BatchAppendCommand, type BatchItemResult, type BatchResult } from './batch-append.command';

@Controller('v1')
export class BatchAppendController {
  private readonly requestSchema;

  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(CONFIG) config: ServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.requestSchema = z.strictObject({ events: z.array(z.unknown()).min(1).max(config.batchMaxItems) });
  }

  /** `POST /v1/events:batch` (the colon is escaped for the router). Always 200: read each item's status. */
  @Post('events::batch')
  @HttpCode(200)
  @Allow('centre')
  async batch(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<BatchResult> {
    const { events } = parseRequest(this.requestSchema, body, 'body');
    const outcomes = await this.commands.execute(new BatchAppendCommand(events, principal));
    const items = outcomes.map((item) => this.itemResult(item));
    const accepted = items.filter((r) => r.status === 201 && 'replayed' in r && !r.replayed).length;
    const replayed = items.filter((r) => r.status === 201 && 'replayed' in r && r.replayed).length;
    return { accepted, replayed, failed: items.length - accepted - replayed, items };
  }

  private itemResult({ index, eventId, outcome }: BatchItemOutcome): BatchItemResult {
    if (outcome.kind === 'accepted') {
      return { index, eventId, status: 201, replayed: outcome.replayed, result: outcome.event };
    }
    if (outcome.kind === 'failed' && !toProblem(outcome.error).known) {
      // A stream that cannot be appended to (e.g. a damaged stored event) fails its own items only.
      this.logger.error({ err: outcome.error, eventId }, 'batch group failed');
    }
    const problem = refusalProblem(outcome);
    return { index, eventId, status: problem.status, problem: problem.toBody() };
  }
}
