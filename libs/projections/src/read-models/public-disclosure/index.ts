export * from './public-disclosure.projection';
export * from './public-disclosure.queries';
