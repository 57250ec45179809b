import { Query } from '@nestjs/cqrs';
import type { PublicDisclosureSummary } from '@gongkai/projections';
import type { SearchQueryParams } from './search-transactions.request';

export interface SearchPage {
  items: PublicDisclosureSummary[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export class SearchTransactionsQuery extends Query<SearchPage> {
  constructor(readonly params: SearchQueryParams) {
    super();
  }
}
