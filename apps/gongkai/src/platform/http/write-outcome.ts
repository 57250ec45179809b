import type { Rejection, RejectionCode } from '@gongkai/domain';
import type { Refusal } from '@gongkai/write-engine';
import { Problem, validationProblem, type ProblemType } from './problem';
import { toProblem } from './to-problem';

/**
 * 409 when the event clashes with where the stream stands (retrying after the right event could succeed);
 * 422 when the event itself breaks a rule (it can never be accepted as it is).
 */
const CONFLICTS: ReadonlySet<RejectionCode> = new Set<RejectionCode>([
  'STAGE_OUT_OF_ORDER',
  'ANNOUNCEMENT_ALREADY_PUBLISHED',
  'AWARD_ALREADY_PUBLISHED',
  'CONTRACT_ALREADY_SIGNED',
  'CONTRACT_ALREADY_TERMINATED',
  'TRANSACTION_TERMINATED',
  'DUPLICATE_DECISION',
  'NOT_ON_BLACKLIST',
  'DISCLOSURE_ALREADY_PUBLISHED',
  'DISCLOSURE_NOT_PUBLISHED',
]);

export function rejectionProblemType(code: RejectionCode): ProblemType {
  // Not the caller's transaction: the same answer as any other refused authorisation.
  if (code === 'NOT_OWNER') return 'forbidden';
  return CONFLICTS.has(code) ? 'rule-conflict' : 'rule-violation';
}

function ruleProblem(rejection: Rejection): Problem {
  return new Problem(rejectionProblemType(rejection.code), rejection.message, {
    code: rejection.code,
    detailZh: rejection.messageZh,
    ...(rejection.details ? { details: rejection.details } : {}),
  });
}

/** The problem+json answer for a write the engine refused (one kind, one problem type). */
export function refusalProblem(refusal: Refusal): Problem {
  switch (refusal.kind) {
    case 'rejected':
      return ruleProblem(refusal.rejection);
    case 'forbidden':
      return refusal.rejection ? ruleProblem(refusal.rejection) : new Problem('forbidden', refusal.message);
    case 'revision-mismatch':
      return new Problem('revision-mismatch', refusal.message, {
        expectedRevision: refusal.expectedRevision,
        actualRevision: refusal.actualRevision,
      });
    case 'idempotency-conflict':
      return new Problem('idempotency-conflict', refusal.message, { eventId: refusal.eventId });
    case 'invalid':
      return validationProblem(refusal.message, refusal.errors);
    case 'wrong-stream':
      return new Problem('rule-violation', refusal.message, { code: 'WRONG_STREAM' });
    case 'unknown-stream':
      return new Problem('not-found', refusal.message);
    case 'not-attempted':
      return new Problem('rule-conflict', refusal.message, {
        ...(refusal.eventId ? { eventId: refusal.eventId } : {}),
        code: 'PRECEDING_EVENT_FAILED',
      });
    case 'failed':
      return toProblem(refusal.error).problem;
  }
}
