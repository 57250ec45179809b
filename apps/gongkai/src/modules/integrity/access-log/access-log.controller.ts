import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { Allow } from '../../../platform/auth/auth.guard';
import type { AccessEntry, AccessLog } from '../../../platform/infrastructure/access-log';
import { parseRequest } from '../../../platform/http/parse-request';
import { ACCESS_LOG } from '../../../platform/di-symbols';

const accessLogQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

/**
 * Who wrote or read restricted data, newest first. Admins only: entries carry no region, so a supervisor
 * would see every region's activity.
 */
@Controller('v1/access-log')
@Allow('admin')
export class AccessLogController {
  constructor(@Inject(ACCESS_LOG) private readonly accessLog: AccessLog) {}

  @Get()
  recent(@Query() query: unknown): { items: (AccessEntry & { at: string })[] } {
    const { limit } = parseRequest(accessLogQuerySchema, query, 'query');
    return { items: this.accessLog.recent(limit) };
  }
}
