import { z } from 'zod';
import { CATALOGUE_DOMAINS, TRANSACTION_EVENT_TYPES, type TransactionEventType } from '@gongkai/domain';

export const searchQuerySchema = z.object({
  domain: z.enum(CATALOGUE_DOMAINS).optional(),
  /** A region code; matches it and everything inside it (320000 finds all of Jiangsu). */
  region: z
    .string()
    .regex(/^\d{6}$/, 'expected a 6-digit region code')
    .optional(),
  /**
   * The latest stage (event type) of the transaction, in the public-disclosure read model's vocabulary:
   * corrections and complaint decisions do not move it.
   */
  stage: z.enum(TRANSACTION_EVENT_TYPES as [TransactionEventType, ...TransactionEventType[]]).optional(),
  /** Publisher's unified social credit code. */
  publisher: z.string().length(18).optional(),
  /** Bounds on the last publication instant (ISO-8601 with offset, or a date read as Beijing time). */
  from: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
  to: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
  /** Read-your-writes: wait (at most 5 s) until the read model has applied this position (a write's `position`). */
  minPosition: z.coerce.number().int().min(0).optional(),
});
export type SearchQueryParams = z.infer<typeof searchQuerySchema>;
