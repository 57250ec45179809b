/**
 * What the CLI uses of the service (apps/gongkai), in one place: the same configuration, files, token store
 * and event codec, so the command line and the HTTP API can never disagree about the data.
 */
export { ConfigError, loadConfig, type ServiceConfig } from '../../gongkai/src/platform/config/config.schema';
export { eventStorePath, openEventStore } from '../../gongkai/src/platform/infrastructure/open-event-store';
export {
  openServiceDatabase,
  SERVICE_DATABASE_FILE,
} from '../../gongkai/src/platform/infrastructure/service-database';
export { TokenStore, type TokenRecord } from '../../gongkai/src/platform/infrastructure/token-store';
export { tokenGrantSchema, type TokenGrant } from '../../gongkai/src/platform/auth/token-scope';
export { fromRecordedEvent, findingsOf } from '@gongkai/write-engine';
export { createApp, type GongkaiApp } from '../../gongkai/src/app';
export { transactionView } from '../../gongkai/src/modules/transactions/get-transaction/transaction-view';
export type { TransactionView } from '../../gongkai/src/modules/transactions/get-transaction/get-transaction.query';
export { CalendarRegistry } from '../../gongkai/src/modules/supervision/core/calendar-registry';
export { loadCalendarYear } from '../../gongkai/src/modules/supervision/core/calendar-loader';
