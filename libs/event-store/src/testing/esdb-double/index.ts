export * from './esdb-double';
export { TransactionLog, type LogEvent } from './transaction-log';
