/**
 * RFC 9457 problem details. Every error the API answers is one of these; `type` is a stable URN a client
 * can switch on, `title` is fixed per type, `detail` explains this occurrence.
 */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

export interface FieldError {
  /** JSON pointer-like path of the failing field, e.g. `/data/title` or `query.asOf`. */
  field: string;
  message: string;
}

const PROBLEM_TYPES = {
  'malformed-request': { status: 400, title: 'Malformed request' },
  'validation-failed': { status: 400, title: 'Request validation failed' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Not allowed for this token' },
  'not-found': { status: 404, title: 'Not found' },
  'idempotency-conflict': { status: 409, title: 'Event id already used with other content' },
  'rule-conflict': { status: 409, title: 'The transaction is not in a state that allows this event' },
  conflict: { status: 409, title: 'Conflicts with an operation in progress or already done' },
  'revision-mismatch': { status: 412, title: 'Expected revision does not match' },
  'body-too-large': { status: 413, title: 'Request body too large' },
  'uri-too-long': { status: 414, title: 'Request URI too long' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'rule-violation': { status: 422, title: 'A domain rule rejects this event' },
  'unprocessable-date': { status: 422, title: 'The date cannot be computed' },
  'webhook-url-refused': { status: 422, title: 'The webhook URL points where gongkai does not deliver' },
  'limit-reached': { status: 409, title: 'A limit on what this token may hold is reached' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'internal-error': { status: 500, title: 'Internal error' },
  'stored-event-unreadable': {
    status: 500,
    title: 'A stored event can no longer be read; verify the stream',
  },
  unavailable: { status: 503, title: 'Service unavailable' },
} as const;

export type ProblemType = keyof typeof PROBLEM_TYPES;

export const PROBLEM_TYPE_PREFIX = 'urn:gongkai:problem:';

export function problemTypeUri(type: ProblemType): string {
  return `${PROBLEM_TYPE_PREFIX}${type}`;
}

export function problemStatus(type: ProblemType): number {
  return PROBLEM_TYPES[type].status;
}

/** Every problem type with its status and title, for the OpenAPI document. */
export function problemCatalogue(): { type: string; status: number; title: string }[] {
  return Object.entries(PROBLEM_TYPES).map(([type, { status, title }]) => ({
    type: `${PROBLEM_TYPE_PREFIX}${type}`,
    status,
    title,
  }));
}

/** Thrown anywhere in the service; the exception filter writes it as `application/problem+json`. */
export class Problem extends Error {
  readonly status: number;

  constructor(
    readonly type: ProblemType,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'Problem';
    this.status = PROBLEM_TYPES[type].status;
  }

  toBody(instance?: string): ProblemBody {
    return {
      type: problemTypeUri(this.type),
      title: PROBLEM_TYPES[this.type].title,
      status: this.status,
      detail: this.detail,
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}

export function validationProblem(detail: string, errors: FieldError[]): Problem {
  return new Problem('validation-failed', detail, { errors });
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
