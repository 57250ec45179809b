export * from './eventstoredb-event-store';
export { INTEGRITY_KEY } from './esdb-mapping';
