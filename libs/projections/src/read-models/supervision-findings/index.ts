export * from './supervision-findings.projection';
export * from './supervision-findings.queries';
export { OPEN_ITEM_DAYS, type Awaiting } from './open-items';
