import { BrokenCircuitError, TaskCancelledError } from 'cockatiel';
import { classifyAttemptError, HttpStatusError, isPermanentStatus, isTargetFailure } from './delivery-errors';

describe('delivery failure classification', () => {
  it.each([400, 401, 403, 404, 405, 409, 410, 413, 415, 422])(
    'HTTP %i will never succeed: dead-letter',
    (status) => {
      expect(isPermanentStatus(status)).toBe(true);
      expect(classifyAttemptError(new HttpStatusError(status, undefined, '')).kind).toBe('permanent');
      expect(isTargetFailure(new HttpStatusError(status, undefined, ''))).toBe(false);
    },
  );

  it.each([425, 429])('HTTP %i is throttling: retried after Retry-After, not a target failure', (status) => {
    const failure = classifyAttemptError(new HttpStatusError(status, 2_000, ''));
    expect(failure).toMatchObject({ kind: 'throttled', status, retryAfterMs: 2_000 });
    expect(isTargetFailure(new HttpStatusError(status, 2_000, ''))).toBe(false);
  });

  it.each([408, 500, 502, 503, 504])(
    'HTTP %i means the target is failing: retried, counted by the breaker',
    (status) => {
      expect(classifyAttemptError(new HttpStatusError(status, undefined, '')).kind).toBe('target-down');
      expect(isTargetFailure(new HttpStatusError(status, undefined, ''))).toBe(true);
    },
  );

  it('treats timeouts and socket errors as target failures', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
    });
    expect(classifyAttemptError(refused)).toEqual({
      kind: 'target-down',
      message: 'fetch failed: ECONNREFUSED connect ECONNREFUSED 127.0.0.1:1',
    });
    expect(classifyAttemptError(new TaskCancelledError('timed out'))).toEqual({
      kind: 'target-down',
      message: 'request timed out',
    });
    expect(isTargetFailure(refused)).toBe(true);
  });

  it('does not count an open circuit as a failure of the target or the event', () => {
    expect(classifyAttemptError(new BrokenCircuitError()).kind).toBe('circuit-open');
    expect(isTargetFailure(new BrokenCircuitError())).toBe(false);
  });
});
