export * from './event-store.port';
export * from './errors';
export * from './integrity/canonical-json';
export * from './integrity/hash-chain';
