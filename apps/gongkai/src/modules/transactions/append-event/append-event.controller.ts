import { Body, Controller, Headers, HttpCode, Param, Post, Res, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../../platform/auth/auth.guard';
import { CurrentPrincipal } from '../../../platform/auth/request-context';
import type { Principal } from '@gongkai/runtime';
import { parseRequest } from '../../../platform/http/parse-request';
import { envelopeShapeSchema } from '@gongkai/write-engine';
import { refusalProblem } from '../../../platform/http/write-outcome';
import { AppendEventCommand, type AppendEventResult } from './append-event.command';
import { parseExpectedRevision } from '../../../platform/http/if-match';

@Controller('v1/transactions')
export class AppendEventController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post(':id/events')
  @HttpCode(201)
  @Allow('centre')
  async append(
    @Param('id') transactionId: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AppendEventResult> {
    const expectedRevision = parseExpectedRevision(ifMatch);
    const envelope = parseRequest(envelopeShapeSchema, body, 'body');
    const outcome = await this.commands.execute(
      new AppendEventCommand(transactionId, envelope, principal, expectedRevision),
    );
    if (outcome.kind !== 'accepted') throw refusalProblem(outcome);
    const result: AppendEventResult = { transactionId, replayed: outcome.replayed, ...outcome.event };
    void reply
      .header('etag', `"${result.revision}"`)
      .header('location', `/v1/transactions/${encodeURIComponent(transactionId)}/events/${result.eventId}`);
    return result;
  }
}
