import { redFlagsQuerySchema } from '../../modules/supervision/red-flags/red-flags.request';
import {
  annualQuerySchema,
  completenessQuerySchema,
  timelinessQuerySchema,
} from '../../modules/supervision/reports/reports.request';
import {
  diffQuerySchema,
  versionsQuerySchema,
} from '../../modules/transactions/transaction-versions/transaction-versions.request';
import { toJsonSchema, type JsonSchema } from './json-schema';
import { bearer, json, optionalBearer, pathParameter, problem, queryParameters } from './openapi-parts';

/** Small builders so the response schemas below read like the answers they describe. */
const int = { type: 'integer' } as const;
const str = { type: 'string' } as const;
const instant = { type: 'string', format: 'date-time' } as const;
const obj = (properties: Record<string, JsonSchema>, optional: string[] = []): JsonSchema => ({
  type: 'object',
  required: Object.keys(properties).filter((k) => !optional.includes(k)),
  properties,
});
const arr = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
const bilingual = obj({ zh: str, en: str });
const party = obj({ name: str, creditCode: str });
const view = { type: 'string', enum: ['public', 'full'] };

const SCOPE =
  'Supervisor and admin tokens; a supervisor sees only its own regions (codes nest) and a `region` outside them is ' +
  'refused with 403.';

const scopedErrors = {
  '400': problem('Bad query'),
  '401': problem('No or bad token'),
  '403': problem('Not a supervisor or admin token, or a region outside the supervisor regions'),
  '503': problem('The read model is still being built'),
};

const coverage = obj({
  due: int,
  onTime: int,
  late: int,
  missing: int,
  pending: int,
  coverage: { type: 'number', minimum: 0, maximum: 1 },
});
const withCoverage = (extra: Record<string, JsonSchema>, optional: string[] = []) => ({
  ...coverage,
  required: [...(coverage.required as string[]), ...Object.keys(extra).filter((k) => !optional.includes(k))],
  properties: { ...(coverage.properties as Record<string, JsonSchema>), ...extra },
});

export const TIMELINESS_REPORT_SCHEMA = obj({
  asOf: instant,
  groupBy: { type: 'string', enum: ['region', 'domain', 'publisher', 'month'] },
  rows: arr(obj({ key: str, name: str, published: int, onTime: int, late: int, missing: int }, ['name'])),
  totals: obj({ published: int, onTime: int, late: int, missing: int }),
});

const itemStatus = { type: 'string', enum: ['onTime', 'late', 'missing', 'pending'] };

export const COMPLETENESS_REPORT_SCHEMA = obj({
  asOf: instant,
  totals: coverage,
  catalogues: arr(withCoverage({ catalogueId: str, name: bilingual }, ['name'])),
  publishers: arr(withCoverage({ creditCode: str, name: str })),
  transactions: obj({
    limit: int,
    nextCursor: { type: ['string', 'null'] },
    items: arr(
      obj({
        transactionId: str,
        domain: str,
        regionCode: str,
        publisher: party,
        figures: coverage,
        items: arr(
          obj(
            {
              eventType: str,
              round: int,
              catalogueId: str,
              title: bilingual,
              expected: { type: 'boolean' },
              status: itemStatus,
              publishedAt: instant,
              dueAt: instant,
              missingSince: instant,
            },
            ['title', 'publishedAt', 'dueAt', 'missingSince'],
          ),
        ),
      }),
    ),
  }),
});

export const ANNUAL_REPORT_SCHEMA = obj(
  {
    year: int,
    region: str,
    asOf: instant,
    proactive: obj({
      total: int,
      byCategory: arr(obj({ domain: { type: ['string', 'null'] }, eventType: str, count: int, late: int })),
    }),
    timeliness: obj({ published: int, onTime: int, late: int, missing: int }),
    corrections: int,
    correctionsByStage: { type: 'object', additionalProperties: int },
    periodFindings: obj({ periodTooShort: int, cured: int, standing: int }),
    complaintDecisions: obj({ total: int, byOutcome: { type: 'object', additionalProperties: int } }),
    penalties: int,
    licences: int,
    blacklistEntries: int,
    creditRecords: int,
    template: arr(obj({ table: str, row: str, column: str, value: int })),
  },
  ['region'],
);

const versionSummary = obj({
  revision: int,
  position: int,
  eventId: str,
  eventType: str,
  occurredAt: instant,
  publishedAt: instant,
  recordedAt: instant,
  publisher: party,
  publisherRole: str,
  stage: {
    type: 'string',
    description: 'The stage this version published or changed (a correction: the announcement)',
  },
  change: { type: 'string', enum: ['published', 'corrected', 'replaced', 'changed'] },
  hash: str,
  findings: arr(str),
});

export const VERSIONS_SCHEMA = obj(
  {
    transactionId: str,
    view,
    versions: arr(versionSummary),
    at: instant,
    by: { type: 'string', enum: ['recorded', 'published'] },
    inForce: { type: ['integer', 'null'] },
  },
  ['at', 'by', 'inForce'],
);

export const VERSION_DOCUMENT_SCHEMA = obj({
  transactionId: str,
  view,
  revision: int,
  state: {
    type: 'object',
    description: 'The folded TransactionState (status, round, history, candidates, award…)',
  },
  stages: {
    type: 'object',
    description:
      'Per stage, its data up to this revision with every change applied (corrections to the announcement, variations to the contract, a replacing award); each change also under its own event type',
    additionalProperties: { type: 'object' },
  },
});

export const DIFF_SCHEMA = obj({
  transactionId: str,
  view,
  from: int,
  to: int,
  changes: arr(
    obj(
      {
        path: str,
        change: { type: 'string', enum: ['added', 'removed', 'changed'] },
        before: {},
        after: {},
      },
      ['before', 'after'],
    ),
  ),
});

export const RED_FLAGS_SCHEMA = obj({
  total: int,
  limit: int,
  nextCursor: { type: ['string', 'null'] },
  byCode: arr(obj({ code: str, count: int })),
  items: arr(
    obj(
      {
        code: str,
        cardinal: {
          type: 'boolean',
          description: 'Whether `code` is an Open Contracting Cardinal indicator',
        },
        title: bilingual,
        definition: str,
        rule: { type: 'string', description: 'The Chinese provision the pattern touches' },
        subject: str,
        transactionId: str,
        domain: str,
        regionCode: str,
        publisher: party,
        eventId: str,
        eventType: str,
        position: int,
        raisedAt: instant,
        evidence: { type: 'object' },
      },
      ['rule', 'transactionId', 'domain'],
    ),
  ),
});

const transactionId = pathParameter('id', str, 'Transaction id');
const transactionErrors = { '400': problem('Bad query'), '404': problem('Unknown transaction or revision') };

/** Supervisors' reports and a transaction's versions. */
export function reportPaths(): Record<string, unknown> {
  return {
    '/v1/reports/timeliness': {
      get: {
        summary:
          'Disclosures on time and late, and catalogue items missing, by region, domain, publisher or month',
        description: `Published counts fall in [from, to); missing items are those fallen due by \`asOf\` (default now) and not published by then. ${SCOPE}`,
        security: bearer,
        parameters: queryParameters(toJsonSchema(timelinessQuerySchema)),
        responses: { '200': json('Timeliness figures', TIMELINESS_REPORT_SCHEMA), ...scopedErrors },
      },
    },
    '/v1/reports/completeness': {
      get: {
        summary: "Items of the jurisdiction's disclosure catalogue due by `asOf`: on time, late, missing",
        description: `Coverage per catalogue and per publisher, and per transaction (paged) each item with its status. ${SCOPE}`,
        security: bearer,
        parameters: queryParameters(toJsonSchema(completenessQuerySchema)),
        responses: {
          '200': json('Completeness against the catalogue', COMPLETENESS_REPORT_SCHEMA),
          ...scopedErrors,
        },
      },
    },
    '/v1/reports/annual': {
      get: {
        summary: 'Figures of one (Beijing) year for the 政府信息公开工作年度报告',
        description: `\`template\` names the table, row and column of the report each figure fills (docs/reports.md). ${SCOPE}`,
        security: bearer,
        parameters: queryParameters(toJsonSchema(annualQuerySchema)),
        responses: { '200': json('Annual figures', ANNUAL_REPORT_SCHEMA), ...scopedErrors },
      },
    },
    '/v1/session': {
      get: {
        summary: 'Who the bearer token is (role, subject, regions); `anonymous` without one',
        security: optionalBearer,
        responses: {
          '200': json(
            'The caller',
            obj(
              {
                role: { type: 'string', enum: ['admin', 'supervisor', 'centre', 'subscriber', 'anonymous'] },
                subject: str,
                regions: arr(str),
              },
              ['subject', 'regions'],
            ),
          ),
          '401': problem('A token was sent and is unknown or revoked'),
        },
      },
    },
    '/': {
      get: { summary: 'Redirects to the console', responses: { '302': { description: 'To /console' } } },
    },
    '/console': {
      get: {
        summary: 'The supervisors’ web console (docs/console.md): one HTML page routed by the URL fragment',
        responses: { '200': { description: 'HTML', content: { 'text/html': { schema: str } } } },
      },
    },
    '/console/app.js': {
      get: {
        summary: 'The console script (bundled with esbuild)',
        responses: { '200': { description: 'JavaScript', content: { 'text/javascript': { schema: str } } } },
      },
    },
    '/console/app.css': {
      get: {
        summary: 'The console stylesheet',
        responses: { '200': { description: 'CSS', content: { 'text/css': { schema: str } } } },
      },
    },
    '/v1/red-flags': {
      get: {
        summary: 'Integrity indicators (廉政风险预警) with their evidence, newest first',
        description:
          'Computed as events arrive (docs/red-flags.md): Cardinal codes R003, R018, R028, R035, R036, R038 where ' +
          `one matches, GK_ codes otherwise; \`byCode\` counts every code under the other filters. ${SCOPE}`,
        security: bearer,
        parameters: queryParameters(toJsonSchema(redFlagsQuerySchema)),
        responses: { '200': json('A page of red flags', RED_FLAGS_SCHEMA), ...scopedErrors },
      },
    },
    '/v1/transactions/{id}/versions': {
      get: {
        summary: 'Every version of a transaction (one per event), and which was in force at `at`',
        description:
          'Public view, or full for a supervisor of its region, an admin or its publishers. `by=published` judges ' +
          'by publication time, `by=recorded` (default) by the time the trail recorded it.',
        security: optionalBearer,
        parameters: [transactionId, ...queryParameters(toJsonSchema(versionsQuerySchema))],
        responses: { '200': json('Versions', VERSIONS_SCHEMA), ...transactionErrors },
      },
    },
    '/v1/transactions/{id}/versions/{revision}': {
      get: {
        summary: 'The transaction as of one revision: its state and the latest data of each stage',
        security: optionalBearer,
        parameters: [
          transactionId,
          pathParameter('revision', { type: 'integer', minimum: 0 }, 'Stream revision'),
        ],
        responses: { '200': json('Version', VERSION_DOCUMENT_SCHEMA), ...transactionErrors },
      },
    },
    '/v1/transactions/{id}/diff': {
      get: {
        summary: 'Field-by-field changes between two revisions of a transaction',
        security: optionalBearer,
        parameters: [transactionId, ...queryParameters(toJsonSchema(diffQuerySchema))],
        responses: { '200': json('Changes', DIFF_SCHEMA), ...transactionErrors },
      },
    },
  };
}
