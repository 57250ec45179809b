import { z } from 'zod';
import { CATALOGUE_PUBLISHER_ROLES } from '../catalogues';
import { regionCodeSchema } from '../identifiers';
import { instant, partySchema, text } from './common';

/** Where an imported event came from: the national data set records it was built from, and what was inferred. */
export const importedMarkerSchema = z.strictObject({
  /** `national-data-spec`: the format of the source. */
  source: text,
  /** The source records, `<data set>:<primary key>` (the main record first), e.g. `513:3206...001`. */
  records: z.array(text).min(1).max(1_000),
  /**
   * Required event fields the source records do not carry, filled from another field of them
   * (`winnerChosen` from `NOTICE_SEND_TIME`): named so that no reader mistakes them for recorded facts.
   */
  inferred: z
    .array(z.strictObject({ field: text, from: text }))
    .max(100)
    .optional(),
});
export type ImportedMarker = z.infer<typeof importedMarkerSchema>;

/**
 * Metadata on every event. `occurredAt` is when the fact was formed or changed (信息形成或变更之日), the
 * anchor of most disclosure deadlines; `publishedAt` is when it was disclosed.
 */
export const eventMetadataSchema = z.object({
  /** The organisation publishing (公开主体), named because every pushed record must name its source. */
  publisher: partySchema,
  /** Its role under 谁批准谁公开，谁实施谁公开，谁制作谁公开. */
  publisherRole: z.enum(CATALOGUE_PUBLISHER_ROLES),
  /**
   * The implementer a trading centre publishes for (代为公开): the transaction then belongs to it. Only with
   * `publisherRole: trading_centre`.
   */
  onBehalfOf: partySchema.optional(),
  /** GB/T 2260 code of the jurisdiction publishing. */
  regionCode: regionCodeSchema,
  /** The system the record came from (交易系统, 信用平台…). */
  sourceSystem: text,
  occurredAt: instant,
  publishedAt: instant,
  correlationId: text.optional(),
  causationId: text.optional(),
  /** Data paths (`candidates.0.bidPrice`) the publisher flags as commercial secrets; redacted from the public view. */
  confidentialFields: z.array(text).optional(),
  /** Set by the store: when the event was recorded. */
  recordedAt: instant.optional(),
  /** Set by the service: statutory timing findings computed when the event was accepted. */
  findings: z.array(z.looseObject({ code: z.string(), ruleId: z.string() })).optional(),
  /**
   * Set by `gongkai import` only (the API refuses it from a publisher): the event is migrated history, not a
   * new disclosure. Its dates are the historical ones, so it is not held against the recording time
   * (no RECORDED_LATE), and sinks do not push it as new unless a target asks (`pushImported`).
   */
  imported: importedMarkerSchema.optional(),
});
export type EventMetadata = z.infer<typeof eventMetadataSchema>;
