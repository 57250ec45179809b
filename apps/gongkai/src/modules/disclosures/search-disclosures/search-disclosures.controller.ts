import { Controller, Get, Inject, Query as QueryParams } from '@nestjs/common';
import {
  searchStandaloneDisclosures,
  standaloneDisclosuresProjection,
  type StandaloneDisclosurePage,
} from '@gongkai/projections';
import type { ReadModels } from '../../../background/read-models';
import { READ_MODELS } from '../../../platform/di-symbols';
import { parseRequest } from '../../../platform/http/parse-request';
import { dayBound } from '../../supervision/core/day-bound';
import { searchDisclosuresQuerySchema } from './search-disclosures.request';

/** Disclosures outside a transaction, newest publication first, from the standalone-disclosures read model. Public. */
@Controller('v1/disclosures')
export class SearchDisclosuresController {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  @Get()
  async search(@QueryParams() query: unknown): Promise<StandaloneDisclosurePage> {
    const params = parseRequest(searchDisclosuresQuerySchema, query, 'query');
    const handle = await this.readModels.handleAt(standaloneDisclosuresProjection.name, params.minPosition);
    return searchStandaloneDisclosures(handle, {
      kind: params.kind,
      domain: params.domain,
      region: params.region,
      publisher: params.publisher,
      from: dayBound(params.from, 'start'),
      to: dayBound(params.to, 'end'),
      limit: params.limit,
      cursor: params.cursor,
    });
  }
}
