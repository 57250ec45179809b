import { Controller, Get, Inject, Query as QueryParams, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import type { ReleasePackage } from '@gongkai/open-data';
import type { ServiceConfig } from '@gongkai/runtime';
import { CONFIG } from '../../../platform/di-symbols';
import { parseRequest } from '../../../platform/http/parse-request';
import { ocdsPublication } from '../core/ocds-publication';
import { ListOcdsReleasesQuery } from './list-ocds-releases.query';
import { ocdsReleasesQuerySchema } from './list-ocds-releases.request';

/** OCDS release package, paged; the public view for every caller (a token changes nothing). */
@Controller('v1/ocds/releases')
export class ListOcdsReleasesController {
  constructor(
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Get()
  list(@QueryParams() query: unknown, @Req() request: FastifyRequest): Promise<ReleasePackage> {
    const params = parseRequest(ocdsReleasesQuerySchema, query, 'query');
    return this.queries.execute(
      new ListOcdsReleasesQuery(params, ocdsPublication(this.config, request), request.url),
    );
  }
}
