import { Controller, Get, Inject, Query as QueryParams } from '@nestjs/common';
import {
  type ListedPage,
  type OpenItemPastDue,
  type SupervisionFinding,
} from '@gongkai/projections';
import { Allow } from '../../../platform/auth/auth.guard';
import { regionsWithinScope } from '../../../platform/auth/region-scope';
import { CurrentPrincipal } from '../../../platform/auth/request-context';
import type { Principal } from '@gongkai/runtime';
import type { Clock } from '@gongkai/event-store';
import type { ReadModels } from '../../../background/read-models';
import { parseRequest } from '../../../platform/http/parse-request';
import { CLOCK, READ_MODELS } from '../../../platform/di-symbols';
import { dayBound } from '../core/day-bound';
import { findingsQuerySchema, openItemsQuerySchema } from './list-findings.request';

/** A page of a read-model list: keyset `nextCursor`, and a count capped at SCAN_WINDOW entries examined. */
export type ListPage<T> = ListedPage<T> & { limit: number };

/**
 * The supervision read model: compliance findings and stages overdue, for supervisors (监督部门), each
 * within the regions it oversees, and for admins.
 */
@Controller('v1/findings')
export class ListFindingsController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    // "Now" is the service's clock, the one that stamps recordedAt, not the host's.
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Findings recorded at acceptance (late disclosure, short publicity, missed deadline), in position order. */
  @Get()
  @Allow('supervisor', 'admin')
  async list(
    @QueryParams() query: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ListPage<SupervisionFinding>> {
    const params = parseRequest(findingsQuerySchema, query, 'query');
    const withinRegions = regionsWithinScope(principal, params.region);
    const { cured, ...filters } = params;
    const page = await this.readModels.query('findings', {
      ...filters,
      ...(cured === undefined ? {} : { cured: cured === 'true' }),
      withinRegions,
      from: dayBound(params.from, 'start'),
      to: dayBound(params.to, 'end'),
    });
    return { ...page, limit: params.limit };
  }

  /** Stages awaited past their due date and not published by `asOf` (default now). */
  @Get('open-items')
  @Allow('supervisor', 'admin')
  async openItems(
    @QueryParams() query: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ListPage<OpenItemPastDue> & { asOf: string }> {
    const params = parseRequest(openItemsQuerySchema, query, 'query');
    const withinRegions = regionsWithinScope(principal, params.region);
    const asOf = dayBound(params.asOf, 'start') ?? this.clock.now().toISOString();
    const page = await this.readModels.query('openItemsPastDue', { ...params, asOf, withinRegions });
    return { asOf, ...page, limit: params.limit };
  }
}
