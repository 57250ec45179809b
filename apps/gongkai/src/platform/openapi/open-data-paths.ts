import { EXTENDED_RELEASE_SCHEMA, type JsonSchema as OcdsSchema } from '@gongkai/open-data';
import { ocdsReleasesQuerySchema } from '../../modules/open-data/list-ocds-releases/list-ocds-releases.request';
import { toJsonSchema } from './json-schema';
import { json, pathParameter, problem, queryParameters } from './openapi-parts';

/** OCDS's own merge and codelist keywords, which mean nothing to an OpenAPI reader. */
const OCDS_KEYWORDS = new Set([
  'codelist',
  'openCodelist',
  'omitWhenMerged',
  'wholeListMerge',
  'versionId',
  'id',
  '$schema',
]);

/** A draft-4 OCDS schema node as OpenAPI 3.1 (JSON Schema 2020-12): local refs point at `Ocds<Name>` components. */
function toOpenApi(node: unknown, isPropertyMap = false): unknown {
  if (Array.isArray(node)) return node.map((item) => toOpenApi(item));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (!isPropertyMap && OCDS_KEYWORDS.has(key) && !(key === 'id' && typeof value === 'object')) continue;
    if (!isPropertyMap && key === '$ref' && typeof value === 'string')
      out[key] = value.replace('#/definitions/', '#/components/schemas/Ocds');
    else if (!isPropertyMap && key === 'deprecated') out[key] = true;
    else out[key] = toOpenApi(value, !isPropertyMap && (key === 'properties' || key === 'patternProperties'));
  }
  return out;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const packageMetadata = {
  uri: { type: 'string', format: 'uri', description: 'This package: the URL that answered it' },
  version: { type: 'string', const: '1.1' },
  extensions: {
    type: 'array',
    items: { type: 'string', format: 'uri' },
    description: "gongkai's OCDS extension (`/v1/ocds/extension/extension.json`)",
  },
  publishedDate: { type: 'string', format: 'date-time' },
  publisher: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
};

/**
 * Components: OCDS 1.1.5's release schema with gongkai's extension applied (`OcdsRelease` and one `Ocds<Name>`
 * per definition), the release and record packages gongkai answers.
 */
export function openDataComponents(): Record<string, unknown> {
  const { definitions = {}, ...release } = EXTENDED_RELEASE_SCHEMA as OcdsSchema;
  const defs = Object.fromEntries(
    Object.entries(definitions).map(([name, schema]) => [`Ocds${name}`, toOpenApi(schema)]),
  );
  return {
    ...defs,
    OcdsRelease: toOpenApi(release),
    OcdsReleasePackage: {
      type: 'object',
      required: ['uri', 'version', 'publishedDate', 'publisher', 'releases'],
      properties: {
        ...packageMetadata,
        releases: { type: 'array', items: ref('OcdsRelease') },
        links: {
          type: 'object',
          properties: {
            next: { type: 'string', format: 'uri', description: 'The next page; absent on the last' },
          },
        },
      },
    },
    OcdsRecordPackage: {
      type: 'object',
      required: ['uri', 'version', 'publishedDate', 'publisher', 'records'],
      properties: {
        ...packageMetadata,
        records: {
          type: 'array',
          items: {
            type: 'object',
            required: ['ocid', 'releases', 'compiledRelease', 'versionedRelease'],
            properties: {
              ocid: { type: 'string' },
              releases: {
                type: 'array',
                items: ref('OcdsRelease'),
                description: 'Every release, oldest first',
              },
              compiledRelease: ref('OcdsRelease'),
              versionedRelease: {
                type: 'object',
                description:
                  'Every field as a list of `{ releaseID, releaseDate, releaseTag, value }` (OCDS versioned release)',
              },
            },
          },
        },
      },
    },
  };
}

const PUBLIC =
  'Public data: the public view of each disclosure (personal data masked or left out, flagged commercial secrets ' +
  'absent), the same for every caller. Mapping, extension and ocid prefix: docs/ocds.md.';

/** `/v1/ocds/...`: OCDS 1.1 release and record packages, and the extension they use. */
export function openDataPaths(): Record<string, unknown> {
  return {
    '/v1/ocds/releases': {
      get: {
        tags: ['ocds'],
        summary:
          'OCDS release package: one release per public disclosure, in the order the store recorded them',
        description:
          `${PUBLIC} Paged with a keyset cursor: follow \`links.next\` (absent on the last page); a page may be ` +
          'short, even empty, when filters match rarely. `from`/`to` bound the release date (a date is a Beijing ' +
          'day); `region` nests (`320600` = the whole city); `domain` is one with an OCDS mapping.',
        parameters: queryParameters(toJsonSchema(ocdsReleasesQuerySchema)),
        responses: {
          '200': json('Release package (OCDS 1.1.5 with the extension)', ref('OcdsReleasePackage')),
          '400': problem('Bad query, a domain without OCDS export, or a cursor not issued by this query'),
          '503': problem('The read model is still being built, or not yet at minPosition (Retry-After)'),
        },
      },
    },
    '/v1/ocds/records/{ocid}': {
      get: {
        tags: ['ocds'],
        summary: 'OCDS record package of one contracting process: releases, compiled and versioned release',
        description: `${PUBLIC} The ocid is the publisher prefix (GONGKAI_OCDS_PREFIX) and the transaction id.`,
        parameters: [
          pathParameter('ocid', { type: 'string' }, 'e.g. `ocds-xxxxxx-3206022026A000127001` (URL-encoded)'),
        ],
        responses: {
          '200': json('Record package (OCDS 1.1.5 with the extension)', ref('OcdsRecordPackage')),
          '404': problem(
            'Not an ocid of this publisher, no such transaction, or a domain without OCDS export',
          ),
        },
      },
    },
    '/v1/ocds/extension/extension.json': {
      get: {
        tags: ['ocds'],
        summary: "gongkai's OCDS extension: metadata (name, description, codelists, schemas)",
        responses: { '200': json('extension.json') },
      },
    },
    '/v1/ocds/extension/release-schema.json': {
      get: {
        tags: ['ocds'],
        summary: "The extension's release schema patch (JSON Merge Patch onto the OCDS 1.1 release schema)",
        responses: { '200': json('release-schema.json') },
      },
    },
    '/v1/ocds/extension/codelists/{file}': {
      get: {
        tags: ['ocds'],
        summary: "One of the extension's codelists (CSV: Code, Title, Description)",
        parameters: [
          pathParameter(
            'file',
            { type: 'string', pattern: '^[A-Za-z]+\\.csv$' },
            'e.g. `terminationKind.csv`',
          ),
        ],
        responses: {
          '200': { description: 'The codelist', content: { 'text/csv': { schema: { type: 'string' } } } },
          '404': problem('No such codelist'),
        },
      },
    },
  };
}
