import { BrokenCircuitError, IsolatedCircuitError, TaskCancelledError } from 'cockatiel';

/**
 * How one HTTP attempt can fail, and what each failure means for the event:
 * - permanent: the target answered and will never accept this request (4xx other than 408/425/429);
 *   the event is dead-lettered at once;
 * - target-down: the target did not answer usefully (connection refused/reset, timeout, 5xx, 408);
 *   counts for the circuit breaker, retried with backoff;
 * - throttled: 425/429; retried after Retry-After (or the backoff), never counted against the event;
 * - circuit-open: no request was made because the circuit is open; retried when it half-opens.
 */
export type AttemptFailureKind = 'permanent' | 'target-down' | 'throttled' | 'circuit-open';

/** Statuses that will never succeed on a retry of the same request. */
const retryableClientStatuses = new Set([408, 425, 429]);

export function isPermanentStatus(status: number): boolean {
  return status >= 400 && status < 500 && !retryableClientStatuses.has(status);
}

/** The target answered with a status that is not 2xx. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    /** Server-requested pause (Retry-After), in milliseconds. */
    readonly retryAfterMs: number | undefined,
    readonly responseExcerpt: string,
  ) {
    super(`HTTP ${status}${responseExcerpt ? `: ${responseExcerpt}` : ''}`);
    this.name = 'HttpStatusError';
  }
}

export interface AttemptFailure {
  kind: AttemptFailureKind;
  message: string;
  status?: number;
  retryAfterMs?: number;
}

/** `code` of the error a transport throws when it refuses to connect to an address (SSRF guard). */
export const ADDRESS_REFUSED_CODE = 'WEBHOOK_URL_REFUSED';

/** Classifies whatever a single attempt threw. */
export function classifyAttemptError(error: unknown): AttemptFailure {
  if (error instanceof HttpStatusError) {
    if (isPermanentStatus(error.status))
      return { kind: 'permanent', message: error.message, status: error.status };
    if (error.status === 429 || error.status === 425) {
      return {
        kind: 'throttled',
        message: error.message,
        status: error.status,
        retryAfterMs: error.retryAfterMs,
      };
    }
    if (error.status >= 400) {
      return {
        kind: 'target-down',
        message: error.message,
        status: error.status,
        retryAfterMs: error.retryAfterMs,
      };
    }
    // 1xx/3xx that fetch did not resolve: the target is misconfigured, not down.
    return { kind: 'permanent', message: `unexpected ${error.message}`, status: error.status };
  }
  if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) {
    return { kind: 'circuit-open', message: 'circuit open: target considered down' };
  }
  if (error instanceof TaskCancelledError) return { kind: 'target-down', message: 'request timed out' };
  // The address guard of a subscriber's webhook (no internal address, ever): retrying will not help.
  if ((error as NodeJS.ErrnoException | null)?.code === ADDRESS_REFUSED_CODE)
    return { kind: 'permanent', message: (error as Error).message };
  return { kind: 'target-down', message: describeNetworkError(error) };
}

/** Whether the circuit breaker should count this error as a failure of the target. */
export function isTargetFailure(error: unknown): boolean {
  if (error instanceof HttpStatusError) return error.status >= 500 || error.status === 408;
  if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) return false;
  return true;
}

/** fetch() wraps socket errors as `TypeError: fetch failed` with the system error as cause. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return `${error.message}: ${code ? `${code} ` : ''}${cause.message}`;
  }
  return error.message;
}

/** Thrown inside the retry loop to stop it: this failure is final for the event. */
export class FinalAttemptFailure extends Error {
  constructor(
    readonly failure: AttemptFailure,
    readonly reason: 'rejected' | 'attempts-exhausted',
  ) {
    super(failure.message);
    this.name = 'FinalAttemptFailure';
  }
}

/** Thrown inside the retry loop for a failure worth retrying. */
export class RetryableAttemptFailure extends Error {
  constructor(readonly failure: AttemptFailure) {
    super(failure.message);
    this.name = 'RetryableAttemptFailure';
  }
}

/** Delivery was stopped (the runner is shutting down); the event stays undelivered and is resent later. */
export class DeliveryAborted extends Error {
  constructor() {
    super('delivery aborted');
    this.name = 'DeliveryAborted';
  }
}
