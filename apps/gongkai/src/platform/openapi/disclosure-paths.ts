import { DISCLOSURE_KINDS, EVENT_EXAMPLES, isDisclosureEventType } from '@gongkai/domain';
import {
  disclosureDetailSchema,
  disclosurePageSchema,
  disclosureSummarySchema,
  publishDisclosureResultSchema,
} from '../../modules/disclosures/core/disclosure-responses';
import { searchDisclosuresQuerySchema } from '../../modules/disclosures/search-disclosures/search-disclosures.request';
import { toJsonSchema } from './json-schema';
import { bearer, json, pathParameter, problem, queryParameters } from './openapi-parts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The disclosure response schemas, from the zod schemas the e2e test parses real answers with. */
export function disclosureComponents(): Record<string, unknown> {
  return {
    DisclosureSummary: toJsonSchema(disclosureSummarySchema),
    Disclosure: toJsonSchema(disclosureDetailSchema),
    DisclosurePage: toJsonSchema(disclosurePageSchema),
    PublishDisclosureResult: toJsonSchema(publishDisclosureResultSchema),
  };
}

const examples = () =>
  Object.fromEntries(
    EVENT_EXAMPLES.filter((e) => isDisclosureEventType(e.type)).map((e) => {
      const kind = (e.data as { kind: string }).kind;
      return [`${e.type}.${kind}`, { summary: `${e.type} (${kind})`, value: e }];
    }),
  );

/** Disclosures outside a transaction (土地供应计划, 集中采购目录, 审批核准备案, 住房保障…). */
export function disclosurePaths(): Record<string, unknown> {
  return {
    '/v1/disclosures': {
      post: {
        summary: 'Publish (or amend) a disclosure outside a transaction, in its own stream',
        description:
          '`DisclosurePublished` or `DisclosureAmended` (components `DisclosurePublishedData`, ' +
          '`DisclosureAmendedData`); the stream is `disclosure-<data.disclosureId>`. Kinds: ' +
          `${DISCLOSURE_KINDS.map((k) => `\`${k}\``).join(', ')}. Only the department the catalogues name may ` +
          'publish a kind (its role; never a trading centre), within its token’s regions and domains; only the ' +
          'first publisher amends it. `transactionIds` link to transactions without writing to them. Late ' +
          'publication is a finding (`findings`), never a refusal. `If-Match` carries the expected revision.',
        security: bearer,
        parameters: [{ name: 'If-Match', in: 'header', required: false, schema: { type: 'string' } }],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: ref('AppendEventRequest'), examples: examples() },
          },
        },
        responses: {
          '201': json(
            'Appended (or the original result of an idempotent retry)',
            ref('PublishDisclosureResult'),
          ),
          '400': problem('Malformed JSON or schema failure (with `errors`)'),
          '401': problem('No or bad token'),
          '403': problem('Outside the token’s scope, or amending another publisher’s disclosure (NOT_OWNER)'),
          '409': problem('Already published (DISCLOSURE_ALREADY_PUBLISHED) or nothing to amend'),
          '412': problem('Expected revision does not match'),
          '422': problem(
            'A rule rejects it (PUBLISHER_ROLE_NOT_ALLOWED, DATE_CONTRADICTION, REGION_MISMATCH…)',
          ),
        },
      },
      get: {
        summary: 'Search disclosures outside a transaction, most recently published first (public)',
        parameters: queryParameters(toJsonSchema(searchDisclosuresQuerySchema)),
        responses: {
          '200': json(
            'A keyset page; pass `nextCursor` as `cursor` (null on the last)',
            ref('DisclosurePage'),
          ),
          '400': problem('Bad query or cursor'),
          '503': problem('The read model is still being built (Retry-After)'),
        },
      },
    },
    '/v1/disclosures/{id}': {
      get: {
        summary: 'One disclosure outside a transaction: its latest public view and its versions (public)',
        parameters: [
          pathParameter(
            'id',
            { type: 'string' },
            'The publisher’s disclosure id; its stream is `disclosure-<id>`',
          ),
          {
            name: 'minPosition',
            in: 'query',
            required: false,
            description:
              'Read-your-writes: wait (at most 5 s) until the read model has applied this position',
            schema: { type: 'integer', minimum: 0 },
          },
        ],
        responses: {
          '200': json('The disclosure', ref('Disclosure')),
          '400': problem('Bad query'),
          '404': problem('Unknown disclosure'),
        },
      },
    },
  };
}
