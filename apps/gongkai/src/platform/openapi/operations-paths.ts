import {
  deadLetterIdSchema,
  deadLettersQuerySchema,
  resolutionBodySchema,
} from '../../modules/operations/sinks/sinks.request';
import { toJsonSchema } from './json-schema';
import { bearer, json, pathParameter, problem, queryParameters } from './openapi-parts';

const adminOnly = {
  '401': problem('No or bad token'),
  '403': problem('Not an admin token'),
};

/** A retry or discard of one dead letter: same parameters, body and errors. */
function deadLetterAction(summary: string, answer: string) {
  return {
    post: {
      summary,
      security: bearer,
      parameters: [pathParameter('id', toJsonSchema(deadLetterIdSchema), 'Dead letter id')],
      requestBody: {
        required: false,
        content: { 'application/json': { schema: toJsonSchema(resolutionBodySchema) } },
      },
      responses: {
        '200': json(answer),
        '400': problem('Bad id or note'),
        ...adminOnly,
        '404': problem('No such dead letter'),
        '409': problem('The dead letter is no longer open'),
      },
    },
  };
}

/** Paths for operators: projections, sink delivery and the access log. */
export function operationsPaths(): Record<string, unknown> {
  return {
    '/v1/projections': {
      get: {
        summary: 'Every projection: generation, phase, position, lag, last error and rebuild progress',
        responses: { '200': json('`{ projections: [...] }`') },
      },
    },
    '/v1/projections/{name}/rebuild': {
      post: {
        summary:
          'Rebuild a projection beside the live one, then switch (admin); progress in GET /v1/projections',
        security: bearer,
        parameters: [
          pathParameter('name', { type: 'string' }, 'Projection name, e.g. `supervision-findings`'),
        ],
        responses: {
          '202': json('`{ projection, rebuilding: true }`'),
          ...adminOnly,
          '404': problem('No such projection'),
        },
      },
    },
    '/v1/sinks': {
      get: {
        summary:
          'Delivery status per sink target (checkpoint, lag, circuit state…) and of the Kafka feed (admin)',
        security: bearer,
        responses: { '200': json('`{ targets: [...], kafkaFeed }`'), ...adminOnly },
      },
    },
    '/v1/sinks/dead-letters': {
      get: {
        summary: 'Dead letters, oldest first (open ones unless `status` says otherwise) (admin)',
        security: bearer,
        parameters: queryParameters(toJsonSchema(deadLettersQuerySchema)),
        responses: { '200': json('`{ items: [...] }`'), '400': problem('Bad query'), ...adminOnly },
      },
    },
    '/v1/sinks/dead-letters/{id}/retry': deadLetterAction(
      'One delivery attempt now; once accepted, the stream’s held events follow in order (admin)',
      'The attempt’s result',
    ),
    '/v1/sinks/dead-letters/{id}/discard': deadLetterAction(
      'Give up on the event for this target (kept as discarded) and release the stream (admin)',
      'The discarded dead letter',
    ),
    '/v1/access-log': {
      get: {
        summary: 'Recent authenticated writes, restricted reads and admin actions, newest first',
        security: bearer,
        parameters: [
          {
            name: 'limit',
            in: 'query',
            required: false,
            schema: { type: 'integer', minimum: 1, maximum: 1000 },
          },
        ],
        responses: {
          '200': json('`{ items: [...] }`'),
          '400': problem('Bad limit'),
          '401': problem('No or bad token'),
          '403': problem('Not an admin or supervisor token'),
        },
      },
    },
  };
}
