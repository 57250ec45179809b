/**
 * The API's answers, as the service declares them: type-only imports of the one declaration (no copies in the
 * console). Files imported here must have no imports of their own (the console's typecheck is DOM-only).
 */
export type {
  AnnualReportAnswer,
  CompletenessItem,
  CompletenessReport,
  CoverageFigures,
  TimelinessReport,
} from '../../../../libs/projections/src/read-models/disclosure-reports/report-types';
export type { RedFlag } from '../../../../libs/projections/src/read-models/red-flags/red-flag-definitions';
export type {
  FieldChange,
  VersionSummary,
} from '../../src/modules/transactions/transaction-versions/version-types';
