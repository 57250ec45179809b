import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { regionPrefix } from '@gongkai/domain';
import { decodeCursor, type TransactionIndex } from '../infrastructure/transaction-index';
import { validationProblem } from '../problem/problem';
import { TRANSACTION_INDEX } from '../tokens';
import { SearchTransactionsQuery, type SearchPage } from './search-transactions.query';

/** A date bound is a Beijing calendar day: `from` starts at its midnight, `to` ends at its last instant. */
function bound(value: string | undefined, edge: 'start' | 'end'): string | undefined {
  if (value === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const instant = edge === 'start' ? `${value}T00:00:00.000+08:00` : `${value}T23:59:59.999+08:00`;
    return new Date(instant).toISOString();
  }
  return new Date(value).toISOString();
}

@QueryHandler(SearchTransactionsQuery)
export class SearchTransactionsHandler implements IQueryHandler<SearchTransactionsQuery> {
  constructor(@Inject(TRANSACTION_INDEX) private readonly index: TransactionIndex) {}

  async execute({ params }: SearchTransactionsQuery): Promise<SearchPage> {
    if (params.cursor !== undefined && !decodeCursor(params.cursor)) {
      throw validationProblem('The cursor was not issued by this service', [
        { field: '/query/cursor', message: 'unknown cursor' },
      ]);
    }
    return this.index.search({
      domain: params.domain,
      regionPrefix: params.region ? regionPrefix(params.region) : undefined,
      stage: params.stage,
      publisher: params.publisher,
      from: bound(params.from, 'start'),
      to: bound(params.to, 'end'),
      limit: params.limit,
      cursor: params.cursor,
    });
  }
}
