import { Controller, Get, Inject, Param, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import type { RecordPackage } from '@gongkai/open-data';
import type { ServiceConfig } from '@gongkai/runtime';
import { CONFIG } from '../../../platform/di-symbols';
import { ocdsPublication } from '../core/ocds-publication';
import { GetOcdsRecordQuery } from './get-ocds-record.query';

/** OCDS record package of one contracting process; the public view for every caller. */
@Controller('v1/ocds/records')
export class GetOcdsRecordController {
  constructor(
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Get(':ocid')
  get(@Param('ocid') ocid: string, @Req() request: FastifyRequest): Promise<RecordPackage> {
    return this.queries.execute(
      new GetOcdsRecordQuery(ocid, ocdsPublication(this.config, request), request.url),
    );
  }
}
