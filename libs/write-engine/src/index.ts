/**
 * The write engine: read, decide, append for every writer of the trail (the HTTP service, the CLI, imports).
 * It answers typed outcomes and knows no HTTP.
 */
export { WriteEngine, type AppendOptions, type WriteEngineOptions, type WriteObserver } from './write-engine';
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
