export * from './standalone-disclosures.projection';
export * from './standalone-disclosures.queries';
