import { Controller, Get, Param, Req, Inject } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { CurrentPrincipal, recordAccess } from '../auth/request-context';
import type { Principal } from '../auth/token-scope';
import { ListEventsQuery, type TransactionTrailView } from './list-events.query';

@Controller('v1/transactions')
export class ListEventsController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @Get(':id/events')
  async list(
    @Param('id') transactionId: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ): Promise<TransactionTrailView> {
    const trail = await this.queries.execute(new ListEventsQuery(transactionId, principal));
    if (trail.view === 'full') recordAccess(request, 'restricted-read');
    return trail;
  }
}
