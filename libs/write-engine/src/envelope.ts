import { z } from 'zod';
import {
  CURRENT_SCHEMA_VERSION,
  EVENT_TYPES,
  eventMetadataSchema,
  parseDomainEvent,
  type DomainEvent,
} from '@gongkai/domain';

/** A field that failed validation: a JSON pointer into what the writer sent, and why. */
export interface FieldError {
  /** JSON pointer-like path of the failing field, e.g. `/body/data/title` or `/events/3/metadata`. */
  field: string;
  message: string;
}

/** Zod issues as field errors, each path under `prefix` (`body`, `body/events/2`...). */
export function fieldErrors(issues: readonly z.core.$ZodIssue[], prefix: string): FieldError[] {
  return issues.map((issue) => ({
    field: `/${[prefix, ...issue.path.map(String)].join('/')}`,
    message: issue.message,
  }));
}

/** Metadata as a publisher sends it: `recordedAt`, `findings` and `imported` (gongkai import's marker) are the service's to set. */
export const publishedMetadataSchema = eventMetadataSchema
  .omit({ recordedAt: true, findings: true, imported: true })
  .strict();

const envelopeFields = {
  id: z.uuid(),
  type: z.enum(EVENT_TYPES),
  schemaVersion: z.number().int().min(1).optional(),
  data: z.record(z.string(), z.unknown()),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
};

/**
 * The envelope as checked first: data and metadata are only required to be objects here, so that the
 * domain's parse afterwards reports every failing field of both in one answer. Unknown top-level fields are
 * kept (loose) so that `envelopeToDomainEvent` names them in that same answer.
 */
export const envelopeShapeSchema = z.looseObject({
  ...envelopeFields,
  metadata: z.record(z.string(), z.unknown()),
});

/** The fields an envelope may have; anything else is refused as an unknown field. */
export const ENVELOPE_FIELDS: ReadonlySet<string> = new Set([...Object.keys(envelopeFields), 'metadata']);

/**
 * One event as a publisher sends it (the documented contract). `data` is checked against the schema of `type` (see the `<Type>Data`
 * schemas); `occurredAt`/`publishedAt` may be given at the top level or inside `metadata`.
 */
export const eventEnvelopeSchema = z.strictObject({
  ...envelopeFields,
  metadata: publishedMetadataSchema.partial({ occurredAt: true, publishedAt: true }),
});

export type EventEnvelope = z.infer<typeof envelopeShapeSchema>;

/** Metadata fields only the service writes. */
export const SERVICE_METADATA_FIELDS = ['recordedAt', 'findings', 'provisionalYears', 'imported'] as const;

/** Validates a publisher's envelope as a domain event; failures name fields as pointers under `pointerPrefix`. */
export function envelopeToDomainEvent(
  envelope: EventEnvelope,
  pointerPrefix: string,
): { ok: true; event: DomainEvent } | { ok: false; errors: FieldError[] } {
  const metadata = {
    ...envelope.metadata,
    occurredAt: envelope.occurredAt ?? envelope.metadata.occurredAt,
    publishedAt: envelope.publishedAt ?? envelope.metadata.publishedAt,
  };
  const reserved: FieldError[] = SERVICE_METADATA_FIELDS.filter((field) => field in envelope.metadata).map(
    (field) => ({
      field: `${pointerPrefix}/metadata/${field}`,
      message: 'is set by the service, not by the publisher',
    }),
  );
  for (const field of Object.keys(envelope)) {
    if (!ENVELOPE_FIELDS.has(field))
      reserved.push({ field: `${pointerPrefix}/${field}`, message: 'unknown field' });
  }
  const parsed = parseDomainEvent({
    id: envelope.id,
    type: envelope.type,
    schemaVersion: envelope.schemaVersion ?? CURRENT_SCHEMA_VERSION[envelope.type],
    data: envelope.data,
    metadata,
  });
  if (parsed.success && reserved.length === 0) return { ok: true, event: parsed.event };
  const issues = parsed.success ? [] : parsed.issues;
  return {
    ok: false,
    errors: [
      ...reserved,
      ...issues.map((issue) => ({
        field: [pointerPrefix, ...issue.path.split('.').filter(Boolean)].join('/'),
        message: issue.message,
      })),
    ],
  };
}
