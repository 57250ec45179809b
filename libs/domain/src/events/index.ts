export {
  EVENT_TYPES,
  type DomainEvent,
  type EventData,
  type EventType,
  eventDataSchemas,
  isEventType,
  parseEventData,
} from './catalogue';
export {
  type EventMetadata,
  eventMetadataSchema,
  importedMarkerSchema,
  type ImportedMarker,
} from './metadata';
export {
  LONG_TEXT_MAX_CHARS,
  TEXT_MAX_CHARS,
  bankAccountSchema,
  candidateSchema,
  naturalPersonSchema,
  partySchema,
  type Party,
} from './common';
export { SUBJECTS, TRANSACTION_ID_FIELD, transactionIdOf } from './subjects';
export {
  CREDIT_EVENT_TYPES,
  CREDIT_STREAM_PREFIX,
  type CreditEventType,
  DISCLOSURE_EVENT_TYPES,
  DISCLOSURE_STREAM_PREFIX,
  type DisclosureEventType,
  disclosureStreamId,
  isDisclosureEventType,
  TRANSACTION_EVENT_TYPES,
  TRANSACTION_STREAM_PREFIX,
  type TransactionEventType,
  creditStreamId,
  isCreditEventType,
  isTransactionEventType,
  parseStreamId,
  streamIdFor,
  transactionStreamId,
} from './streams';
export { CURRENT_SCHEMA_VERSION, UPCASTERS, UnknownSchemaVersion, type Upcaster, upcast } from './versions';
export {
  EVENT_MAX_BYTES,
  type ParseEventResult,
  type ParseOptions,
  parseDomainEvent,
  unknownFields,
} from './parse';
export {
  CREDIT_CHINA_FIELDS,
  PLATFORM_ENVELOPE_FIELDS,
  PROVISIONAL_SPEC_NAMES,
  SPEC_FIELDS,
  type SpecMapping,
} from './spec-fields';
export {
  EVENT_EXAMPLES,
  EXAMPLE_PARTIES,
  EXAMPLE_PERSONS,
  EXAMPLE_TENDER_PROJECT_CODE,
  CORRECTED_LIFECYCLE_ORDER,
  LIFECYCLE_ORDER,
  exampleDisclosure,
  exampleEvent,
  exampleMetadata,
} from './examples';
export { DISCLOSURE_EXAMPLE_TIMES, EXAMPLE_DEPARTMENTS } from './disclosure-examples';
export { type StoredEvent, parseStoredEvent, toStoredMetadata } from './stored-event';
export { decodeTrustedStoredEvent } from './trusted-stored-event';
export {
  NATIONAL_RECORD_FIELDS,
  agencySchema,
  engineeringProjectSchema,
  noticeSchema,
  organisationContactSchema,
  priceFormSchema,
  publicationSchema,
  tradingVenueSchema,
} from './national-record';
export {
  DISCLOSURE_MAX_LINKS,
  type DisclosureData,
  disclosureAmendedSchema,
  disclosurePublishedSchema,
} from './disclosure-events';
export {
  CORRECTED_STAGE,
  CORRECTION_EVENT_TYPES,
  CORRECTION_MOVED_DATES,
  type CorrectableStage,
  correctedStageData,
  type CorrectionEventType,
  isCorrectionEventType,
  restatedStageOf,
  restatementField,
  stagePathOf,
} from './corrections';
