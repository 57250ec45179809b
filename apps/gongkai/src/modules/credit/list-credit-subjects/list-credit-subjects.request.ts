import { z } from 'zod';

export const creditSubjectsQuerySchema = z.object({
  /** A region code; nests (320600 = the whole city): subjects with a record published there. */
  region: z
    .string()
    .regex(/^\d{6}$/, 'expected a 6-digit region code')
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().min(1).max(500).optional(),
});
