import type { Provider, Type } from '@nestjs/common';
import { AppendCreditEventController } from '../credit/append-credit-event/append-credit-event.controller';
import { AppendCreditEventHandler } from '../credit/append-credit-event/append-credit-event.handler';
import { AppendEventController } from './append-event/append-event.controller';
import { AppendEventHandler } from './append-event/append-event.handler';
import { BatchAppendController } from './batch-append/batch-append.controller';
import { BatchAppendHandler } from './batch-append/batch-append.handler';
import { GetTransactionController } from './get-transaction/get-transaction.controller';
import { GetTransactionHandler } from './get-transaction/get-transaction.handler';
import { ListEventsController } from './list-events/list-events.controller';
import { ListEventsHandler } from './list-events/list-events.handler';
import { SearchTransactionsController } from './search-transactions/search-transactions.controller';
import { SearchTransactionsHandler } from './search-transactions/search-transactions.handler';
import { writeEngineProvider } from './core/write-engine.provider';
import { VerifyStreamController } from './verify-stream/verify-stream.controller';
import { VerifyStreamHandler } from './verify-stream/verify-stream.handler';

/** The transaction use cases (one folder each): their controllers and their command/query handlers. */
export const USE_CASES: { controllers: Type[]; providers: Provider[] } = {
  // Search is listed before `:id` routes only for readability; the router matches static paths first.
  controllers: [
    SearchTransactionsController,
    AppendEventController,
    AppendCreditEventController,
    BatchAppendController,
    GetTransactionController,
    ListEventsController,
    VerifyStreamController,
  ],
  providers: [
    writeEngineProvider,
    AppendEventHandler,
    AppendCreditEventHandler,
    BatchAppendHandler,
    GetTransactionHandler,
    ListEventsHandler,
    SearchTransactionsHandler,
    VerifyStreamHandler,
  ],
};
