export * from './runner';
export * from './read-models';
export * from './trail/transaction-view';
export * from './readers';
