import { Controller, Get, Query as QueryParams, Inject } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { parseRequest } from '../../../platform/http/parse-request';
import { SearchTransactionsQuery, type SearchPage } from './search-transactions.query';
import { searchQuerySchema } from './search-transactions.request';

@Controller('v1/transactions')
export class SearchTransactionsController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  /** Public summaries only (no restricted field is indexed), newest publication first. */
  @Get()
  search(@QueryParams() query: unknown): Promise<SearchPage> {
    return this.queries.execute(new SearchTransactionsQuery(parseRequest(searchQuerySchema, query, 'query')));
  }
}
