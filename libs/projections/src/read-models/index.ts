import type { SqlProjection } from '../runner/projection';
import { creditRegistryProjection } from './credit-registry';
import { disclosureReportsProjection } from './disclosure-reports';
import { redFlagsProjection } from './red-flags';
import { publicDisclosureProjection } from './public-disclosure';
import { standaloneDisclosuresProjection } from './standalone-disclosures';
import { supervisionFindingsProjection } from './supervision-findings';

export * from './public-disclosure';
export * from './supervision-findings';
export * from './credit-registry';
export * from './disclosure-reports';
export * from './red-flags';
export * from './standalone-disclosures';
export type { ReadModelHandle, Page } from './shared/read-model-handle';
export { regionPrefix } from './shared/sql-filters';
export { validateStoredEventsFully } from './shared/stored-event';
export { InvalidCursor, SCAN_WINDOW } from './shared/keyset';

/** Every read model the service runs, for `new ProjectionManager(store, readModels, READ_MODELS)`. */
export const READ_MODELS: readonly SqlProjection[] = [
  publicDisclosureProjection,
  supervisionFindingsProjection,
  creditRegistryProjection,
  disclosureReportsProjection,
  redFlagsProjection,
  standaloneDisclosuresProjection,
];
