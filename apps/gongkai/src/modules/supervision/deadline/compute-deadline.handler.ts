import { Inject, Optional } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { computeDeadline, type DeadlineAnswer } from '@gongkai/domain';
import type { CalendarRegistry } from '@gongkai/write-engine';
import { CALENDAR } from '../../../platform/di-symbols';
import { ComputeDeadlineQuery } from './compute-deadline.query';

/** The statutory due date on the calendar in force (bundled data, loaded years, provisional years). */
@QueryHandler(ComputeDeadlineQuery)
export class ComputeDeadlineHandler implements IQueryHandler<ComputeDeadlineQuery> {
  constructor(@Optional() @Inject(CALENDAR) private readonly calendar?: CalendarRegistry) {}

  async execute(query: ComputeDeadlineQuery): Promise<DeadlineAnswer> {
    return computeDeadline(query.from, query.period, this.calendar?.current);
  }
}
