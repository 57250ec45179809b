/**
 * The write engine: read, decide, append for every writer of the trail (the HTTP service, the CLI, imports).
 * It answers typed outcomes and knows no HTTP.
 */
export {
  WriteEngine,
  type AppendOptions,
  type StreamEvents,
  type WriteEngineOptions,
  type WriteObserver,
} from './write-engine';
export {
  appendBatch,
  appendEnvelope,
  type AppendBatchOptions,
  type AppendEnvelopeRequest,
  type AppendTarget,
  type Authorize,
  type BatchItemOutcome,
} from './commands';
export type { AppendedEvent, AppendOutcome, Refusal } from './outcome';
export {
  ENVELOPE_FIELDS,
  SERVICE_METADATA_FIELDS,
  envelopeShapeSchema,
  envelopeToDomainEvent,
  eventEnvelopeSchema,
  fieldErrors,
  publishedMetadataSchema,
  type EventEnvelope,
  type FieldError,
} from './envelope';
export { StoredEventUnreadable, findingsOf, fromRecordedEvent, toStoredEvent } from './event-codec';
export { readStreamOrEmpty } from './stream-reader';
export { creditCodesIn, indexedBlacklist, type BlacklistProvider } from './blacklist';
export { BlacklistIndex } from './blacklist-index';
export { creditRules, rulesFor, transactionRules, type StreamRules } from './stream-rules';
// The statutory calendar's own stream: loading a year's arrangement and re-evaluating what it changes.
export * from './calendar/calendar-registry';
export * from './calendar/calendar-loader';
export * from './calendar/calendar-stream';
export * from './calendar/reevaluate-findings';
