export * from './runner';
export * from './read-models';
