import { CATALOGUE_DOMAINS } from '../catalogues';
import { type DomainEvent, EXAMPLE_PARTIES, LIFECYCLE_ORDER, exampleEvent } from '../events';
import type { BlacklistEntry } from './blacklist';
import { example, given, lifecycleUntil, rejectionCode } from './testing/scenario';
import { decide } from './transaction-decider';
import { evolve, initialTransactionState } from './transaction-state';

const listing = (creditCode: string, over: Partial<BlacklistEntry> = {}): BlacklistEntry => ({
  creditCode,
  decisionNumber: '通住建失信〔2026〕第1号',
  severity: 'serious',
  decidedOn: '2026-01-10',
  repairableFrom: '2027-01-10',
  displayUntil: '2029-01-10',
  ...over,
});

describe('transaction decider: the accepted lifecycle', () => {
  it.each(CATALOGUE_DOMAINS.map((d) => [d]))(
    '%s: every stage of the example lifecycle is accepted on time',
    (domain) => {
      let state = initialTransactionState();
      for (const type of LIFECYCLE_ORDER) {
        const outcome = decide({ type: 'PublishDisclosure', event: exampleEvent(type, domain) }, state);
        expect(
          outcome.ok ? 'accepted' : `${type}: ${outcome.rejection.code} ${outcome.rejection.message}`,
        ).toBe('accepted');
        if (outcome.ok) {
          expect(outcome.events).toHaveLength(1);
          expect(outcome.findings).toEqual([]);
          state = evolve(state, outcome.events[0]!);
        }
      }
      expect(state.status).toBe('contracted');
      expect(state.round).toBe(1);
    },
  );
});

describe('transaction decider: stage order', () => {
  it('given nothing, when anything but an announcement is published, then STAGE_OUT_OF_ORDER', () => {
    for (const type of [
      'QualificationResultPublished',
      'CandidatesPublicized',
      'AwardPublished',
      'ContractSigned',
      'ContractChanged',
      'AnnouncementCorrected',
      'TransactionTerminated',
      'ComplaintDecided',
    ] as const) {
      given([]).when(exampleEvent(type)).thenRejects('STAGE_OUT_OF_ORDER');
    }
  });

  it('given an engineering announcement without candidates, when the award is published, then STAGE_OUT_OF_ORDER', () => {
    const decision = given(lifecycleUntil('CandidatesPublicized')).when(exampleEvent('AwardPublished'));
    expect(rejectionCode(decision)).toBe('STAGE_OUT_OF_ORDER');
    if (!decision.ok) expect(decision.rejection.messageZh).toContain('应先公示中标候选人');
  });

  it('given a land announcement, when the deal is published without candidates, then it is accepted (no candidates stage)', () => {
    expect(
      given([exampleEvent('AnnouncementPublished', 'land')]).when(exampleEvent('AwardPublished', 'land')).ok,
    ).toBe(true);
  });

  it('given candidates, when the contract is published before the award, then STAGE_OUT_OF_ORDER', () => {
    given(lifecycleUntil('AwardPublished'))
      .when(exampleEvent('ContractSigned'))
      .thenRejects('STAGE_OUT_OF_ORDER');
  });

  it('given an award, when a change is published before the contract, then STAGE_OUT_OF_ORDER', () => {
    given(lifecycleUntil('ContractSigned'))
      .when(exampleEvent('ContractChanged'))
      .thenRejects('STAGE_OUT_OF_ORDER');
  });

  it('given an award, when a second award is published, then AWARD_ALREADY_PUBLISHED', () => {
    given(lifecycleUntil('ContractSigned'))
      .when(exampleEvent('AwardPublished'))
      .thenRejects('AWARD_ALREADY_PUBLISHED');
  });

  it('given an award then a termination and a new announcement and candidates, when a new award is published, then it is accepted', () => {
    const history = [
      ...lifecycleUntil('ContractSigned'),
      example('TransactionTerminated', 'engineering', {
        data: { terminationKind: 'annulled', terminatedAt: '2026-04-02T10:00:00+08:00' },
        metadata: { occurredAt: '2026-04-02T10:00:00+08:00', publishedAt: '2026-04-02T11:00:00+08:00' },
      }),
      exampleEvent('AnnouncementPublished'),
      exampleEvent('CandidatesPublicized'),
    ];
    const state = given(history).state;
    expect(state.round).toBe(2);
    expect(given(history).when(exampleEvent('AwardPublished')).ok).toBe(true);
  });

  it('given a termination, when candidates are published, then TRANSACTION_TERMINATED', () => {
    const history = [exampleEvent('AnnouncementPublished'), exampleEvent('TransactionTerminated')];
    const decision = given(history).when(exampleEvent('CandidatesPublicized'));
    expect(rejectionCode(decision)).toBe('TRANSACTION_TERMINATED');
    if (!decision.ok) {
      expect(decision.rejection.message).toMatch(/terminated/);
      expect(decision.rejection.messageZh).toMatch(/终止/);
    }
  });

  it('given an announcement, when a second announcement is published, then ANNOUNCEMENT_ALREADY_PUBLISHED', () => {
    expect(
      rejectionCode(
        given([exampleEvent('AnnouncementPublished')]).when(exampleEvent('AnnouncementPublished')),
      ),
    ).toBe('ANNOUNCEMENT_ALREADY_PUBLISHED');
  });

  it('given a contract, when the transaction is terminated, then STAGE_OUT_OF_ORDER; a contract termination closes changes', () => {
    const history = lifecycleUntil('ContractChanged');
    given(history).when(exampleEvent('TransactionTerminated')).thenRejects('STAGE_OUT_OF_ORDER');
    const ended = [
      ...history,
      example('ContractChanged', 'engineering', { data: { changeKind: 'termination' } }),
    ];
    given(ended).when(exampleEvent('ContractChanged')).thenRejects('CONTRACT_ALREADY_TERMINATED');
    given(history).when(exampleEvent('ContractSigned')).thenRejects('CONTRACT_ALREADY_SIGNED');
  });
});

describe('transaction decider: parties', () => {
  it('given candidates, when the winner is not among them, then WINNER_NOT_A_CANDIDATE', () => {
    const outsider = { name: '南通某建设有限公司', creditCode: '91320602MA1X5Y2L1J' };
    const decision = given(lifecycleUntil('AwardPublished')).when(
      example('AwardPublished', 'engineering', { data: { winBidder: outsider } }),
    );
    expect(rejectionCode(decision)).toBe('WINNER_NOT_A_CANDIDATE');
  });

  it('given housing applicants, when a recipient was not publicized, then WINNER_NOT_A_CANDIDATE', () => {
    const award = exampleEvent('AwardPublished', 'housing');
    const data = structuredClone(award.data) as { recipients: Array<{ name: string; idNumber: string }> };
    data.recipients[0] = { ...data.recipients[0]!, idNumber: '110101199003074477', name: '赵六' };
    const decision = given(lifecycleUntil('AwardPublished', 'housing')).when({
      ...award,
      data,
    } as DomainEvent);
    expect(rejectionCode(decision)).toBe('WINNER_NOT_A_CANDIDATE');
  });

  it('given a qualification result, when a rejected applicant is publicized as candidate, then CANDIDATE_NOT_QUALIFIED', () => {
    const candidates = structuredClone(exampleEvent('CandidatesPublicized').data) as {
      candidates: Array<{ name: string; creditCode: string }>;
    };
    candidates.candidates[2] = {
      ...candidates.candidates[2]!,
      name: '南通某建设有限公司',
      creditCode: '91320602MA1X5Y2L1J',
    };
    const decision = given(lifecycleUntil('CandidatesPublicized')).when({
      ...exampleEvent('CandidatesPublicized'),
      data: candidates,
    } as DomainEvent);
    expect(rejectionCode(decision)).toBe('CANDIDATE_NOT_QUALIFIED');
  });

  it('given a housing eligibility review, when a rejected household is shortlisted, then CANDIDATE_NOT_QUALIFIED', () => {
    const shortlist = structuredClone(exampleEvent('CandidatesPublicized', 'housing').data) as {
      applicants: Array<{ name: string; idNumber: string; householdSize: number }>;
    };
    shortlist.applicants.push({ name: '赵六', idNumber: '110101199003074477', householdSize: 3 });
    const decision = given(lifecycleUntil('CandidatesPublicized', 'housing')).when({
      ...exampleEvent('CandidatesPublicized', 'housing'),
      data: shortlist,
    } as DomainEvent);
    expect(rejectionCode(decision)).toBe('CANDIDATE_NOT_QUALIFIED');
  });

  it('given an award, when the contract names someone else, then CONTRACT_PARTY_NOT_WINNER', () => {
    const decision = given(lifecycleUntil('ContractSigned')).when(
      example('ContractSigned', 'engineering', { data: { winBidder: EXAMPLE_PARTIES.runnerUp } }),
    );
    expect(rejectionCode(decision)).toBe('CONTRACT_PARTY_NOT_WINNER');
  });

  it('when the winner is blacklisted during its display period, then BLACKLISTED_PARTY (array or lookup context)', () => {
    const history = lifecycleUntil('AwardPublished');
    const entries = [listing(EXAMPLE_PARTIES.winner.creditCode)];
    const decision = given(history).when(exampleEvent('AwardPublished'), { blacklist: entries });
    expect(rejectionCode(decision)).toBe('BLACKLISTED_PARTY');
    if (!decision.ok)
      expect(decision.rejection.details).toMatchObject({ creditCode: EXAMPLE_PARTIES.winner.creditCode });
    const lookup = (code: string) => code === EXAMPLE_PARTIES.winner.creditCode;
    given(history)
      .when(exampleEvent('AwardPublished'), { blacklist: lookup })
      .thenRejects('BLACKLISTED_PARTY');
  });

  it('when a candidate is blacklisted, then BLACKLISTED_PARTY; after repair or expiry it is accepted', () => {
    const history = lifecycleUntil('CandidatesPublicized');
    const code = EXAMPLE_PARTIES.third.creditCode;
    expect(
      rejectionCode(
        given(history).when(exampleEvent('CandidatesPublicized'), { blacklist: [listing(code)] }),
      ),
    ).toBe('BLACKLISTED_PARTY');
    const repaired = listing(code, { removedOn: '2026-02-01' });
    expect(given(history).when(exampleEvent('CandidatesPublicized'), { blacklist: [repaired] }).ok).toBe(
      true,
    );
    const expired = listing(code, {
      decidedOn: '2025-01-10',
      displayUntil: '2026-01-10',
      severity: 'ordinary',
      repairableFrom: '2025-04-10',
    });
    expect(given(history).when(exampleEvent('CandidatesPublicized'), { blacklist: [expired] }).ok).toBe(true);
  });
});

describe('transaction decider: publisher, domain, dates, amounts', () => {
  it('when a role the catalogue does not allow publishes, then PUBLISHER_ROLE_NOT_ALLOWED with the allowed roles', () => {
    // Jinjiang lists land transfer announcements for approver and implementer only.
    const event = example('AnnouncementPublished', 'land', {
      metadata: { regionCode: '350582', publisherRole: 'producer' },
    });
    const decision = given([]).when(event);
    expect(rejectionCode(decision)).toBe('PUBLISHER_ROLE_NOT_ALLOWED');
    if (!decision.ok) expect(decision.rejection.details).toMatchObject({ catalogueId: 'jinjiang' });
  });

  it('given an engineering transaction, when a procurement event for the same id arrives, then DOMAIN_MISMATCH; another id: TRANSACTION_MISMATCH', () => {
    const history = [exampleEvent('AnnouncementPublished')];
    const procurement = example('AnnouncementCorrected', 'procurement', {
      data: { procurementProjectCode: 'NTCG2026-9999' },
    });
    given(history).when(procurement).thenRejects('TRANSACTION_MISMATCH');
    const sameId = { ...exampleEvent('AnnouncementCorrected', 'land') } as DomainEvent;
    const state = { ...given(history).state, transactionId: 'R2026-012' };
    expect(rejectionCode(decide({ type: 'PublishDisclosure', event: sameId }, state))).toBe(
      'DOMAIN_MISMATCH',
    );
    expect(
      rejectionCode(
        given(history).when(
          example('AnnouncementCorrected', 'engineering', {
            data: { tenderProjectCode: '3206022026A000128001' },
          }),
        ),
      ),
    ).toBe('TRANSACTION_MISMATCH');
  });

  it('when the contract is signed before the award was made, then DATE_CONTRADICTION', () => {
    const decision = given(lifecycleUntil('ContractSigned')).when(
      example('ContractSigned', 'engineering', {
        data: { signedAt: '2026-03-30T10:00:00+08:00', awardNoticeIssued: undefined },
      }),
    );
    expect(rejectionCode(decision)).toBe('DATE_CONTRADICTION');
  });

  it('when an event is published before it occurred, or a period ends before it starts, then DATE_CONTRADICTION', () => {
    expect(
      rejectionCode(
        given([]).when(
          example('AnnouncementPublished', 'engineering', {
            metadata: { publishedAt: '2026-03-01T09:00:00+08:00' },
          }),
        ),
      ),
    ).toBe('DATE_CONTRADICTION');
    expect(
      rejectionCode(
        given(lifecycleUntil('CandidatesPublicized')).when(
          example('CandidatesPublicized', 'engineering', {
            data: { publicityEnd: '2026-03-26T17:00:00+08:00' },
          }),
        ),
      ),
    ).toBe('DATE_CONTRADICTION');
  });

  it('when the award amount differs from the winner’s publicized bid price, then AMOUNT_CONTRADICTION', () => {
    const decision = given(lifecycleUntil('AwardPublished')).when(
      example('AwardPublished', 'engineering', { data: { bidAmount: '2600000.00' } }),
    );
    expect(rejectionCode(decision)).toBe('AMOUNT_CONTRADICTION');
  });

  it('when the engineering contract price differs from the winning bid, then AMOUNT_CONTRADICTION; land contracts are not bound', () => {
    const decision = given(lifecycleUntil('ContractSigned')).when(
      example('ContractSigned', 'engineering', { data: { contractAmount: '2700000.00' } }),
    );
    expect(rejectionCode(decision)).toBe('AMOUNT_CONTRADICTION');
    const land = [exampleEvent('AnnouncementPublished', 'land'), exampleEvent('AwardPublished', 'land')];
    expect(
      given(land).when(example('ContractSigned', 'land', { data: { contractAmount: '2700000.00' } })).ok,
    ).toBe(true);
  });

  it('when a procurement deal exceeds the announced budget, then AMOUNT_CONTRADICTION', () => {
    const history = [exampleEvent('AnnouncementPublished', 'procurement')];
    expect(
      rejectionCode(
        given(history).when(example('AwardPublished', 'procurement', { data: { dealAmount: '2800000.01' } })),
      ),
    ).toBe('AMOUNT_CONTRADICTION');
  });

  it('when a credit event is sent to a transaction, then WRONG_STREAM; a malformed event is INVALID_EVENT with paths', () => {
    given([]).when(exampleEvent('PenaltyImposed')).thenRejects('WRONG_STREAM');
    const decision = given([]).when(
      example('AnnouncementPublished', 'engineering', { data: { bidDeadline: 'soon' } }),
    );
    expect(rejectionCode(decision)).toBe('INVALID_EVENT');
    if (!decision.ok)
      expect(decision.rejection.details).toEqual({
        issues: [expect.objectContaining({ path: 'data.bidDeadline' })],
      });
  });
});

describe('transaction decider: statutory timing gives findings, never rejections', () => {
  it('candidates publicity of 2 days is accepted with PERIOD_TOO_SHORT citing 实施条例 第五十四条', () => {
    const decision = given(lifecycleUntil('CandidatesPublicized')).when(
      example('CandidatesPublicized', 'engineering', { data: { publicityEnd: '2026-03-29T17:00:00+08:00' } }),
    );
    expect(decision.ok).toBe(true);
    if (decision.ok) {
      expect(decision.findings.map((f) => [f.code, f.ruleId])).toContainEqual([
        'PERIOD_TOO_SHORT',
        'engineering.candidates.publicity-min-3d',
      ]);
      const finding = decision.findings.find((f) => f.ruleId === 'engineering.candidates.publicity-min-3d')!;
      expect(finding.sourceText).toContain('第五十四条');
      expect(finding.origin).toBe('statute');
    }
  });

  it('a Jinjiang mining announcement 10 days before the auction is accepted with the catalogue’s 20-working-day finding', () => {
    const decision = given([]).when(
      example('AnnouncementPublished', 'mining', {
        data: { tradingStart: '2026-03-12T09:30:00+08:00' },
        metadata: { regionCode: '350582' },
      }),
    );
    expect(decision.ok).toBe(true);
    if (decision.ok) {
      expect(decision.findings).toContainEqual(
        expect.objectContaining({ code: 'PERIOD_TOO_SHORT', origin: 'catalogue', catalogueId: 'jinjiang' }),
      );
      expect(decision.timing.catalogueId).toBe('jinjiang');
    }
  });

  it('a contract 40 days after the award notice is accepted with DEADLINE_MISSED (招标投标法 第四十六条)', () => {
    const decision = given(lifecycleUntil('ContractSigned')).when(
      example('ContractSigned', 'engineering', {
        data: { signedAt: '2026-05-10T10:00:00+08:00' },
        metadata: { occurredAt: '2026-05-10T10:00:00+08:00', publishedAt: '2026-05-11T10:00:00+08:00' },
      }),
    );
    expect(decision.ok).toBe(true);
    if (decision.ok) {
      const finding = decision.findings.find(
        (f) => f.ruleId === 'engineering.contract.sign-within-30d-of-award-notice',
      );
      expect(finding).toMatchObject({ code: 'DEADLINE_MISSED', lateByCalendarDays: expect.any(Number) });
    }
  });

  it('an award published two months late is accepted with LATE_DISCLOSURE in working days', () => {
    const decision = given(lifecycleUntil('AwardPublished')).when(
      example('AwardPublished', 'engineering', { metadata: { publishedAt: '2026-05-29T10:00:00+08:00' } }),
    );
    expect(decision.ok).toBe(true);
    if (decision.ok) {
      const late = decision.findings.filter((f) => f.code === 'LATE_DISCLOSURE');
      expect(late.length).toBeGreaterThan(0);
      expect(late[0]).toMatchObject({ lateByWorkingDays: expect.any(Number) });
      expect((late[0] as { lateByWorkingDays: number }).lateByWorkingDays).toBeGreaterThan(0);
    }
  });
});
