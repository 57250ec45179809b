import { Controller, Get, Query, Inject } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { z } from 'zod';
import type { DeadlineAnswer } from '@gongkai/domain';
import { parseRequest } from '../../../platform/http/parse-request';
import { ComputeDeadlineQuery } from './compute-deadline.query';

const count = z.coerce.number().int().min(1).max(366);

/** `from` plus exactly one of `workingDays` (工作日) or `days` (日). */
export const deadlineQuerySchema = z
  .object({
    from: z.iso.date(),
    workingDays: count.optional(),
    days: count.optional(),
  })
  .refine((query) => (query.workingDays === undefined) !== (query.days === undefined), {
    message: 'give exactly one of workingDays or days',
    path: ['workingDays'],
  });

@Controller('v1/calendar')
export class DeadlineController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @Get('deadline')
  async deadline(@Query() query: unknown): Promise<DeadlineAnswer> {
    const parsed = parseRequest(deadlineQuerySchema, query, 'query');
    const period =
      parsed.workingDays !== undefined
        ? { unit: 'workingDays' as const, n: parsed.workingDays }
        : { unit: 'calendarDays' as const, n: parsed.days ?? 0 };
    return this.queries.execute(new ComputeDeadlineQuery(parsed.from, period));
  }
}
