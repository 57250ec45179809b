export * from './kafka-feed.config';
export * from './feed-message';
export * from './feed-topics';
export * from './resume-position';
export * from './event-batcher';
export * from './public-feed-payload';
export * from './kafka-feed-publisher';
