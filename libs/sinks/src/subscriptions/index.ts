export * from './subscription-filter';
export * from './webhook.mapper';
export * from './webhook-signature';
export * from './webhook-url-policy';
export * from './subscription-store';
export * from './subscription-delivery';
export * from './subscription-service';
