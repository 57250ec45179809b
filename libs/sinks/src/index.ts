export * from './delivery';
export * from './mappers';
export * from './feeds';
export * from './national-spec';
export * from './subscriptions';
