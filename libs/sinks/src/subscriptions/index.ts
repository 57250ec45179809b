export * from './subscription-filter';
export * from './webhook.mapper';
