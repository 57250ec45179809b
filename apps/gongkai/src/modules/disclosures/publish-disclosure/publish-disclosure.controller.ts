import { Body, Controller, Headers, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import type { Principal } from '@gongkai/runtime';
import { envelopeShapeSchema } from '@gongkai/write-engine';
import { Allow } from '../../../platform/auth/auth.guard';
import { CurrentPrincipal } from '../../../platform/auth/request-context';
import { parseExpectedRevision } from '../../../platform/http/if-match';
import { parseRequest } from '../../../platform/http/parse-request';
import { refusalProblem } from '../../../platform/http/write-outcome';
import { PublishDisclosureCommand, type PublishDisclosureResult } from './publish-disclosure.command';

/** The disclosure's id, as far as the raw body tells (the envelope is validated by the write engine). */
function disclosureIdOf(envelope: { data: Record<string, unknown> }): string {
  const id = envelope.data['disclosureId'];
  return typeof id === 'string' ? id : '';
}

@Controller('v1/disclosures')
export class PublishDisclosureController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /** `DisclosurePublished` or `DisclosureAmended`; the stream is named by `data.disclosureId`. */
  @Post()
  @HttpCode(201)
  @Allow('centre')
  async publish(
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PublishDisclosureResult> {
    const expectedRevision = parseExpectedRevision(ifMatch);
    const envelope = parseRequest(envelopeShapeSchema, body, 'body');
    const disclosureId = disclosureIdOf(envelope);
    const outcome = await this.commands.execute(
      new PublishDisclosureCommand(disclosureId, envelope, principal, expectedRevision),
    );
    if (outcome.kind !== 'accepted') throw refusalProblem(outcome);
    const result: PublishDisclosureResult = { disclosureId, replayed: outcome.replayed, ...outcome.event };
    void reply
      .header('etag', `"${result.revision}"`)
      .header('location', `/v1/disclosures/${encodeURIComponent(disclosureId)}`);
    return result;
  }
}
