import { Query } from '@nestjs/cqrs';
import type { DeadlineAnswer, PeriodUnit } from '@gongkai/domain';

export class ComputeDeadlineQuery extends Query<DeadlineAnswer> {
  constructor(
    readonly from: string,
    readonly period: { unit: PeriodUnit; n: number },
  ) {
    super();
  }
}
