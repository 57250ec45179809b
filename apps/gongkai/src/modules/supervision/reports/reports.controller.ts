import { Controller, Get, Inject, Query as QueryParams } from '@nestjs/common';
import {
  type AnnualReportAnswer,
  type CompletenessReport,
  type TimelinessReport,
} from '@gongkai/projections';
import { Allow } from '../../../platform/auth/auth.guard';
import { regionsWithinScope } from '../../../platform/auth/region-scope';
import { CurrentPrincipal } from '../../../platform/auth/request-context';
import type { Principal } from '@gongkai/runtime';
import type { Clock } from '@gongkai/event-store';
import type { ReadModels } from '../../../background/read-models';
import { dayBound } from '../core/day-bound';
import { parseRequest } from '../../../platform/http/parse-request';
import { CLOCK, READ_MODELS } from '../../../platform/di-symbols';
import { templateCells } from './annual-template';
import { annualQuerySchema, completenessQuerySchema, timelinessQuerySchema } from './reports.request';

/**
 * What a supervisory department opens every morning: disclosure timeliness, completeness against the
 * jurisdiction's catalogue, and the figures of its annual report, each within the token's regions.
 */
@Controller('v1/reports')
export class ReportsController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    // "Now" is the service's clock, the one that stamps recordedAt, not the host's.
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('timeliness')
  @Allow('supervisor', 'admin')
  timeliness(
    @QueryParams() query: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TimelinessReport> {
    const params = parseRequest(timelinessQuerySchema, query, 'query');
    const withinRegions = regionsWithinScope(principal, params.region);
    return this.readModels.query('timeliness', {
      ...params,
      withinRegions,
      from: dayBound(params.from, 'start'),
      to: dayBound(params.to, 'end'),
      asOf: dayBound(params.asOf, 'end') ?? this.clock.now().toISOString(),
    });
  }

  @Get('completeness')
  @Allow('supervisor', 'admin')
  completeness(
    @QueryParams() query: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CompletenessReport> {
    const params = parseRequest(completenessQuerySchema, query, 'query');
    const withinRegions = regionsWithinScope(principal, params.region);
    return this.readModels.query('completeness', {
      ...params,
      withinRegions,
      asOf: dayBound(params.asOf, 'end') ?? this.clock.now().toISOString(),
    });
  }

  @Get('annual')
  @Allow('supervisor', 'admin')
  async annual(
    @QueryParams() query: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AnnualReportAnswer> {
    const params = parseRequest(annualQuerySchema, query, 'query');
    const withinRegions = regionsWithinScope(principal, params.region);
    const report = await this.readModels.query('annual', {
      ...params,
      withinRegions,
      now: this.clock.now().toISOString(),
    });
    // Findings live in the supervision read model; the year is Beijing's, as the report's.
    const periodFindings = await this.readModels.query('periodFindings', {
      ...(params.region ? { region: params.region } : {}),
      withinRegions,
      from: dayBound(`${params.year}-01-01`, 'start'),
      to: dayBound(`${params.year}-12-31`, 'end'),
    });
    const answer = { ...report, periodFindings };
    return { ...answer, template: templateCells(answer) };
  }
}
