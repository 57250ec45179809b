import { statutoryCalendar } from '../calendar';
import { reevaluateFindings } from './reevaluation';
import { example, given, lifecycleUntil } from './testing/scenario';

/**
 * Re-evaluating timing on a new calendar must not report the conduct findings stored with an event (issue 15:
 * a winner chosen during the publicity, §54) as withdrawn: the calendar has nothing to do with them.
 */
describe('re-evaluation leaves conduct findings alone', () => {
  it('a stored WINNER_CHOSEN_DURING_PUBLICITY is neither withdrawn nor changed', () => {
    const history = lifecycleUntil('AwardPublished');
    const award = example('AwardPublished', 'engineering', {
      data: { winnerChosen: '2026-03-28T10:00:00+08:00', awardNoticeIssued: '2026-03-28T16:00:00+08:00' },
      metadata: { occurredAt: '2026-03-28T10:00:00+08:00', publishedAt: '2026-03-30T09:00:00+08:00' },
    });
    const decision = given(history).when(award);
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    expect(decision.findings.map((f) => f.code)).toEqual(['WINNER_CHOSEN_DURING_PUBLICITY']);
    const stored = decision.findings.map((f) => JSON.parse(JSON.stringify(f)) as unknown);
    expect(reevaluateFindings(award, history, stored, statutoryCalendar)).toEqual([]);
  });
});
