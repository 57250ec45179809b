export {
  CATALOGUE_DOMAINS,
  CATALOGUE_EVENT_TYPES,
  DISCLOSURE_CHANNELS,
  FINDING_CODES,
  CATALOGUE_PUBLISHER_ROLES,
  type CatalogueDomain,
  type CatalogueEventType,
  type DisclosureChannel,
  type FindingCode,
  type CataloguePublisherRole,
} from './vocabulary';
export { CATALOGUE_IDS, type Catalogue, type CatalogueId, type CatalogueItem } from './catalogue';
export { catalogueItemSchema, catalogueSchema } from './catalogue-schema';
export { CATALOGUES, NATIONAL_CATALOGUE } from './data';
export { InvalidRegionCode, regionContains, regionPrefix } from './region-code';
export { type ResolvedCatalogue, type ResolvedItem, catalogueItemFor, resolveCatalogue } from './resolve';
export { FACT_ANCHORS, STATE_ANCHORS } from './fact-anchors';
export { STATUTORY_RULES, type StatutoryRuleSet, statutoryRulesFor } from './statutory-rules';
export {
  type ApplicableRule,
  type CatalogueFinding,
  type RuleOrigin,
  type TimingEvaluation,
  type TimingInput,
  evaluateTiming,
  publisherAllowed,
  rulesFor,
} from './evaluate';
export {
  DISCLOSURE_KINDS,
  DISCLOSURE_KIND_CATALOGUE,
  type DisclosureKind,
  type DisclosureKindEntry,
  disclosureRulesFor,
} from './disclosure-kinds';
