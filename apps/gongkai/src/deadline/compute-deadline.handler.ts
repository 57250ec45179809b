import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { computeDeadline, type DeadlineAnswer } from '@gongkai/domain';
import { ComputeDeadlineQuery } from './compute-deadline.query';

/** The statutory due date as the domain's calendar computes it (working days follow the State Council). */
@QueryHandler(ComputeDeadlineQuery)
export class ComputeDeadlineHandler implements IQueryHandler<ComputeDeadlineQuery> {
  async execute(query: ComputeDeadlineQuery): Promise<DeadlineAnswer> {
    return computeDeadline(query.from, query.period);
  }
}
