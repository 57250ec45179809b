import {
  createSubscriptionSchema,
  deadLetterIdSchema,
  rotateSecretSchema,
  subscriptionDeadLettersQuerySchema,
  subscriptionIdSchema,
} from '../../modules/feeds/subscriptions/subscriptions.request';
import {
  subscriptionDeadLetterSchema,
  subscriptionDeadLettersSchema,
  subscriptionListSchema,
  subscriptionRetrySchema,
  subscriptionViewSchema,
  subscriptionWithDeliverySchema,
  subscriptionWithSecretSchema,
} from '../../modules/feeds/subscriptions/subscriptions.response';
import { toJsonSchema } from './json-schema';
import { bearer, json, pathParameter, problem, queryParameters } from './openapi-parts';

const tokenOnly = { '401': problem('No or bad token') };
const idParameter = pathParameter('id', toJsonSchema(subscriptionIdSchema), 'Subscription id (`sub_…`)');
const letterParameter = pathParameter('deadLetterId', toJsonSchema(deadLetterIdSchema), 'Dead letter id');
const notFound = problem('No such subscription for this token (another token’s is not found either)');

function statusChange(summary: string) {
  return {
    post: {
      summary,
      security: bearer,
      parameters: [idParameter],
      responses: {
        '200': json('The subscription', toJsonSchema(subscriptionViewSchema)),
        '400': problem('Bad id'),
        ...tokenOnly,
        '404': notFound,
      },
    },
  };
}

function deadLetterAction(summary: string, description: string, schema: Record<string, unknown>) {
  return {
    post: {
      summary,
      security: bearer,
      parameters: [idParameter, letterParameter],
      responses: {
        '200': json(description, schema),
        '400': problem('Bad id'),
        ...tokenOnly,
        '404': problem('No such subscription or dead letter for this token'),
        '409': problem('The dead letter is no longer open'),
      },
    },
  };
}

/** Saved subscriptions (docs/api.md, Subscriptions): any token manages its own, an admin all. */
export function subscriptionPaths(): Record<string, unknown> {
  return {
    '/v1/subscriptions': {
      post: {
        summary:
          'Subscribe a webhook to the public events a filter selects (domain, region, stage, publisher, party); ' +
          'answers the signing secret once',
        security: bearer,
        requestBody: {
          required: true,
          content: { 'application/json': { schema: toJsonSchema(createSubscriptionSchema) } },
        },
        responses: {
          '201': json(
            'The subscription and its secret (`whsec_…`)',
            toJsonSchema(subscriptionWithSecretSchema),
          ),
          '400': problem(
            'The body does not match the schema (a filter list over 50 entries, an unknown stage…)',
          ),
          ...tokenOnly,
          '409': problem('The token holds the most subscriptions it may (limit-reached)'),
          '422': problem('The URL points at a non-public address, does not resolve or carries credentials'),
        },
      },
      get: {
        summary: 'The caller’s subscriptions (an admin’s: all)',
        security: bearer,
        responses: { '200': json('`{ items }`', toJsonSchema(subscriptionListSchema)), ...tokenOnly },
      },
    },
    '/v1/subscriptions/{id}': {
      get: {
        summary:
          'One subscription and its delivery (checkpoint, lag, delivered, dead letters, circuit, last error)',
        security: bearer,
        parameters: [idParameter],
        responses: {
          '200': json('The subscription', toJsonSchema(subscriptionWithDeliverySchema)),
          '400': problem('Bad id'),
          ...tokenOnly,
          '404': notFound,
        },
      },
      delete: {
        summary: 'Delete the subscription and its delivery state',
        security: bearer,
        parameters: [idParameter],
        responses: {
          '204': { description: 'Deleted' },
          '400': problem('Bad id'),
          ...tokenOnly,
          '404': notFound,
        },
      },
    },
    '/v1/subscriptions/{id}/pause': statusChange('Stop delivering; what happens meanwhile follows on resume'),
    '/v1/subscriptions/{id}/resume': statusChange('Deliver again, from where it paused'),
    '/v1/subscriptions/{id}/rotate-secret': {
      post: {
        summary: 'A new signing secret (answered once); the previous one keeps signing for `overlapSeconds`',
        security: bearer,
        parameters: [idParameter],
        requestBody: {
          required: false,
          content: { 'application/json': { schema: toJsonSchema(rotateSecretSchema) } },
        },
        responses: {
          '200': json('The subscription and its new secret', toJsonSchema(subscriptionWithSecretSchema)),
          '400': problem('Bad id or overlap'),
          ...tokenOnly,
          '404': notFound,
        },
      },
    },
    '/v1/subscriptions/{id}/dead-letters': {
      get: {
        summary:
          'Events the receiver refused (4xx, 3xx) or kept failing, oldest first (open unless `status`)',
        security: bearer,
        parameters: [idParameter, ...queryParameters(toJsonSchema(subscriptionDeadLettersQuerySchema))],
        responses: {
          '200': json('`{ items }`', toJsonSchema(subscriptionDeadLettersSchema)),
          '400': problem('Bad id or query'),
          ...tokenOnly,
          '404': notFound,
        },
      },
    },
    '/v1/subscriptions/{id}/dead-letters/{deadLetterId}/retry': deadLetterAction(
      'One delivery attempt now; once accepted, the stream’s held events follow in order',
      'The attempt’s result',
      toJsonSchema(subscriptionRetrySchema),
    ),
    '/v1/subscriptions/{id}/dead-letters/{deadLetterId}/discard': deadLetterAction(
      'Give up on the event for this subscription and release its stream',
      'The discarded dead letter',
      toJsonSchema(subscriptionDeadLetterSchema),
    ),
  };
}
