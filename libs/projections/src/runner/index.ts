export * from './projection';
export * from './read-model-database';
export * from './generation-runner';
export * from './projection-manager';
export * from './live-follower';
