import { type DomainEvent, exampleEvent } from '../events';
import { deciderSpecification } from '../testing/decider-specification';
import { decideCredit, evolveCredit, initialCreditState, replayCredit } from './credit-decider';
import { DISPLAY_PERIOD_SOURCE, displayPeriod } from './display-periods';

/** 信用修复管理办法 (国家发展改革委令第36号, in force 2026-04-01), as issue 15 reads it. */

const withData = (event: DomainEvent, data: Record<string, unknown>) =>
  ({ ...event, data: { ...(event.data as Record<string, unknown>), ...data } }) as DomainEvent;

/** The credit decider under the domain's one decider specification (shared with the transaction decider). */
const given = deciderSpecification({
  initialState: initialCreditState,
  evolve: evolveCredit,
  decide: decideCredit,
});
const codeOf = (d: ReturnType<typeof decideCredit>) => (d.ok ? undefined : d.rejection.code);

describe('the measures in force', () => {
  it('are cited by their own title, not the repealed trial measures', () => {
    expect(DISPLAY_PERIOD_SOURCE).toContain('信用修复管理办法');
    expect(DISPLAY_PERIOD_SOURCE).toContain('第36号');
    expect(DISPLAY_PERIOD_SOURCE).not.toContain('试行');
  });
});

describe('minor dishonesty (轻微): in principle not displayed, at most 3 months, repairable once obligations are met', () => {
  it('has no minimum and a 3-month maximum', () => {
    expect(displayPeriod('minor', '2026-04-15')).toMatchObject({
      minimumEndsOn: '2026-04-15',
      repairableFrom: '2026-04-15',
      displayEndsOn: '2026-07-15',
    });
  });

  it('a minor penalty shown for more than 3 months is DISPLAY_PERIOD_OUT_OF_RANGE; not shown at all is fine', () => {
    const penalty = withData(exampleEvent('PenaltyImposed'), { severity: 'minor', decidedOn: '2026-04-10' });
    given([])
      .when(withData(penalty, { displayUntil: '2026-07-11' }))
      .thenRejects('DISPLAY_PERIOD_OUT_OF_RANGE');
    given([])
      .when(withData(penalty, { displayUntil: '2026-07-10' }))
      .then();
    given([])
      .when(withData(penalty, { displayUntil: undefined }))
      .then();
  });
});

describe('display periods are checked on penalties and credit records too', () => {
  it('a penalty displayed for 10 years is refused, whatever its class', () => {
    const penalty = withData(exampleEvent('PenaltyImposed'), {
      decidedOn: '2026-04-10',
      displayUntil: '2036-04-10',
    });
    given([]).when(penalty).thenRejects('DISPLAY_PERIOD_OUT_OF_RANGE');
    given([])
      .when(withData(penalty, { severity: 'serious' }))
      .thenRejects('DISPLAY_PERIOD_OUT_OF_RANGE');
  });

  it('an ordinary penalty is shown from 3 months to 1 year', () => {
    const penalty = withData(exampleEvent('PenaltyImposed'), {
      severity: 'ordinary',
      decidedOn: '2026-04-10',
    });
    given([])
      .when(withData(penalty, { displayUntil: '2026-07-09' }))
      .thenRejects('DISPLAY_PERIOD_OUT_OF_RANGE');
    given([])
      .when(withData(penalty, { displayUntil: '2027-04-10' }))
      .then();
    given([])
      .when(withData(penalty, { displayUntil: '2027-04-11' }))
      .thenRejects('DISPLAY_PERIOD_OUT_OF_RANGE');
  });

  it('a serious dishonesty record shown for 5 years is refused', () => {
    const record = withData(exampleEvent('CreditRecorded'), {
      severity: 'serious',
      decidedOn: '2026-04-10',
      displayUntil: '2031-04-10',
    });
    given([]).when(record).thenRejects('DISPLAY_PERIOD_OUT_OF_RANGE');
  });
});

describe('only serious dishonesty goes on the blacklist (严重失信)', () => {
  it('BlacklistEntered with severity ordinary is refused', () => {
    const entered = withData(exampleEvent('BlacklistEntered'), {
      severity: 'ordinary',
      decidedOn: '2026-04-15',
      displayUntil: '2027-04-15',
    });
    given([]).when(entered).thenRejects('BLACKLIST_REQUIRES_SERIOUS');
  });
});

describe('display beyond the maximum, lawful where the subject has not corrected and a sector rule says so', () => {
  const long = withData(exampleEvent('BlacklistEntered'), {
    decidedOn: '2026-04-15',
    displayUntil: '2031-04-15',
  });

  it('is refused without the rule', () => {
    given([]).when(long).thenRejects('DISPLAY_PERIOD_OUT_OF_RANGE');
  });

  it('is accepted with the rule cited, and the listing stays in force to its end', () => {
    const extended = withData(long, {
      displayExtension: {
        basis: '《某行业严重失信主体名单管理办法》第十二条：未履行整改义务的，公示期延长至履行完毕',
        subjectNotCorrected: true,
      },
    });
    const decision = given([]).when(extended);
    expect(codeOf(decision)).toBeUndefined();
    if (decision.ok) {
      const state = replayCredit(decision.events);
      expect(state.blacklist[0]).toMatchObject({ displayUntil: '2031-04-15' });
    }
  });
});

describe('the minimum period ends at 24:00 of its last day (民法典 第二百零二条、第二百零三条第二款)', () => {
  const entered = withData(exampleEvent('BlacklistEntered'), {
    decidedOn: '2026-04-15',
    displayUntil: '2029-04-15',
  });
  const repaired = (removedOn: string) =>
    withData(exampleEvent('BlacklistRemoved'), { removalReason: 'credit_repaired', removedOn });

  it('a repair taking effect on the last day of the year is one day early', () => {
    const decision = given([entered]).when(repaired('2027-04-15'));
    expect(codeOf(decision)).toBe('REPAIR_BEFORE_MINIMUM');
    if (!decision.ok) expect(decision.rejection.messageZh).toContain('2027-04-16');
  });

  it('the day after is on time', () => {
    given([entered]).when(repaired('2027-04-16')).then();
  });
});
