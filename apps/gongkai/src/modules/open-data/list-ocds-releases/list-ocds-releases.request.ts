import { z } from 'zod';
import { CATALOGUE_DOMAINS } from '@gongkai/domain';
import { OCDS_EXCLUDED_DOMAINS } from '@gongkai/open-data';

/** Query of `GET /v1/ocds/releases`. */
export const ocdsReleasesQuerySchema = z.strictObject({
  /** A gongkai domain with an OCDS mapping (docs/ocds.md); housing, emission and forest have none. */
  domain: z
    .enum(CATALOGUE_DOMAINS)
    .refine((domain) => !(domain in OCDS_EXCLUDED_DOMAINS), {
      message: 'this domain has no OCDS export (docs/ocds.md): housing, emission and forest are left out',
    })
    .optional(),
  /** A region code; matches it and everything inside it (320000 finds all of Jiangsu). */
  region: z
    .string()
    .regex(/^\d{6}$/, 'expected a 6-digit region code')
    .optional(),
  /** Bounds on the release date (publication), ISO-8601 with offset, or a date read as a Beijing day. */
  from: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
  to: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(500).optional(),
  /** Read-your-writes: wait (at most 5 s) until the read model has applied this position (a write's `position`). */
  minPosition: z.coerce.number().int().min(0).optional(),
});
export type OcdsReleasesQueryParams = z.infer<typeof ocdsReleasesQuerySchema>;
