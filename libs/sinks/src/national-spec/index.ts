export * from './spec-data-sets';
export * from './validate-record';
