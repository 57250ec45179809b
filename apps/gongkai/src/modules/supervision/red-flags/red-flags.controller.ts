import { Controller, Get, Inject, Query as QueryParams } from '@nestjs/common';
import type { RedFlag } from '@gongkai/projections';
import { Allow } from '../../../platform/auth/auth.guard';
import { regionsWithinScope } from '../../../platform/auth/region-scope';
import { CurrentPrincipal } from '../../../platform/auth/request-context';
import type { Principal } from '@gongkai/runtime';
import type { ReadModels } from '../../../background/read-models';
import { parseRequest } from '../../../platform/http/parse-request';
import { READ_MODELS } from '../../../platform/di-symbols';
import { redFlagsQuerySchema } from './red-flags.request';

/** Integrity indicators (廉政风险预警) with their evidence, for supervisors within their regions and admins. */
@Controller('v1/red-flags')
export class RedFlagsController {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  @Get()
  @Allow('supervisor', 'admin')
  async list(
    @QueryParams() query: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{
    total: number;
    limit: number;
    nextCursor: string | null;
    byCode: Array<{ code: string; count: number }>;
    items: RedFlag[];
  }> {
    const params = parseRequest(redFlagsQuerySchema, query, 'query');
    const withinRegions = regionsWithinScope(principal, params.region);
    const filter = { ...params, withinRegions };
    const { code: _code, cursor: _cursor, ...withoutCode } = filter;
    const [page, byCode] = await Promise.all([
      this.readModels.query('redFlags', filter),
      this.readModels.query('redFlagsByCode', withoutCode),
    ]);
    return {
      total: page.total,
      limit: params.limit,
      nextCursor: page.nextCursor,
      byCode,
      items: page.items,
    };
  }
}
