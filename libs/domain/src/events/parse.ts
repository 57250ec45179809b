import { z } from 'zod';
import { type DomainEvent, EVENT_TYPES, eventDataSchemas, type EventType } from './catalogue';
import { eventMetadataSchema } from './metadata';
import { UnknownSchemaVersion, upcast } from './versions';

const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.enum(EVENT_TYPES),
  schemaVersion: z.number().int().min(1),
  data: z.unknown(),
  metadata: z.unknown(),
});

export type ParseEventResult =
  | { success: true; event: DomainEvent }
  | { success: false; issues: Array<{ path: string; message: string }> };

const issuesOf = (error: z.ZodError, prefix: string) =>
  error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));

/**
 * Validate a whole event as received or as read back from the store: envelope, metadata, and data after
 * upcasting to the current schema version. Issues carry dotted paths (`data.candidates.0.creditCode`).
 */
export function parseDomainEvent(input: unknown): ParseEventResult {
  const envelope = envelopeSchema.safeParse(input);
  if (!envelope.success) return { success: false, issues: issuesOf(envelope.error, '') };
  const { id, type, schemaVersion } = envelope.data;
  let upcast_: { schemaVersion: number; data: unknown };
  try {
    upcast_ = upcast(type, schemaVersion, envelope.data.data);
  } catch (error) {
    if (error instanceof UnknownSchemaVersion) {
      return { success: false, issues: [{ path: 'schemaVersion', message: error.message }] };
    }
    throw error;
  }
  const metadata = eventMetadataSchema.safeParse(envelope.data.metadata);
  const data = (eventDataSchemas[type] as z.ZodType).safeParse(upcast_.data);
  const issues = [
    ...(metadata.success ? [] : issuesOf(metadata.error, 'metadata')),
    ...(data.success ? [] : issuesOf(data.error, 'data')),
  ];
  if (!metadata.success || !data.success) return { success: false, issues };
  return {
    success: true,
    event: {
      id,
      type,
      schemaVersion: upcast_.schemaVersion,
      data: data.data,
      metadata: metadata.data,
    } as DomainEvent<EventType>,
  };
}
