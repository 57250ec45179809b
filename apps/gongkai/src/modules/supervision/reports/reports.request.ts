import { z } from 'zod';
import { CATALOGUE_DOMAINS } from '@gongkai/domain';
import { TIMELINESS_DIMENSIONS } from '@gongkai/projections';

const instantOrDate = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);
const regionCode = z.string().regex(/^\d{6}$/, 'expected a 6-digit region code');
const scope = {
  /** A region code; matches it and everything inside it. */
  region: regionCode.optional(),
  domain: z.enum(CATALOGUE_DOMAINS).optional(),
  /** Publisher's credit code or name. */
  publisher: z.string().min(1).max(200).optional(),
};

export const timelinessQuerySchema = z.object({
  ...scope,
  groupBy: z.enum(TIMELINESS_DIMENSIONS).default('region'),
  /** Publication (or, for missing items, due) dates from/to: instants, or Beijing days. */
  from: instantOrDate.optional(),
  to: instantOrDate.optional(),
  /** The instant to judge by (default now). */
  asOf: instantOrDate.optional(),
});

export const completenessQuerySchema = z.object({
  ...scope,
  transactionId: z.string().min(1).max(100).optional(),
  asOf: instantOrDate.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** `transactions.nextCursor` of the previous page. */
  cursor: z.string().min(1).max(500).optional(),
});

export const annualQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  region: regionCode.optional(),
});
