import { validationProblem } from './problem';

/** `If-Match: "3"`, `If-Match: 3` or `W/"3"`: the stream revision the publisher last saw. */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^\s*(?:W\/)?"?(-?\d+)"?\s*$/.exec(value ?? '');
  if (!match) return Number.NaN;
  return Number(match[1]);
}

/** The If-Match header as an expected revision; a value that is not one is a 400. */
export function parseExpectedRevision(ifMatch: string | undefined): number | undefined {
  const expectedRevision = parseIfMatch(ifMatch);
  if (expectedRevision !== undefined && (!Number.isInteger(expectedRevision) || expectedRevision < -1)) {
    throw validationProblem('If-Match must be a stream revision such as "3" (or "-1" for a new stream)', [
      { field: '/headers/if-match', message: 'expected a quoted revision number' },
    ]);
  }
  return expectedRevision;
}
