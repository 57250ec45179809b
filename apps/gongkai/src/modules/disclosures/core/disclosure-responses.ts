import { z } from 'zod';
import {
  CATALOGUE_DOMAINS,
  CATALOGUE_PUBLISHER_ROLES,
  DISCLOSURE_EVENT_TYPES,
  DISCLOSURE_KINDS,
} from '@gongkai/domain';

/**
 * What the disclosure endpoints answer, as zod schemas: the OpenAPI document publishes them and the e2e test
 * parses real answers with them, so the documented responses cannot drift from the served ones.
 */
const instant = z.string().meta({ description: 'ISO-8601 instant (UTC)' });

export const disclosureSummarySchema = z.strictObject({
  disclosureId: z.string(),
  streamId: z.string().meta({ description: '`disclosure-<disclosureId>`' }),
  kind: z.enum(DISCLOSURE_KINDS),
  domain: z.enum(CATALOGUE_DOMAINS),
  regionCode: z.string(),
  publisher: z.strictObject({
    name: z.string(),
    creditCode: z.string(),
    role: z.enum(CATALOGUE_PUBLISHER_ROLES),
  }),
  title: z.string(),
  version: z.number().int().min(1).meta({ description: '1 when published, +1 per amendment' }),
  firstPublishedAt: instant,
  lastPublishedAt: instant,
  late: z.boolean().meta({ description: 'a version was published after its deadline (LATE_DISCLOSURE)' }),
  transactionIds: z.array(z.string()).meta({ description: 'the transactions it concerns (links only)' }),
});

export const disclosureVersionSchema = z.strictObject({
  eventId: z.string(),
  type: z.enum(DISCLOSURE_EVENT_TYPES),
  revision: z.number().int().min(0),
  position: z.number().int().min(1),
  occurredAt: instant,
  publishedAt: instant,
  findingCodes: z.array(z.string()),
});

export const disclosureDetailSchema = disclosureSummarySchema.extend({
  view: z
    .strictObject({
      id: z.string(),
      type: z.enum(DISCLOSURE_EVENT_TYPES),
      schemaVersion: z.number().int(),
      data: z.record(z.string(), z.unknown()),
      metadata: z.record(z.string(), z.unknown()),
      redacted: z.array(z.string()),
    })
    .meta({ description: 'public view of the latest version (natural persons masked, findings dropped)' }),
  versions: z.array(disclosureVersionSchema),
});

export const disclosurePageSchema = z.strictObject({
  items: z.array(disclosureSummarySchema),
  nextCursor: z.string().nullable(),
});

export const publishDisclosureResultSchema = z.strictObject({
  disclosureId: z.string(),
  replayed: z.boolean(),
  eventId: z.string(),
  type: z.enum(DISCLOSURE_EVENT_TYPES),
  streamId: z.string(),
  revision: z.number().int().min(0),
  position: z.number().int().min(1),
  hash: z.string(),
  recordedAt: instant,
  findings: z.array(z.looseObject({ code: z.string(), ruleId: z.string() })),
});
