import { z } from 'zod';

const revision = z.coerce.number().int().min(0);

export const versionsQuerySchema = z.object({
  /** An instant: the answer names the version in force then (`inForce`). */
  at: z.iso.datetime({ offset: true }).optional(),
  /** `recorded`: what the trail held at `at`; `published`: what had been published by `at`. */
  by: z.enum(['recorded', 'published']).default('recorded'),
});

export const revisionParamSchema = z.object({ revision });

export const diffQuerySchema = z
  .object({ from: revision, to: revision })
  .refine((q) => q.from <= q.to, { message: '`from` must not be after `to`', path: ['from'] });
