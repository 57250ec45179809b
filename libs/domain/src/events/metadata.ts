import { z } from 'zod';
import { CATALOGUE_PUBLISHER_ROLES } from '../catalogues';
import { regionCodeSchema } from '../identifiers';
import { instant, partySchema, text } from './common';

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
});
export type EventMetadata = z.infer<typeof eventMetadataSchema>;
