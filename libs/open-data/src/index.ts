export * from './ocds';
