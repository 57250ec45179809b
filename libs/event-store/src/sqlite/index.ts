export * from './sqlite-event-store';
export { SCHEMA_VERSION, SchemaTooNew } from './schema';
