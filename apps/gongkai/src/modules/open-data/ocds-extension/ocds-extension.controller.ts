import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EXTENSION_CODELISTS, EXTENSION_METADATA, EXTENSION_RELEASE_SCHEMA } from '@gongkai/open-data';
import type { ServiceConfig } from '@gongkai/runtime';
import { CONFIG } from '../../../platform/di-symbols';
import { Problem } from '../../../platform/http/problem';
import { ocdsPublication } from '../core/ocds-publication';

/**
 * gongkai's OCDS extension, served where the packages' `extensions` URL points: `extension.json`,
 * `release-schema.json` and `codelists/<name>.csv` beside it, as the extension rules lay an extension out.
 */
@Controller('v1/ocds/extension')
export class OcdsExtensionController {
  constructor(@Inject(CONFIG) private readonly config: ServiceConfig) {}

  @Get('extension.json')
  metadata(@Req() request: FastifyRequest): Record<string, unknown> {
    const { baseUrl } = ocdsPublication(this.config, request);
    return { ...EXTENSION_METADATA, documentationUrl: { en: `${baseUrl}/docs#/ocds` } };
  }

  @Get('release-schema.json')
  releaseSchema(): Record<string, unknown> {
    return EXTENSION_RELEASE_SCHEMA;
  }

  @Get('codelists/:file')
  codelist(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply): string {
    const csv = Object.hasOwn(EXTENSION_CODELISTS, file) ? EXTENSION_CODELISTS[file] : undefined;
    if (csv === undefined) throw new Problem('not-found', `No codelist ${file} in the extension`, { file });
    void reply.header('content-type', 'text/csv; charset=utf-8');
    return csv;
  }
}
