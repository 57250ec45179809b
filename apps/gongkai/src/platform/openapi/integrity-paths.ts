import { toJsonSchema } from './json-schema';
import { bearer, json, pathParameter, problem, queryParameters } from './openapi-parts';
import { consistencyQuerySchema } from '../../modules/integrity/transparency-log/integrity.controller';
import { checkpointsQuerySchema } from '../../modules/integrity/transparency-log/log.controller';

const text = (description: string) => ({
  description,
  content: { 'text/plain': { schema: { type: 'string' } } },
});
const bytes = (description: string) => ({
  description,
  content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
});

/** The Merkle log: JSON views under /v1/integrity, C2SP formats under /v1/log (docs/integrity.md). */
export function integrityPaths() {
  return {
    '/v1/integrity/checkpoint': {
      get: {
        summary:
          'The latest signed checkpoint (signed only when consistent with the last), or the last good one with `alarm`',
        responses: {
          '200': json('Checkpoint, keys, and `alarm` when signing is refused'),
          '503': problem('None signed (also while the tree is built or checked at start; `Retry-After`)'),
        },
      },
    },
    '/v1/integrity/proof': {
      get: {
        summary: 'RFC 9162 inclusion proof of an event, by global position, event id or leaf index',
        parameters: [
          { name: 'position', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } },
          { name: 'eventId', in: 'query', required: false, schema: { type: 'string' } },
          { name: 'leaf', in: 'query', required: false, schema: { type: 'integer', minimum: 0 } },
          { name: 'size', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } },
        ],
        responses: {
          '200': json('Inclusion proof'),
          '400': problem('Bad query'),
          '404': problem('No such event or tree size'),
          '503': problem('The tree is still being built at start and has not reached it (`Retry-After`)'),
        },
      },
    },
    '/v1/integrity/consistency': {
      get: {
        summary: 'RFC 9162 consistency proof between two tree sizes (`to` defaults to the current size)',
        parameters: queryParameters(toJsonSchema(consistencyQuerySchema)),
        responses: {
          '200': json('Consistency proof'),
          '400': problem('Bad query'),
          '404': problem('No tree of that size yet'),
          '503': problem('The tree is still being built at start and has not reached it (`Retry-After`)'),
        },
      },
    },
    '/v1/integrity/verify': {
      post: {
        summary: 'Verify the whole store against the Merkle log now, in the background (admin)',
        security: bearer,
        responses: {
          '202': json('`{ running, last?, alarm? }`'),
          '401': problem('No or bad token'),
          '403': problem('Not an admin token'),
        },
      },
      get: {
        summary: 'Outcome of the last whole-store verification (admin)',
        security: bearer,
        responses: {
          '200': json('`{ running, last?, alarm? }`'),
          '401': problem('No or bad token'),
          '403': problem('Not an admin token'),
        },
      },
    },
    '/v1/log/checkpoint': {
      get: {
        summary: 'c2sp.org/tlog-checkpoint in a c2sp.org/signed-note (Ed25519)',
        responses: { '200': text('The signed note'), '503': problem('None signed') },
      },
    },
    '/v1/log/key': {
      get: {
        summary: 'The note verifier key (`<origin>+<key id>+<base64>`); publish and obtain it out of band',
        responses: { '200': text('Verifier key') },
      },
    },
    '/v1/log/checkpoints': {
      get: {
        summary:
          'The checkpoints signed so far, oldest first, a page at a time: from tree size `from`, at most `limit` (1000); `next` links the following page',
        parameters: queryParameters(toJsonSchema(checkpointsQuerySchema)),
        responses: { '200': json('`{ checkpoints, nextFrom?, next? }`') },
      },
    },
    '/v1/log/proof/{eventId}': {
      get: {
        summary: 'c2sp.org/tlog-proof of one event in the latest signed checkpoint',
        parameters: [pathParameter('eventId', { type: 'string' }, 'Event id')],
        responses: { '200': text('tlog-proof file'), '404': problem('No such event') },
      },
    },
    '/v1/log/public-view/{eventId}': {
      get: {
        summary:
          'The public view of one event in its committed form (hidden values as salted commitments), with a c2sp.org/tlog-proof of it',
        description:
          '`{ eventId, leafFormat: 2, leafIndex, treeSize, committed, entry, hidden, proof }`: `committed` is the ' +
          "canonical JSON (RFC 8785) whose SHA-256 is the event's tlog entry; `proof` is a tlog-proof whose extra " +
          'is `committed`. Check with `tools/tlog-verify -view <eventId>` (docs/integrity.md §10).',
        parameters: [pathParameter('eventId', { type: 'string' }, 'Event id')],
        responses: {
          '200': json('Committed view and its proof'),
          '404': problem('No such event in the log'),
          '409': problem(
            'Logged before commitments (`leafFormat: 1`), or the redaction policy now hides a value it disclosed',
          ),
          '503': problem('Not yet covered by a signed checkpoint, or no longer matching the log'),
        },
      },
    },
    '/v1/log/tile/*': {
      get: {
        summary:
          'c2sp.org/tlog-tiles: `tile/<L>/<N>[.p/<W>]` (hash tiles) and `tile/entries/<N>[.p/<W>]` (entry bundles)',
        responses: { '200': bytes('Tile bytes (immutable)'), '404': problem('No such tile yet') },
      },
    },
  };
}
