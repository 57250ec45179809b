import { z } from 'zod';
import { savedSubscriptionFilterSchema } from '@gongkai/sinks';

/**
 * The answers of /v1/subscriptions, as zod schemas: the OpenAPI document is generated from them, and the
 * service's tests validate real answers against that document (so the two cannot drift apart).
 */

const instant = z.string().describe('RFC 3339 instant (UTC)');

export const subscriptionViewSchema = z
  .object({
    id: z.string().describe('`sub_` and 24 hex digits'),
    ownerTokenId: z.string().describe('Id of the token that created it'),
    ownerSubject: z.string(),
    description: z.string().optional(),
    url: z.string().describe('Where the events are POSTed'),
    filter: savedSubscriptionFilterSchema,
    status: z.enum(['active', 'paused']),
    createdAt: instant,
    updatedAt: instant,
    secrets: z
      .array(z.object({ createdAt: instant, expiresAt: instant.optional() }).strict())
      .describe('The signing secrets in force (never their value): 2 during a rotation overlap'),
  })
  .strict();

export const subscriptionDeliverySchema = z
  .object({
    checkpoint: z.number().int().describe('Every event at or below this position is settled'),
    headPosition: z.number().int(),
    lag: z.number().int(),
    running: z.boolean(),
    delivered: z.number().int(),
    skipped: z.number().int().describe('Events the filter did not select'),
    openDeadLetters: z.number().int(),
    heldEvents: z.number().int().describe('Events of streams parked behind a dead letter'),
    circuitState: z.string().describe('closed, open (receiver down: probing), half-open'),
    lastDeliveredAt: instant.optional(),
    lastError: z
      .object({ message: z.string(), at: instant, httpStatus: z.number().int().optional() })
      .strict()
      .optional(),
  })
  .strict();

export const subscriptionWithDeliverySchema = subscriptionViewSchema
  .extend({ delivery: subscriptionDeliverySchema.optional() })
  .strict();

export const subscriptionWithSecretSchema = z
  .object({
    subscription: subscriptionViewSchema,
    secret: z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/]+=*$/)
      .describe('The signing secret (Standard Webhooks), shown this once'),
  })
  .strict();

export const subscriptionListSchema = z.object({ items: z.array(subscriptionViewSchema) }).strict();

export const subscriptionDeadLetterSchema = z
  .object({
    id: z.number().int(),
    target: z.string().describe('The subscription id'),
    streamId: z.string(),
    position: z.number().int(),
    eventId: z.string(),
    eventType: z.string(),
    reason: z.enum(['rejected', 'attempts-exhausted', 'unmappable']),
    status: z.enum(['open', 'delivered', 'discarded']),
    attempts: z.number().int(),
    httpStatus: z.number().int().nullable(),
    lastError: z.string(),
    createdAt: instant,
    updatedAt: instant,
    resolvedAt: instant.nullable(),
    note: z.string().nullable(),
  })
  .strict();

export const subscriptionDeadLettersSchema = z
  .object({ items: z.array(subscriptionDeadLetterSchema) })
  .strict();

export const subscriptionRetrySchema = z
  .object({
    outcome: z.enum(['delivered', 'failed', 'no-longer-mapped']),
    deadLetter: subscriptionDeadLetterSchema,
    error: z.string().optional(),
  })
  .strict();
