export { REJECTION_CODES, REJECTION_DESCRIPTIONS, type Rejection, type RejectionCode } from './rejections';
export {
  type TransactionState,
  type TransactionStatus,
  evolve,
  initialTransactionState,
  replayTransaction,
  stateForReaders,
} from './transaction-state';
export {
  type DecideContext,
  type Decision,
  type PublishDisclosure,
  decide,
  decideParsed,
  withFindings,
} from './transaction-decider';
export {
  type CreditState,
  creditBlacklistEntries,
  decideCredit,
  decideCreditParsed,
  evolveCredit,
  initialCreditState,
  replayCredit,
} from './credit-decider';
export {
  type DisclosureDecision,
  type DisclosureState,
  decideDisclosure,
  decideDisclosureParsed,
  disclosureTiming,
  evolveDisclosure,
  initialDisclosureState,
  replayDisclosure,
} from './disclosure-decider';
export {
  type BlacklistEntry,
  type BlacklistLookup,
  type BlacklistSource,
  activeBlacklistEntries,
  isBlacklistedAt,
} from './blacklist';
export {
  DISPLAY_PERIOD_MONTHS,
  DISPLAY_PERIOD_SOURCE,
  type DishonestySeverity,
  type DisplayEndCheck,
  type DisplayPeriod,
  addMonths,
  checkDisplayEnd,
  displayEndWithinRange,
  displayPeriod,
} from './display-periods';
export { DOMAINS_REQUIRING_CANDIDATES, type PartyRef } from './parties';
export { timingDatesFor, timingOf } from './timing';
export {
  FOREIGN_APPENDS,
  type TransactionOwner,
  actingParty,
  isOwnerEvent,
  ownerOf,
  ownershipRefusal,
} from './ownership';
export {
  CALENDAR_STREAM,
  FINDINGS_REEVALUATED,
  type FindingChange,
  type FindingsReevaluated,
  REEVALUATION_STREAM,
  reevaluateFindings,
} from './reevaluation';
export {
  DEFAULT_PUBLICATION_TOLERANCES,
  type PublicationTimeVerdict,
  type PublicationTolerances,
  type RecordedLateFinding,
  checkPublicationTime,
} from './publication-time';
export {
  CONDUCT_FINDING_CODES,
  type ConductFinding,
  type ConductFindingCode,
  type Finding,
} from './conduct-findings';
export { stagesInForce, type StageChange, type StageRevision, type StagesInForce } from './stages-in-force';
export {
  type CureFinding,
  PERIOD_CURED,
  type RaisedStageFinding,
  type ShortPeriod,
  type StageTiming,
  correctedDates,
  periodCures,
  periodStageOf,
} from './period-cures';
