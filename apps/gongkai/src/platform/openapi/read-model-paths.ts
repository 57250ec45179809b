import { POSITION_PATTERN } from '@gongkai/event-store';
import { creditCodeSchema } from '@gongkai/runtime';
import { creditSubjectsQuerySchema } from '../../modules/credit/list-credit-subjects/list-credit-subjects.request';
import { feedQuerySchema } from '../../modules/feeds/sse/feed.request';
import {
  findingsQuerySchema,
  openItemsQuerySchema,
} from '../../modules/supervision/list-findings/list-findings.request';
import { toJsonSchema } from './json-schema';
import { bearer, json, pathParameter, problem, queryParameters } from './openapi-parts';

const SUPERVISOR_SCOPE =
  'A supervisor token answers only its own regions (codes nest: a supervisor of 320600 sees 320602); ' +
  'a `region` outside them is refused with 403. Admin tokens see every region.';

const listPage = (items: string) =>
  json(
    `\`{ items, limit, nextCursor, total, totalCapped }\`: ${items}. Pass \`nextCursor\` as \`cursor\` for the ` +
      'next page (null on the last); a page may be short, even empty, when filters match rarely. `total` counts ' +
      'the matches among the first 5,000 entries examined: exact unless `totalCapped`, then a lower bound.',
    {
      type: 'object',
      required: ['items', 'limit', 'nextCursor', 'total', 'totalCapped'],
      properties: {
        items: { type: 'array', items: { type: 'object' } },
        limit: { type: 'integer' },
        nextCursor: { type: ['string', 'null'] },
        total: { type: 'integer' },
        totalCapped: { type: 'boolean' },
      },
    },
  );

/** Paths served from the read models (supervision findings, credit registry) and the live feed. */
export function readModelPaths(): Record<string, unknown> {
  return {
    '/v1/findings': {
      get: {
        summary: 'Compliance findings (late disclosure, short publicity, missed deadline), in position order',
        description:
          'Region nests (`320600` = the whole city); dates are Beijing days. A PERIOD_TOO_SHORT that a later ' +
          'correction cured by extending the period keeps its place and carries `cure: { eventId, eventType, ' +
          'curedAt, position, due, actual }` (raised by its event, cured by the correction); `cured=true|false` ' +
          `filters on it. ${SUPERVISOR_SCOPE}`,
        security: bearer,
        parameters: queryParameters(toJsonSchema(findingsQuerySchema)),
        responses: {
          '200': listPage('findings'),
          '400': problem('Bad query'),
          '401': problem('No or bad token'),
          '403': problem('Not a supervisor or admin token, or a region outside the supervisor regions'),
          '503': problem('The read model is still being built (Retry-After)'),
        },
      },
    },
    '/v1/findings/open-items': {
      get: {
        summary: 'Stages awaited past their due date and not published by `asOf` (default now)',
        description: SUPERVISOR_SCOPE,
        security: bearer,
        parameters: queryParameters(toJsonSchema(openItemsQuerySchema)),
        responses: {
          '200': listPage('open items, with the `asOf` judged by'),
          '400': problem('Bad query'),
          '401': problem('No or bad token'),
          '403': problem('Not a supervisor or admin token, or a region outside the supervisor regions'),
          '503': problem('The read model is still being built (Retry-After)'),
        },
      },
    },
    '/v1/credit': {
      get: {
        summary:
          'Subjects of the credit registry with a record published within the token regions, by credit code',
        description:
          '`{ items: [{ creditCode, name, penalties, creditRecords, blacklistEntries, blacklistNotRemoved }], ' +
          `limit, nextCursor }\`: keyset pages (pass \`nextCursor\` as \`cursor\`). ${SUPERVISOR_SCOPE}`,
        security: bearer,
        parameters: queryParameters(toJsonSchema(creditSubjectsQuerySchema)),
        responses: {
          '200': json('A page of subjects', {
            type: 'object',
            required: ['items', 'limit', 'nextCursor'],
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  required: [
                    'creditCode',
                    'name',
                    'penalties',
                    'creditRecords',
                    'blacklistEntries',
                    'blacklistNotRemoved',
                  ],
                  properties: {
                    creditCode: { type: 'string' },
                    name: { type: 'string' },
                    penalties: { type: 'integer' },
                    creditRecords: { type: 'integer' },
                    blacklistEntries: { type: 'integer' },
                    blacklistNotRemoved: { type: 'integer' },
                  },
                },
              },
              limit: { type: 'integer' },
              nextCursor: { type: ['string', 'null'] },
            },
          }),
          '400': problem('Bad query or cursor'),
          '401': problem('No or bad token'),
          '403': problem('Not a supervisor or admin token, or a region outside the supervisor regions'),
          '503': problem('The read model is still being built (Retry-After)'),
        },
      },
    },
    '/v1/credit/{creditCode}': {
      get: {
        summary: 'Credit registry (信用记录) of one subject: penalties, credit records, blacklist listings',
        parameters: [
          pathParameter('creditCode', toJsonSchema(creditCodeSchema), '统一社会信用代码 (18 characters)'),
          {
            name: 'at',
            in: 'query',
            required: false,
            description: 'ISO-8601 instant to judge display periods and blacklist listings at; default now',
            schema: { type: 'string', format: 'date-time' },
          },
        ],
        responses: {
          '200': json('Credit profile, with `blacklisted`'),
          '400': problem('Bad credit code or instant'),
          '404': problem('No record for this subject'),
        },
      },
    },
    '/v1/feed': {
      get: {
        summary: 'Every event as Server-Sent Events (public redacted view)',
        description:
          'One message per event: `id:` the global position, `event:` the type, `data:` ' +
          '`{ position, streamId, revision, type, recordedAt, event }`. `from` is the last position already seen ' +
          '(default: only new events); `Last-Event-ID` wins over it. A `: heartbeat` comment keeps the stream open.',
        parameters: [
          ...queryParameters(toJsonSchema(feedQuerySchema)),
          {
            name: 'Last-Event-ID',
            in: 'header',
            required: false,
            description: 'Sent by a reconnecting EventSource: the position of the last event received',
            schema: { type: 'string', pattern: POSITION_PATTERN.source },
          },
        ],
        responses: {
          '200': {
            description: 'Event stream',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          '400': problem('Bad query or Last-Event-ID'),
          '503': problem('Too many feed connections (per caller or in total); see Retry-After'),
        },
      },
    },
  };
}
