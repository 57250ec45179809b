import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ReadModels } from '../../../background/read-models';
import { READ_MODELS } from '../../../platform/di-symbols';
import { SearchTransactionsQuery, type SearchPage } from './search-transactions.query';

const DAY_MS = 24 * 3600_000;

/**
 * A date bound is a Beijing calendar day: `from` starts at its midnight, `to` includes the whole day (the
 * read model's upper bound is exclusive, so it is the next day's midnight).
 */
function bound(value: string | undefined, edge: 'start' | 'end'): string | undefined {
  if (value === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const midnight = Date.parse(`${value}T00:00:00.000+08:00`);
    return new Date(edge === 'start' ? midnight : midnight + DAY_MS).toISOString();
  }
  return new Date(value).toISOString();
}

/**
 * Search over the public-disclosure read model (checkpointed, rebuildable from the store): the one read
 * side for summaries. `minPosition` (the position a write answered) waits, bounded, until it is applied.
 */
@QueryHandler(SearchTransactionsQuery)
export class SearchTransactionsHandler implements IQueryHandler<SearchTransactionsQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute({ params }: SearchTransactionsQuery): Promise<SearchPage> {
    return this.readModels.query(
      'searchDisclosures',
      {
      domain: params.domain,
      region: params.region,
      stage: params.stage,
      publisher: params.publisher,
      from: bound(params.from, 'start'),
      to: bound(params.to, 'end'),
        limit: params.limit,
        cursor: params.cursor,
      },
      params.minPosition,
    );
  }
}
