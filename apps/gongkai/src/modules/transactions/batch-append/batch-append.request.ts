import { z } from 'zod';
import { envelopeShapeSchema, eventEnvelopeSchema } from '@gongkai/write-engine';

/**
 * The documented shape of a batch: events for any number of transactions (and credit subjects), each
 * routed to its stream by its data. The handler validates items one by one so a malformed item fails alone.
 */
export const batchRequestSchema = z.strictObject({ events: z.array(eventEnvelopeSchema).min(1) });

export const batchItemSchema = envelopeShapeSchema;
