import type { RejectionCode } from '@gongkai/domain';
import type { ProblemType } from '../../../platform/http/problem';

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
]);

export function rejectionProblemType(code: RejectionCode): ProblemType {
  // Not the caller's transaction: the same answer as any other refused authorisation.
  if (code === 'NOT_OWNER') return 'forbidden';
  return CONFLICTS.has(code) ? 'rule-conflict' : 'rule-violation';
}
