import { Controller, Get, Param, Req, Inject } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { CurrentPrincipal, recordAccess } from '../../../platform/auth/request-context';
import type { Principal } from '@gongkai/runtime';
import { Problem } from '../../../platform/http/problem';
import { ListEventsQuery, type TrailEvent, type TransactionTrailView } from './list-events.query';

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

  /** One event of the trail: where the `Location` of a 201 points. */
  @Get(':id/events/:eventId')
  async one(
    @Param('id') transactionId: string,
    @Param('eventId') eventId: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ): Promise<TrailEvent & { transactionId: string; view: 'public' | 'full' }> {
    const trail = await this.queries.execute(new ListEventsQuery(transactionId, principal));
    const event = trail.events.find((candidate) => candidate.id === eventId);
    if (!event)
      throw new Problem('not-found', `Transaction ${transactionId} has no event ${eventId}`, { eventId });
    if (trail.view === 'full') recordAccess(request, 'restricted-read');
    return { transactionId, view: trail.view, ...event };
  }
}
