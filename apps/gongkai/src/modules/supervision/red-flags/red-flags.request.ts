import { z } from 'zod';
import { CATALOGUE_DOMAINS } from '@gongkai/domain';
import { RED_FLAG_CODES } from '@gongkai/projections';

export const redFlagsQuerySchema = z.object({
  transactionId: z.string().min(1).max(100).optional(),
  /** A region code; matches it and everything inside it. */
  region: z
    .string()
    .regex(/^\d{6}$/, 'expected a 6-digit region code')
    .optional(),
  /** A Cardinal code (R003, R018…) or one of ours (GK_…). */
  code: z.enum(RED_FLAG_CODES as [string, ...string[]]).optional(),
  domain: z.enum(CATALOGUE_DOMAINS).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** `nextCursor` of the previous page. */
  cursor: z.string().min(1).max(500).optional(),
});
