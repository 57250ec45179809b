export {
  DOMAIN_PROFILES,
  OCDS_EXCLUDED_DOMAINS,
  ocdsDomainOf,
  type DomainProfile,
  type OcdsDomainCode,
} from './domain-profiles';
export {
  compileRelease,
  sortReleases,
  versionRelease,
  type OcdsRelease,
  type VersionEntry,
} from './merge/merge';
export { mergeRulesOf, type MergeRule, type MergeRules } from './merge/merge-rules';
export { OCID_PREFIX_PATTERN, PLACEHOLDER_OCID_PREFIX, ocidOf, transactionIdOfOcid } from './ocid';
export {
  EXTENSION_PATH,
  OCDS_MERGE_RULES,
  recordOf,
  recordPackage,
  releasePackage,
  type OcdsPublication,
  type OcdsRecord,
  type RecordPackage,
  type ReleasePackage,
} from './packages';
export { USCC_SCHEME, partyId, type OcdsParty, type OrganizationReference, type PartyRole } from './parties';
export { releasesOfTransaction, type MappedRelease, type TransactionEvent } from './release-mapper';
export {
  EXTENDED_RELEASE_SCHEMA,
  EXTENSION_CODELISTS,
  EXTENSION_METADATA,
  EXTENSION_RELEASE_SCHEMA,
  OCDS_SCHEMA_RELEASE,
  OCDS_VERSION,
  type JsonSchema,
} from './schema/release-schema';
export { jsonMergePatch } from './schema/json-merge-patch';
export {
  OCDS_DOMAINS,
  readRecord,
  readReleasePage,
  type ReleasePage,
  type ReleaseSearch,
} from './export/ocds-reader';
export { publicTransactionEvents, transactionStreamIds } from './export/public-transaction-events';
export { writeRecordLines, type RecordLinesOptions, type RecordLinesSummary } from './export/record-lines';
