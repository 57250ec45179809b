import { type DomainEvent, EXAMPLE_PARTIES, exampleEvent } from '../events';
import { deciderSpecification } from '../testing/decider-specification';
import { isBlacklistedAt } from './blacklist';
import {
  creditBlacklistEntries,
  decideCredit,
  evolveCredit,
  initialCreditState,
} from './credit-decider';
import { addMonths, displayPeriod } from './display-periods';

const withData = (
  event: DomainEvent,
  data: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
) =>
  ({
    ...event,
    data: { ...(event.data as Record<string, unknown>), ...data },
    metadata: { ...event.metadata, ...metadata },
  }) as DomainEvent;

/** The credit decider under the domain's one decider specification (shared with the transaction decider). */
const given = deciderSpecification({
  initialState: initialCreditState,
  evolve: evolveCredit,
  decide: decideCredit,
});
const codeOf = (d: ReturnType<typeof decideCredit>) => (d.ok ? undefined : d.rejection.code);

describe('Order 36 display periods', () => {
  it('ordinary: repair the day after 3 months, display ends at 1 year; serious: 1 and 3 years', () => {
    expect(displayPeriod('ordinary', '2026-04-15')).toEqual({
      severity: 'ordinary',
      decidedOn: '2026-04-15',
      minimumEndsOn: '2026-07-15',
      repairableFrom: '2026-07-16',
      displayEndsOn: '2027-04-15',
    });
    expect(displayPeriod('serious', '2026-04-15')).toMatchObject({
      minimumEndsOn: '2027-04-15',
      repairableFrom: '2027-04-16',
      displayEndsOn: '2029-04-15',
    });
  });

  it('a month period from a day the end month lacks ends on that month’s last day', () => {
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addMonths('2027-02-28', 12)).toBe('2028-02-28');
    expect(displayPeriod('serious', '2028-02-29')).toMatchObject({
      minimumEndsOn: '2029-02-28',
      repairableFrom: '2029-03-01',
      displayEndsOn: '2031-02-28',
    });
  });
});

describe('isBlacklistedAt', () => {
  const entry = {
    creditCode: EXAMPLE_PARTIES.third.creditCode,
    decisionNumber: 'D1',
    severity: 'serious' as const,
    decidedOn: '2026-04-15',
    repairableFrom: '2027-04-15',
    displayUntil: '2029-04-15',
  };
  it('is in force from the decision day through the last display day, in China time', () => {
    const code = entry.creditCode;
    expect(isBlacklistedAt([entry], code, '2026-04-14T23:59:59+08:00')).toBe(false);
    expect(isBlacklistedAt([entry], code, '2026-04-14T16:00:00Z')).toBe(true); // 00:00 on the 15th in Beijing
    expect(isBlacklistedAt([entry], code, '2029-04-15T23:00:00+08:00')).toBe(true);
    expect(isBlacklistedAt([entry], code, '2029-04-16T00:00:00+08:00')).toBe(false);
    expect(isBlacklistedAt([entry], EXAMPLE_PARTIES.winner.creditCode, '2027-01-01T00:00:00+08:00')).toBe(
      false,
    );
  });
  it('stops applying on the day it is removed', () => {
    const removed = { ...entry, removedOn: '2027-05-20' };
    expect(isBlacklistedAt([removed], entry.creditCode, '2027-05-19T12:00:00+08:00')).toBe(true);
    expect(isBlacklistedAt([removed], entry.creditCode, '2027-05-20T08:00:00+08:00')).toBe(false);
  });
});

describe('credit decider', () => {
  const penalty = exampleEvent('PenaltyImposed');
  const entered = exampleEvent('BlacklistEntered');
  const removed = exampleEvent('BlacklistRemoved');

  it('given nothing, when penalty, record, listing and repair arrive, then each is accepted and the listing ends on repair', () => {
    let state = initialCreditState();
    for (const event of [penalty, exampleEvent('CreditRecorded'), entered, removed]) {
      const decision = decideCredit({ type: 'PublishDisclosure', event }, state);
      expect(decision.ok ? 'ok' : decision.rejection.code).toBe('ok');
      if (decision.ok) state = evolveCredit(state, decision.events[0]!);
    }
    const entries = creditBlacklistEntries(state);
    expect(entries).toHaveLength(1);
    expect(isBlacklistedAt(entries, EXAMPLE_PARTIES.third.creditCode, '2027-05-19T10:00:00+08:00')).toBe(
      true,
    );
    expect(isBlacklistedAt(entries, EXAMPLE_PARTIES.third.creditCode, '2027-05-21T10:00:00+08:00')).toBe(
      false,
    );
  });

  it('when another authority removes a listing it did not enter, then NOT_OWNER; its own records are accepted', () => {
    const other = { name: '苏州市市场监督管理局', creditCode: EXAMPLE_PARTIES.runnerUp.creditCode };
    const byOther = (event: DomainEvent, number?: string) =>
      withData(event, number ? { decisionNumber: number } : {}, { publisher: other });
    const history = given([entered]);
    const refused = history.when(byOther(removed));
    expect(codeOf(refused)).toBe('NOT_OWNER');
    expect(refused.ok ? undefined : refused.rejection.details).toMatchObject({
      owner: { creditCode: entered.metadata.publisher.creditCode },
      actor: other.creditCode,
    });
    // Acting for the deciding authority counts as the authority itself.
    expect(codeOf(history.when(withData(removed, {}, { onBehalfOf: entered.metadata.publisher })))).not.toBe(
      'NOT_OWNER',
    );
    expect(codeOf(history.when(removed))).toBeUndefined();
    expect(codeOf(history.when(byOther(penalty, '苏市监罚〔2026〕99号')))).toBeUndefined();
  });

  it('when the same decision arrives twice, then DUPLICATE_DECISION', () => {
    given([penalty]).when(penalty).thenRejects('DUPLICATE_DECISION');
    given([entered]).when(entered).thenRejects('DUPLICATE_DECISION');
  });

  it('when a serious listing is shown for less than 1 year or more than 3, then DISPLAY_PERIOD_OUT_OF_RANGE', () => {
    given([])
      .when(withData(entered, { displayUntil: '2027-04-14' }))
      .thenRejects('DISPLAY_PERIOD_OUT_OF_RANGE');
    given([])
      .when(withData(entered, { displayUntil: '2029-04-16' }))
      .thenRejects('DISPLAY_PERIOD_OUT_OF_RANGE');
    expect(given([]).when(withData(entered, { displayUntil: '2027-04-15' })).ok).toBe(true);
  });

  it('when repair takes effect before the minimum period, then REPAIR_BEFORE_MINIMUM', () => {
    const decision = given([entered]).when(withData(removed, { removedOn: '2027-04-14' }));
    expect(codeOf(decision)).toBe('REPAIR_BEFORE_MINIMUM');
    if (!decision.ok) expect(decision.rejection.messageZh).toContain('2027-04-16');
  });

  it('when removal names no listing in force, then NOT_ON_BLACKLIST; expiry claimed early is DATE_CONTRADICTION', () => {
    given([]).when(removed).thenRejects('NOT_ON_BLACKLIST');
    given([entered, removed]).when(removed).thenRejects('NOT_ON_BLACKLIST');
    given([entered])
      .when(withData(removed, { removalReason: 'display_expired' }))
      .thenRejects('DATE_CONTRADICTION');
    expect(
      given([entered]).when(withData(removed, { removalReason: 'decision_revoked', removedOn: '2026-05-01' }))
        .ok,
    ).toBe(true);
  });

  it('when another subject’s event arrives, then SUBJECT_MISMATCH; a transaction event is WRONG_STREAM', () => {
    given([penalty])
      .when(withData(entered, { subject: EXAMPLE_PARTIES.winner }))
      .thenRejects('SUBJECT_MISMATCH');
    given([]).when(exampleEvent('AwardPublished')).thenRejects('WRONG_STREAM');
  });

  it('a penalty published after 7 working days is accepted with a LATE_DISCLOSURE finding', () => {
    const late = withData(
      penalty,
      {},
      { occurredAt: '2026-04-10T10:00:00+08:00', publishedAt: '2026-04-30T10:00:00+08:00' },
    );
    const decision = given([]).when(late);
    expect(decision.ok).toBe(true);
    if (decision.ok) expect(decision.findings.map((f) => f.code)).toContain('LATE_DISCLOSURE');
  });
});
