/**
 * What the CLI shares with the service, in one place: the same configuration, files, token store, event codec
 * and write engine (all from libraries: the CLI never imports apps/gongkai), so the command line and the HTTP
 * API can never disagree about the data.
 */
export {
  ConfigError,
  ensureAdminToken,
  eventStorePath,
  loadConfig,
  openEventStore,
  openServiceDatabase,
  publishRefusal,
  SERVICE_DATABASE_FILE,
  tokenGrantSchema,
  TokenStore,
  type Principal,
  type ServiceConfig,
  type TokenGrant,
  type TokenRecord,
} from '@gongkai/runtime';
export {
  CalendarRegistry,
  findingsOf,
  fromRecordedEvent,
  loadCalendarYear,
  WriteEngine,
} from '@gongkai/write-engine';
export { transactionView, type TransactionView } from '@gongkai/projections';
