import { Controller, Get, Inject, Query as QueryParams } from '@nestjs/common';
import {
  creditRegistryProjection,
  listCreditSubjects,
  type CreditSubjectSummary,
} from '@gongkai/projections';
import type { Principal } from '@gongkai/runtime';
import type { ReadModels } from '../../../background/read-models';
import { Allow } from '../../../platform/auth/auth.guard';
import { regionsWithinScope } from '../../../platform/auth/region-scope';
import { CurrentPrincipal } from '../../../platform/auth/request-context';
import { READ_MODELS } from '../../../platform/di-symbols';
import { parseRequest } from '../../../platform/http/parse-request';
import { creditSubjectsQuerySchema } from './list-credit-subjects.request';

/**
 * The subjects of the credit registry a supervisor oversees: those with a penalty, credit record or listing
 * published within its regions, a page at a time (the credit page lists them to open one).
 */
@Controller('v1/credit')
export class ListCreditSubjectsController {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  @Get()
  @Allow('supervisor', 'admin')
  list(
    @QueryParams() query: unknown,
    @CurrentPrincipal() principal: Principal,
  ): { items: CreditSubjectSummary[]; nextCursor: string | null; limit: number } {
    const params = parseRequest(creditSubjectsQuerySchema, query, 'query');
    const withinRegions = regionsWithinScope(principal, params.region);
    const handle = this.readModels.handle(creditRegistryProjection.name);
    return { ...listCreditSubjects(handle, { ...params, withinRegions }), limit: params.limit };
  }
}
