export * from './event-store.port';
export * from './errors';
export * from './integrity';
export * from './sqlite';
export * from './eventstoredb';
export { matchesFilter } from './shared/append-rules';
