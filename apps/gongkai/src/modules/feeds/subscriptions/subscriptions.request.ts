import { z } from 'zod';
import {
  DEFAULT_ROTATION_OVERLAP_SECONDS,
  MAX_ROTATION_OVERLAP_SECONDS,
  savedSubscriptionFilterSchema,
} from '@gongkai/sinks';

/** What a subscriber sends to subscribe: where to deliver, what to select. */
export const createSubscriptionSchema = z
  .object({
    /** http(s) endpoint on a public address; receives signed POSTs (Standard Webhooks). */
    url: z.url({ protocol: /^https?$/ }).max(2048),
    /** Each list, when given, must match (any of its entries); no filter: every public event. */
    filter: savedSubscriptionFilterSchema.default({}),
    description: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export const subscriptionIdSchema = z.string().regex(/^sub_[0-9a-f]{24}$/, 'a subscription id (sub_…)');

export const rotateSecretSchema = z
  .object({
    /** How long the previous secret keeps signing beside the new one (seconds; 0 ends it at once). */
    overlapSeconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_ROTATION_OVERLAP_SECONDS)
      .default(DEFAULT_ROTATION_OVERLAP_SECONDS),
  })
  .strict()
  .default({ overlapSeconds: DEFAULT_ROTATION_OVERLAP_SECONDS });

export const subscriptionDeadLettersQuerySchema = z
  .object({
    status: z.enum(['open', 'delivered', 'discarded', 'all']).default('open'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    afterId: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export const deadLetterIdSchema = z.coerce.number().int().positive();
