import { z } from 'zod';
import { EVENT_TYPES, eventMetadataSchema } from '@gongkai/domain';
import { validationProblem } from '../../../platform/http/problem';

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

export const appendEventRequestSchema = eventEnvelopeSchema;
export type EventEnvelope = z.infer<typeof envelopeShapeSchema>;

/** Metadata fields only the service writes. */
export const SERVICE_METADATA_FIELDS = ['recordedAt', 'findings', 'provisionalYears', 'imported'] as const;

/** `If-Match: "3"`, `If-Match: 3` or `W/"3"`: the stream revision the publisher last saw. */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^\s*(?:W\/)?"?(-?\d+)"?\s*$/.exec(value ?? '');
  if (!match) return Number.NaN;
  return Number(match[1]);
}

/** The If-Match header as an expected revision; a value that is not one is a 400. */
export function parseExpectedRevision(ifMatch: string | undefined): number | undefined {
  const expectedRevision = parseIfMatch(ifMatch);
  if (expectedRevision !== undefined && (!Number.isInteger(expectedRevision) || expectedRevision < -1)) {
    throw validationProblem('If-Match must be a stream revision such as "3" (or "-1" for a new stream)', [
      { field: '/headers/if-match', message: 'expected a quoted revision number' },
    ]);
  }
  return expectedRevision;
}
