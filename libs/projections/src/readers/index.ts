export * from './read-queries';
export { QueryPool } from './query-pool';
