import { z } from 'zod';
import { CATALOGUE_DOMAINS, DISCLOSURE_KINDS } from '@gongkai/domain';

export const searchDisclosuresQuerySchema = z.strictObject({
  kind: z.enum(DISCLOSURE_KINDS).optional(),
  domain: z.enum(CATALOGUE_DOMAINS).optional(),
  /** A region code; matches it and everything inside it (320600 finds every district of Nantong). */
  region: z
    .string()
    .regex(/^\d{6}$/, 'expected a 6-digit region code')
    .optional(),
  /** Publisher's unified social credit code or name. */
  publisher: z.string().min(1).max(200).optional(),
  /** Bounds on publication (ISO-8601 with offset, or a date read as a Beijing day). */
  from: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
  to: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
  /** Read-your-writes: wait (at most 5 s) until the read model has applied this position. */
  minPosition: z.coerce.number().int().min(0).optional(),
});
export type SearchDisclosuresParams = z.infer<typeof searchDisclosuresQuerySchema>;
