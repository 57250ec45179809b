import { z } from 'zod';

export const deadLettersQuerySchema = z.object({
  target: z.string().min(1).max(63).optional(),
  status: z.enum(['open', 'delivered', 'discarded', 'all']).default('open'),
  streamId: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** Keyset paging: only dead letters with a greater id (pass the last id of the previous page). */
  afterId: z.coerce.number().int().min(0).default(0),
});

export const deadLetterIdSchema = z.coerce.number().int().positive();

/** Optional body of retry and discard: the operator's note, kept with the dead letter. */
export const resolutionBodySchema = z
  .object({ note: z.string().max(2000).optional() })
  .default({});
