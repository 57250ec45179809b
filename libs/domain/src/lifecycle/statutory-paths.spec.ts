import { EXAMPLE_PARTIES, exampleEvent } from '../events';
import { example, given, lifecycleUntil, rejectionCode } from './testing/scenario';
import { evolve } from './transaction-state';

/** Paths the statutes allow, and conduct the decider records as findings (issue 15). */

const RUNNER_UP_PRICE = '2688000.00';

const reassigned = (
  domain: 'engineering' | 'procurement',
  change: Record<string, unknown> = {},
): ReturnType<typeof example> =>
  example('AwardPublished', domain, {
    data: {
      ...(domain === 'engineering'
        ? { winBidder: EXAMPLE_PARTIES.runnerUp, bidAmount: RUNNER_UP_PRICE }
        : { supplier: EXAMPLE_PARTIES.runnerUp, dealAmount: RUNNER_UP_PRICE }),
      winnerChosen: '2026-04-02T10:00:00+08:00',
      awardNoticeIssued: '2026-04-02T16:00:00+08:00',
      reassignment: {
        previousWinner: EXAMPLE_PARTIES.winner,
        reason: 'declined',
        explanation: '第一中标候选人书面放弃中标',
      },
      ...change,
    },
    metadata: { occurredAt: '2026-04-02T10:00:00+08:00', publishedAt: '2026-04-02T17:00:00+08:00' },
  });

const findingCodes = (decision: ReturnType<ReturnType<typeof given>['when']>) =>
  decision.ok ? decision.findings.map((f) => f.code) : [`rejected ${decision.rejection.code}`];

describe('招标投标法实施条例 第五十五条 / 政府采购法实施条例 第四十九条: award to the next-ranked candidate', () => {
  it.each(['engineering', 'procurement'] as const)(
    '%s: when the winner declines, the next candidate is awarded by an event with its reason; both stay in the trail',
    (domain) => {
      const history = lifecycleUntil('ContractSigned', domain);
      const decision = given(history).when(reassigned(domain));
      expect(findingCodes(decision)).toEqual([]);
      if (!decision.ok) return;
      const state = [...history, ...decision.events].reduce(evolve, given([]).state);
      expect(state.history.filter((type) => type === 'AwardPublished')).toHaveLength(2);
      expect(state.award?.winners.map((w) => w.key)).toEqual([EXAMPLE_PARTIES.runnerUp.creditCode]);
      const contract = example('ContractSigned', domain, {
        data: {
          ...(domain === 'engineering'
            ? { winBidder: EXAMPLE_PARTIES.runnerUp }
            : { supplier: EXAMPLE_PARTIES.runnerUp }),
          contractAmount: RUNNER_UP_PRICE,
          awardNoticeIssued: '2026-04-02T16:00:00+08:00',
        },
      });
      expect(rejectionCode(given([...history, ...decision.events]).when(contract))).toBeUndefined();
    },
  );

  it('a second award without a reason is still AWARD_ALREADY_PUBLISHED', () => {
    const decision = given(lifecycleUntil('ContractSigned')).when(
      reassigned('engineering', { reassignment: undefined }),
    );
    expect(rejectionCode(decision)).toBe('AWARD_ALREADY_PUBLISHED');
  });

  it('the reassignment must name the winner it replaces and go down the ranking, never up', () => {
    const history = lifecycleUntil('ContractSigned');
    const wrongPrevious = reassigned('engineering', {
      reassignment: { previousWinner: EXAMPLE_PARTIES.third, reason: 'declined', explanation: '放弃' },
    });
    expect(rejectionCode(given(history).when(wrongPrevious))).toBe('AWARD_REASSIGNMENT_INVALID');
    const afterRunnerUp = [...history, reassigned('engineering')];
    const backToFirst = example('AwardPublished', 'engineering', {
      data: {
        winnerChosen: '2026-04-07T10:00:00+08:00',
        awardNoticeIssued: '2026-04-07T16:00:00+08:00',
        reassignment: {
          previousWinner: EXAMPLE_PARTIES.runnerUp,
          reason: 'disqualified',
          explanation: '资格被取消',
        },
      },
      metadata: { occurredAt: '2026-04-07T10:00:00+08:00', publishedAt: '2026-04-07T17:00:00+08:00' },
    });
    expect(rejectionCode(given(afterRunnerUp).when(backToFirst))).toBe('AWARD_REASSIGNMENT_INVALID');
  });

  it('no reassignment once the contract is signed', () => {
    const decision = given(lifecycleUntil('ContractChanged')).when(reassigned('engineering'));
    expect(rejectionCode(decision)).toBe('CONTRACT_ALREADY_SIGNED');
  });
});

describe('re-procuring after the contract is cancelled', () => {
  const terminated = () => [
    ...lifecycleUntil('ContractChanged', 'procurement'),
    example('ContractChanged', 'procurement', {
      data: { changeKind: 'termination', description: '投诉处理决定认定采购活动违法，合同解除' },
    }),
  ];

  it('after a ContractChanged of kind termination a new announcement opens the next round', () => {
    const announcement = example('AnnouncementPublished', 'procurement', {
      metadata: { occurredAt: '2026-07-01T09:00:00+08:00', publishedAt: '2026-07-01T09:00:00+08:00' },
    });
    const decision = given(terminated()).when(announcement);
    expect(rejectionCode(decision)).toBeUndefined();
    if (decision.ok) {
      const state = [...terminated(), ...decision.events].reduce(evolve, given([]).state);
      expect(state).toMatchObject({ status: 'announced', round: 2 });
    }
  });

  it('and the transaction may be terminated instead', () => {
    const termination = example('TransactionTerminated', 'procurement', {
      data: {
        terminationKind: 'terminated',
        terminatedAt: '2026-07-01T09:00:00+08:00',
        reason: '合同解除后终止采购',
      },
      metadata: { occurredAt: '2026-07-01T09:00:00+08:00', publishedAt: '2026-07-01T10:00:00+08:00' },
    });
    expect(rejectionCode(given(terminated()).when(termination))).toBeUndefined();
  });

  it('a contract still in force is not re-procured', () => {
    expect(
      rejectionCode(
        given(lifecycleUntil('ContractChanged', 'procurement')).when(
          exampleEvent('AnnouncementPublished', 'procurement'),
        ),
      ),
    ).toBe('STAGE_OUT_OF_ORDER');
  });
});

describe('招标投标法实施条例 第五十四条第二款: a winner chosen while objections may still be raised', () => {
  it('is accepted with a finding citing the article', () => {
    const award = example('AwardPublished', 'engineering', {
      data: { winnerChosen: '2026-03-28T10:00:00+08:00', awardNoticeIssued: '2026-03-28T16:00:00+08:00' },
      metadata: { occurredAt: '2026-03-28T10:00:00+08:00', publishedAt: '2026-03-30T09:00:00+08:00' },
    });
    const decision = given(lifecycleUntil('AwardPublished')).when(award);
    expect(findingCodes(decision)).toEqual(['WINNER_CHOSEN_DURING_PUBLICITY']);
    if (decision.ok) {
      expect(decision.findings[0]).toMatchObject({
        origin: 'statute',
        sourceText: '招标投标法实施条例 第五十四条',
      });
    }
  });

  it('a winner chosen after the publicity ends gives none', () => {
    expect(
      findingCodes(given(lifecycleUntil('AwardPublished')).when(exampleEvent('AwardPublished'))),
    ).toEqual([]);
  });
});

describe('招标投标法实施条例 第五十五条: state-funded projects take the first-ranked candidate', () => {
  const stateFunded = (event: ReturnType<typeof example>) =>
    ({ ...event, data: { ...event.data, stateFundedControlling: true } }) as typeof event;
  const history = () => lifecycleUntil('AwardPublished').map(stateFunded);

  it('awarding the second-ranked candidate straight away is a finding', () => {
    const award = stateFunded(
      example('AwardPublished', 'engineering', {
        data: { winBidder: EXAMPLE_PARTIES.runnerUp, bidAmount: RUNNER_UP_PRICE },
      }),
    );
    const decision = given(history()).when(award);
    expect(findingCodes(decision)).toEqual(['WINNER_NOT_FIRST_RANKED']);
    if (decision.ok)
      expect(decision.findings[0]).toMatchObject({ sourceText: '招标投标法实施条例 第五十五条' });
  });

  it('the first-ranked candidate, or the next after a documented reassignment, gives none', () => {
    expect(findingCodes(given(history()).when(stateFunded(exampleEvent('AwardPublished'))))).toEqual([]);
    const awarded = [...history(), stateFunded(exampleEvent('AwardPublished'))];
    expect(findingCodes(given(awarded).when(stateFunded(reassigned('engineering'))))).toEqual([]);
  });

  it('a project without state control may choose another candidate', () => {
    const award = example('AwardPublished', 'engineering', {
      data: { winBidder: EXAMPLE_PARTIES.runnerUp, bidAmount: RUNNER_UP_PRICE },
    });
    expect(findingCodes(given(lifecycleUntil('AwardPublished')).when(award))).toEqual([]);
  });
});

describe('award amount corrected by the evaluation committee', () => {
  const corrected = (change: Record<string, unknown>) =>
    example('AwardPublished', 'engineering', { data: { bidAmount: '2649000.00', ...change } });

  it('an amount other than the publicized bid is AMOUNT_CONTRADICTION without a reason', () => {
    expect(rejectionCode(given(lifecycleUntil('AwardPublished')).when(corrected({})))).toBe(
      'AMOUNT_CONTRADICTION',
    );
  });

  it('is accepted with a documented correction (评标委员会修正算术错误), and the contract follows the corrected amount', () => {
    const award = corrected({
      amountCorrection: {
        reason: 'arithmetic_correction',
        explanation: '评标委员会修正投标报价中的算术错误',
      },
    });
    const history = lifecycleUntil('AwardPublished');
    expect(rejectionCode(given(history).when(award))).toBeUndefined();
    const contract = example('ContractSigned', 'engineering', { data: { contractAmount: '2649000.00' } });
    expect(rejectionCode(given([...history, award]).when(contract))).toBeUndefined();
  });
});

describe('政府采购法 第四十九条: supplementary contracts at most 10 % of the contract amount', () => {
  const variation = (newContractAmount: string) =>
    example('ContractChanged', 'procurement', {
      data: { changeKind: 'variation', description: '追加采购同型号设备', newContractAmount },
    });

  it('above 10 % is accepted with a finding', () => {
    const decision = given(lifecycleUntil('ContractChanged', 'procurement')).when(variation('2915000.01'));
    expect(findingCodes(decision)).toEqual(['SUPPLEMENTARY_CONTRACT_OVER_10_PERCENT']);
    if (decision.ok) expect(decision.findings[0]).toMatchObject({ sourceText: '政府采购法 第四十九条' });
  });

  it('up to 10 % gives none, and the limit counts from the original contract, not the last variation', () => {
    const history = lifecycleUntil('ContractChanged', 'procurement');
    expect(findingCodes(given(history).when(variation('2915000.00')))).toEqual([]);
    const first = variation('2900000.00');
    expect(findingCodes(given([...history, first]).when(variation('2950000.00')))).toEqual([
      'SUPPLEMENTARY_CONTRACT_OVER_10_PERCENT',
    ]);
  });
});
