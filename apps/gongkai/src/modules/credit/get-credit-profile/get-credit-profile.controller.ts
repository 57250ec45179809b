import { Controller, Get, Inject, Param, Query as QueryParams } from '@nestjs/common';
import { z } from 'zod';
import { creditRegistryProjection, getCreditProfile, type CreditProfile } from '@gongkai/projections';
import { creditCodeSchema } from '@gongkai/runtime';
import type { ReadModels } from '../../../background/read-models';
import { parseRequest } from '../../../platform/http/parse-request';
import { Problem } from '../../../platform/http/problem';
import { READ_MODELS } from '../../../platform/di-symbols';

const creditQuerySchema = z.object({
  /** The instant to judge display periods and blacklist listings at; default now. */
  at: z.iso.datetime({ offset: true }).optional(),
});

/** The credit registry (信用记录): penalties, credit records and blacklist listings of one subject. Public. */
@Controller('v1/credit')
export class GetCreditProfileController {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  @Get(':creditCode')
  get(@Param('creditCode') creditCode: string, @QueryParams() query: unknown): CreditProfile {
    const code = parseRequest(creditCodeSchema, creditCode, 'path/creditCode');
    const { at } = parseRequest(creditQuerySchema, query, 'query');
    const handle = this.readModels.handle(creditRegistryProjection.name);
    const profile = getCreditProfile(handle, code, at === undefined ? undefined : new Date(at).toISOString());
    if (!profile) {
      throw new Problem('not-found', `The credit registry holds no record for ${code}`, { creditCode: code });
    }
    return profile;
  }
}
