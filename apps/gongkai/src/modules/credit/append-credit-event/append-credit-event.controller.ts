import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { envelopeShapeSchema } from '@gongkai/write-engine';
import { parseExpectedRevision } from '../../../platform/http/if-match';
import { refusalProblem } from '../../../platform/http/write-outcome';
import { Allow } from '../../../platform/auth/auth.guard';
import { CurrentPrincipal } from '../../../platform/auth/request-context';
import type { Principal } from '@gongkai/runtime';
import { parseRequest } from '../../../platform/http/parse-request';
import { AppendCreditEventCommand, type AppendCreditEventResult } from './append-credit-event.command';

@Controller('v1/credit-subjects')
export class AppendCreditEventController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post(':creditCode/events')
  @HttpCode(201)
  @Allow('centre')
  async append(
    @Param('creditCode') creditCode: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AppendCreditEventResult> {
    const expectedRevision = parseExpectedRevision(ifMatch);
    const envelope = parseRequest(envelopeShapeSchema, body, 'body');
    const outcome = await this.commands.execute(
      new AppendCreditEventCommand(creditCode, envelope, principal, expectedRevision),
    );
    if (outcome.kind !== 'accepted') throw refusalProblem(outcome);
    const result: AppendCreditEventResult = { creditCode, replayed: outcome.replayed, ...outcome.event };
    void reply.header('etag', `"${result.revision}"`);
    return result;
  }
}
