import { z } from 'zod';
import { CATALOGUE_DOMAINS } from '@gongkai/domain';

const instantOrDate = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);
const regionCode = z.string().regex(/^\d{6}$/, 'expected a 6-digit region code');
/** Keyset paging: `cursor` is the `nextCursor` of the previous page (there is no offset: see docs/api.md). */
const paging = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(500).optional(),
};

export const findingsQuerySchema = z.object({
  /** A region code; matches it and everything inside it (320600 finds every district of the city). */
  region: regionCode.optional(),
  domain: z.enum(CATALOGUE_DOMAINS).optional(),
  /** Publisher's credit code or name. */
  publisher: z.string().min(1).max(200).optional(),
  /** Rule id, e.g. `engineering.candidates.publicity-min`. */
  rule: z.string().min(1).max(200).optional(),
  /** LATE_DISCLOSURE, DEADLINE_MISSED, PERIOD_TOO_SHORT. */
  code: z.string().min(1).max(100).optional(),
  /** `true`: only findings a later correction cured (PERIOD_TOO_SHORT put right); `false`: only those standing. */
  cured: z.enum(['true', 'false']).optional(),
  /** Bounds on the publication instant (ISO-8601 with offset, or a date read as Beijing time). */
  from: instantOrDate.optional(),
  to: instantOrDate.optional(),
  ...paging,
});
export type FindingsQueryParams = z.infer<typeof findingsQuerySchema>;

export const openItemsQuerySchema = z.object({
  /** The instant to judge by; default now. */
  asOf: instantOrDate.optional(),
  region: regionCode.optional(),
  domain: z.enum(CATALOGUE_DOMAINS).optional(),
  publisher: z.string().min(1).max(200).optional(),
  awaiting: z.enum(['result', 'award', 'contract']).optional(),
  ...paging,
});
export type OpenItemsQueryParams = z.infer<typeof openItemsQuerySchema>;
