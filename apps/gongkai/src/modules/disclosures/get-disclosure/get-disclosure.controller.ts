import { Controller, Get, Inject, Param, Query as QueryParams } from '@nestjs/common';
import { z } from 'zod';
import {
  getStandaloneDisclosure,
  standaloneDisclosuresProjection,
  type StandaloneDisclosure,
} from '@gongkai/projections';
import type { ReadModels } from '../../../background/read-models';
import { READ_MODELS } from '../../../platform/di-symbols';
import { parseRequest } from '../../../platform/http/parse-request';
import { Problem } from '../../../platform/http/problem';

const getDisclosureQuerySchema = z.strictObject({
  minPosition: z.coerce.number().int().min(0).optional(),
});

/** One disclosure outside a transaction: its latest public view and its versions. Public. */
@Controller('v1/disclosures')
export class GetDisclosureController {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  @Get(':id')
  async get(@Param('id') disclosureId: string, @QueryParams() query: unknown): Promise<StandaloneDisclosure> {
    const { minPosition } = parseRequest(getDisclosureQuerySchema, query, 'query');
    const handle = await this.readModels.handleAt(standaloneDisclosuresProjection.name, minPosition);
    const found = getStandaloneDisclosure(handle, disclosureId);
    if (!found) throw new Problem('not-found', `No disclosure ${disclosureId}`, { disclosureId });
    return found;
  }
}
