export * from './credit-registry.projection';
export * from './credit-registry.queries';
