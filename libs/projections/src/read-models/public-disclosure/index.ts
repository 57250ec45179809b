export * from './public-disclosure.projection';
export * from './public-disclosure.queries';
export * from './disclosure-log.queries';
