export * from './red-flags.projection';
export * from './red-flags.queries';
export * from './red-flag-definitions';
