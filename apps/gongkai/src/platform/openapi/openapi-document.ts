import { EVENT_EXAMPLES, EVENT_TYPES, eventDataSchemas, officialYearInputSchema } from '@gongkai/domain';
import { deadlineQuerySchema } from '../../modules/supervision/deadline/deadline.controller';
import { eventEnvelopeSchema } from '@gongkai/write-engine';
import { batchRequestSchema } from '../../modules/transactions/batch-append/batch-append.request';
import { tokenRequestSchema } from '@gongkai/runtime';
import { problemCatalogue } from '../http/problem';
import { searchQuerySchema } from '../../modules/transactions/search-transactions/search-transactions.request';
import { toJsonSchema } from './json-schema';
import { bearer, json, optionalBearer, problem, queryParameters } from './openapi-parts';
import { operationsPaths } from './operations-paths';
import { subscriptionPaths } from './subscription-paths';
import { integrityPaths } from './integrity-paths';
import { readModelPaths } from './read-model-paths';
import { reportPaths } from './report-paths';
import { openDataComponents, openDataPaths } from './open-data-paths';
import { disclosureComponents, disclosurePaths } from './disclosure-paths';

const transactionIdParameter = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Transaction id (招标项目编号, 采购项目编号, 宗地编号…); its stream is `txn-<id>`',
  schema: { type: 'string' },
};

/** Example requests for every event type (and every domain variant), taken from the domain's own examples. */
function appendExamples(): Record<string, { summary: string; value: unknown }> {
  return Object.fromEntries(
    EVENT_EXAMPLES.map((example) => {
      const domain = (example.data as { domain?: string }).domain ?? 'any';
      return [`${example.type}.${domain}`, { summary: `${example.type} (${domain})`, value: example }];
    }),
  );
}

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the handlers validate with, so the
 * published contract cannot drift from what the service accepts.
 */
export function buildOpenApiDocument(): Record<string, unknown> & { openapi: string } {
  const eventDataSchemaComponents = Object.fromEntries(
    EVENT_TYPES.map((type) => [`${type}Data`, toJsonSchema(eventDataSchemas[type])]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'gongkai (公开) disclosure trail API',
      version: '1',
      description:
        'Event-sourced, tamper-evident trail of public resource transactions. Errors are RFC 9457 problem details; ' +
        `problem types: ${problemCatalogue()
          .map((p) => `\`${p.type}\` (${p.status})`)
          .join(', ')}.`,
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail'],
          properties: {
            type: { type: 'string', enum: problemCatalogue().map((p) => p.type) },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: { field: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
        AppendEventRequest: toJsonSchema(eventEnvelopeSchema),
        EventEnvelope: toJsonSchema(eventEnvelopeSchema),
        BatchRequest: toJsonSchema(batchRequestSchema),
        TokenGrant: toJsonSchema(tokenRequestSchema),
        CalendarYear: toJsonSchema(officialYearInputSchema),
        ...eventDataSchemaComponents,
        ...openDataComponents(),
        ...disclosureComponents(),
      },
    },
    paths: {
      '/v1/transactions/{id}/events': {
        post: {
          summary: 'Append one stage event to a transaction',
          description:
            'The event `data` must match the schema of its `type` (components `<Type>Data`). `If-Match` carries ' +
            'the expected stream revision; the answer carries the new one as `ETag`. A retry with the same event ' +
            'id answers the original result.',
          security: bearer,
          parameters: [
            transactionIdParameter,
            { name: 'If-Match', in: 'header', required: false, schema: { type: 'string', example: '"3"' } },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/AppendEventRequest' },
                examples: appendExamples(),
              },
            },
          },
          responses: {
            '201': json('Appended (or the original result of an idempotent retry)'),
            '400': problem('Malformed JSON or schema failure (with `errors`)'),
            '401': problem('No or bad token'),
            '403': problem('The token may not publish this event'),
            '409': problem('Rule conflict, or the event id was used with other content'),
            '412': problem('Expected revision does not match (with `actualRevision`)'),
            '413': problem('Body too large'),
            '422': problem('A domain rule rejects the event (with `code`)'),
            '429': problem('Rate limited'),
          },
        },
        get: {
          summary: 'The whole trail of a transaction, each event with its hash',
          security: optionalBearer,
          parameters: [transactionIdParameter],
          responses: { '200': json('Events in stream order'), '404': problem('Unknown transaction') },
        },
      },
      '/v1/transactions/{id}/events/{eventId}': {
        get: {
          summary: 'One event of a trail (the `Location` of an append), in the view the token may read',
          security: optionalBearer,
          parameters: [
            transactionIdParameter,
            { name: 'eventId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          responses: {
            '200': json('The event with its revision, position and hash'),
            '404': problem('Unknown transaction or event'),
          },
        },
      },
      '/v1/credit-subjects/{creditCode}/events': {
        post: {
          summary:
            'Append a credit record (penalty, credit record, blacklist entry or removal) about one subject',
          description:
            "Stored in the subject's stream `credit-<creditCode>`, which the blacklist check of every award reads.",
          security: bearer,
          parameters: [
            {
              name: 'creditCode',
              in: 'path',
              required: true,
              schema: { type: 'string', minLength: 18, maxLength: 18 },
            },
            { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' } },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/AppendEventRequest' } } },
          },
          responses: {
            '201': json('Appended (or the original result of an idempotent retry)'),
            '400': problem('Malformed JSON or schema failure'),
            '401': problem('No or bad token'),
            '403': problem('The token may not publish this record'),
            '409': problem('Rule conflict (e.g. DUPLICATE_DECISION)'),
            '412': problem('Expected revision does not match'),
            '422': problem('A domain rule rejects the record'),
          },
        },
      },
      '/v1/events:batch': {
        post: {
          summary: 'Append many events for many transactions; each item answered with its own status',
          security: bearer,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/BatchRequest' } } },
          },
          responses: {
            '200': json('Per-item results, in request order'),
            '400': problem('Malformed batch'),
            '401': problem('No or bad token'),
            '403': problem('Not a publishing token'),
            '413': problem('Body too large'),
          },
        },
      },
      '/v1/transactions/{id}': {
        get: {
          summary: 'Current state (public view, or full for a supervisor of its region)',
          security: optionalBearer,
          parameters: [
            transactionIdParameter,
            {
              name: 'asOf',
              in: 'query',
              required: false,
              description: 'ISO-8601 instant: the state from the events recorded up to then',
              schema: { type: 'string', format: 'date-time' },
            },
            {
              name: 'asOfBasis',
              in: 'query',
              required: false,
              description:
                '`recorded` (default): events recorded by `asOf`; `published`: events whose claimed `publishedAt` is by `asOf` (what the public had seen)',
              schema: { type: 'string', enum: ['recorded', 'published'], default: 'recorded' },
            },
          ],
          responses: {
            '200': json('State, with `relatedDisclosures`: the disclosures outside a transaction naming it', {
              type: 'object',
              properties: {
                relatedDisclosures: {
                  type: 'array',
                  items: { $ref: '#/components/schemas/DisclosureSummary' },
                  description:
                    'at most 100, latest first (GET /v1/disclosures finds the rest); absent while their read model is first built',
                },
              },
            }),
            '400': problem('Bad asOf'),
            '404': problem('Unknown transaction'),
          },
        },
      },
      '/v1/transactions/{id}/verify': {
        get: {
          summary: "Recompute the transaction stream's hash chain",
          parameters: [transactionIdParameter],
          responses: {
            '200': json('`{ ok: true, checked }` or the first failure'),
            '404': problem('Unknown transaction'),
          },
        },
      },
      '/v1/transactions': {
        get: {
          summary: 'Search transactions',
          parameters: queryParameters(toJsonSchema(searchQuerySchema)),
          responses: {
            '200': json('A page of transaction summaries and `nextCursor`'),
            '400': problem('Bad query'),
          },
        },
      },
      ...integrityPaths(),
      '/v1/calendar/deadline': {
        get: {
          summary: 'Statutory due date: `from` plus `workingDays` (工作日) or `days` (日)',
          parameters: queryParameters(toJsonSchema(deadlineQuerySchema)),
          responses: {
            '200': json(
              '`{ due, nominalDue, extended, rule, source, provisional }`; `provisional: true` (with ' +
                '`provisionalYears` and `provisionalBasis`) when a day of the period lies in a year without an ' +
                'official holiday arrangement',
            ),
            '400': problem('Bad date or period'),
            '422': problem('Year not covered (before 2004 or after 2099)'),
          },
        },
      },
      '/v1/calendar/years': {
        get: {
          summary:
            'Each year the calendar answers for: official (bundled chinese-days data or loaded), or provisional ' +
            '(weekends and the statutory holidays of 全国年节及纪念日放假办法), with its source',
          responses: {
            '200': json(
              '`{ items: [{ year, provisional, origin, source, loadedAt?, loadedBy? }], provisionalYears }`',
            ),
          },
        },
      },
      '/v1/calendar/years/{year}': {
        put: {
          summary:
            "Load a year's official holiday arrangement from the State Council notice (admin). Recorded in the " +
            'calendar stream and applied at once in every process; a correction is another load. When it replaces ' +
            'a provisional year, findings computed on it are re-evaluated and each outcome recorded',
          security: bearer,
          parameters: [
            {
              name: 'year',
              in: 'path',
              required: true,
              schema: { type: 'integer', minimum: 2004, maximum: 2099 },
            },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/CalendarYear' } } },
          },
          responses: {
            '200': json(
              '`{ year, coverage, replaced, load: { eventId, loadedAt, loadedBy }, reevaluation? }`',
            ),
            '400': problem(
              'Not an arrangement of that year (dates outside it, a weekday as workday, a statutory day missing)',
            ),
            '401': problem('No token'),
            '403': problem('Not admin'),
          },
        },
      },
      '/v1/tokens': {
        post: {
          summary: 'Create a token (admin); the secret is answered once',
          security: bearer,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/TokenGrant' } } },
          },
          responses: {
            '201': json('Token with its secret'),
            '400': problem('Bad grant'),
            '401': problem('No token'),
            '403': problem('Not admin'),
          },
        },
        get: {
          summary: 'List tokens (admin)',
          security: bearer,
          responses: { '200': json('Tokens without secrets') },
        },
      },
      '/v1/tokens/{id}': {
        delete: {
          summary: 'Revoke a token (admin)',
          security: bearer,
          parameters: [
            { name: 'id', in: 'path', required: true, description: 'Token id', schema: { type: 'string' } },
          ],
          responses: { '204': { description: 'Revoked' }, '404': problem('No such token') },
        },
      },
      '/v1/tokens/{id}/rotate': {
        post: {
          summary:
            'Rotate a token (admin): a new secret, same grant; the old one ends after `graceSeconds` (default 0)',
          security: bearer,
          parameters: [
            { name: 'id', in: 'path', required: true, description: 'Token id', schema: { type: 'string' } },
          ],
          requestBody: {
            required: false,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: false,
                  properties: {
                    graceSeconds: { type: 'integer', minimum: 0, maximum: 604800 },
                    expiresAt: { type: 'string', format: 'date-time' },
                  },
                },
              },
            },
          },
          responses: {
            '201': json('The new token with its secret'),
            '400': problem('Bad options'),
            '404': problem('No live token with that id'),
          },
        },
      },
      '/health': {
        get: {
          summary: 'Liveness and readiness',
          responses: { '200': json('Ready'), '503': json('Not ready') },
        },
      },
      '/metrics': {
        get: { summary: 'Prometheus metrics', responses: { '200': { description: 'Text exposition' } } },
      },
      '/openapi.json': {
        get: { summary: 'This document (OpenAPI 3.1)', responses: { '200': json('OpenAPI document') } },
      },
      ...readModelPaths(),
      ...operationsPaths(),
      ...subscriptionPaths(),
      ...reportPaths(),
      ...openDataPaths(),
      ...disclosurePaths(),
    },
  };
}
