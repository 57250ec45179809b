import { Controller, Get, Param, Query as QueryParams, Req, Res, Inject } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CurrentPrincipal, recordAccess } from '../../../platform/auth/request-context';
import type { Principal } from '@gongkai/runtime';
import { parseRequest } from '../../../platform/http/parse-request';
import { GetTransactionQuery, type TransactionView } from './get-transaction.query';

export const getTransactionQuerySchema = z.strictObject({
  asOf: z.iso.datetime({ offset: true }).optional(),
  /** `recorded` (default): what the platform held at `asOf`; `published`: what the public had seen by then. */
  asOfBasis: z.enum(['recorded', 'published']).default('recorded'),
});

@Controller('v1/transactions')
export class GetTransactionController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @Get(':id')
  async get(
    @Param('id') transactionId: string,
    @QueryParams() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TransactionView> {
    const { asOf, asOfBasis } = parseRequest(getTransactionQuerySchema, query, 'query');
    const view = await this.queries.execute(
      new GetTransactionQuery(transactionId, principal, asOf, asOfBasis),
    );
    if (view.view === 'full') recordAccess(request, 'restricted-read');
    void reply.header('etag', `"${view.revision}"`);
    return view;
  }
}
