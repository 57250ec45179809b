import { CATALOGUE_DOMAINS } from '../catalogues';
import {
  CORRECTED_LIFECYCLE_ORDER,
  type DomainEvent,
  EXAMPLE_PARTIES,
  exampleEvent,
  parseDomainEvent,
} from '../events';
import { statutoryCalendar } from '../calendar';
import { PERIOD_CURED } from './period-cures';
import { reevaluateFindings } from './reevaluation';
import { example, given } from './testing/scenario';
import { decide } from './transaction-decider';
import { evolve, initialTransactionState, type TransactionState } from './transaction-state';

/** The stages up to, not including, `stop`, in the example lifecycle without corrections. */
const ORDER = [
  'AnnouncementPublished',
  'QualificationResultPublished',
  'CandidatesPublicized',
  'AwardPublished',
  'ContractSigned',
] as const;
const until = (stop: (typeof ORDER)[number] | 'end') =>
  ORDER.slice(0, stop === 'end' ? ORDER.length : ORDER.indexOf(stop)).map((type) => exampleEvent(type));

/** Accept each event in turn (failing on a refusal), answering the state and what was stored. */
function run(events: DomainEvent[]): { state: TransactionState; stored: DomainEvent[] } {
  let state = initialTransactionState();
  const stored: DomainEvent[] = [];
  for (const event of events) {
    const decision = decide({ type: 'PublishDisclosure', event }, state);
    if (!decision.ok)
      throw new Error(`${event.type}: ${decision.rejection.code} ${decision.rejection.message}`);
    stored.push(...decision.events);
    state = decision.events.reduce(evolve, state);
  }
  return { state, stored };
}

const findingsOf = (event: DomainEvent) =>
  (event.metadata.findings ?? []) as Array<{ code: string; ruleId: string; curedEventId?: string }>;

describe('corrections of later stages: the example lifecycle with every stage corrected', () => {
  it.each(CATALOGUE_DOMAINS.map((d) => [d]))(
    '%s: every stage and its correction is accepted, on time',
    (domain) => {
      const { stored, state } = run(CORRECTED_LIFECYCLE_ORDER.map((type) => exampleEvent(type, domain)));
      expect(stored.flatMap((e) => findingsOf(e))).toEqual([]);
      expect(state.status).toBe('contracted');
    },
  );
});

describe('corrections of later stages: attacks', () => {
  it('another organisation cannot correct a stage of a transaction it does not own (NOT_OWNER)', () => {
    const stranger = { name: '南通某咨询有限公司', creditCode: '91320602MA1X5Y2L1J' };
    for (const type of ['CandidatesCorrected', 'AwardCorrected', 'ContractCorrected'] as const) {
      given(until('end'))
        .when(example(type, 'engineering', { metadata: { publisher: stranger } }))
        .thenRejects('NOT_OWNER');
    }
  });

  it('a trading centre acting for another implementer cannot correct it either', () => {
    const other = { name: '南通某咨询有限公司', creditCode: '91320602MA1X5Y2L1J' };
    given(until('end'))
      .when(
        example('AwardCorrected', 'engineering', {
          metadata: {
            publisher: EXAMPLE_PARTIES.tradingCentre,
            publisherRole: 'trading_centre',
            onBehalfOf: other,
          },
        }),
      )
      .thenRejects('NOT_OWNER');
  });

  it('a correction of a stage this round never published is STAGE_NOT_PUBLISHED', () => {
    given(until('QualificationResultPublished'))
      .when(exampleEvent('QualificationResultCorrected'))
      .thenRejects('STAGE_NOT_PUBLISHED');
    given(until('CandidatesPublicized'))
      .when(exampleEvent('CandidatesCorrected'))
      .thenRejects('STAGE_NOT_PUBLISHED');
    given(until('AwardPublished')).when(exampleEvent('AwardCorrected')).thenRejects('STAGE_NOT_PUBLISHED');
    given(until('ContractSigned')).when(exampleEvent('ContractCorrected')).thenRejects('STAGE_NOT_PUBLISHED');
  });

  it('before anything was announced, a correction is out of order; after a termination it is refused', () => {
    given([]).when(exampleEvent('AwardCorrected')).thenRejects('STAGE_OUT_OF_ORDER');
    given([...until('AwardPublished'), exampleEvent('TransactionTerminated')])
      .when(exampleEvent('CandidatesCorrected'))
      .thenRejects('TRANSACTION_TERMINATED');
  });

  it('a new round forgets the stages of the last: correcting its candidates is STAGE_NOT_PUBLISHED', () => {
    given([
      ...until('AwardPublished'),
      exampleEvent('TransactionTerminated'),
      exampleEvent('AnnouncementPublished'),
    ])
      .when(exampleEvent('CandidatesCorrected'))
      .thenRejects('STAGE_NOT_PUBLISHED');
  });

  it('a correction cannot change the winner or the contract party (CORRECTION_CHANGES_PARTY)', () => {
    const award = exampleEvent('AwardCorrected');
    const restated = (award.data as { restated: Record<string, unknown> }).restated;
    given(until('ContractSigned'))
      .when(
        example('AwardCorrected', 'engineering', {
          data: { restated: { ...restated, winBidder: EXAMPLE_PARTIES.runnerUp } },
        }),
      )
      .thenRejects('CORRECTION_CHANGES_PARTY');
    const contract = exampleEvent('ContractCorrected');
    const signed = (contract.data as { restated: Record<string, unknown> }).restated;
    given(until('end'))
      .when(
        example('ContractCorrected', 'engineering', {
          data: { restated: { ...signed, winBidder: EXAMPLE_PARTIES.runnerUp } },
        }),
      )
      .thenRejects('CORRECTION_CHANGES_PARTY');
  });

  it('the restated stage is held to the stage rules: an award amount off the winning bid is AMOUNT_CONTRADICTION', () => {
    const award = exampleEvent('AwardCorrected');
    const restated = (award.data as { restated: Record<string, unknown> }).restated;
    given(until('ContractSigned'))
      .when(
        example('AwardCorrected', 'engineering', { data: { restated: { ...restated, bidAmount: '1.00' } } }),
      )
      .thenRejects('AMOUNT_CONTRADICTION');
  });

  it('a corrected qualification result cannot reject a publicized candidate', () => {
    const event = exampleEvent('QualificationResultCorrected');
    const restated = (event.data as { restated: { rejected: object[] } }).restated;
    given(until('AwardPublished'))
      .when(
        example('QualificationResultCorrected', 'engineering', {
          data: {
            restated: {
              ...restated,
              rejected: [...restated.rejected, { ...EXAMPLE_PARTIES.winner, reason: '业绩不符' }],
            },
          },
        }),
      )
      .thenRejects('CANDIDATE_NOT_QUALIFIED');
  });

  it('a correction dated before the fact it corrects is DATE_CONTRADICTION', () => {
    given(until('end'))
      .when(
        example('ContractCorrected', 'engineering', { data: { correctedAt: '2026-04-19T10:00:00+08:00' } }),
      )
      .thenRejects('DATE_CONTRADICTION');
  });

  it('unknown fields in a correction (or in its restated stage) and an oversized change list are schema issues', () => {
    const event = exampleEvent('AwardCorrected');
    const data = event.data as { restated: Record<string, unknown> };
    const typo = parseDomainEvent({
      ...event,
      data: { ...data, restated: { ...data.restated, winnerName: 'x' } },
    });
    expect(typo.success ? [] : typo.issues.map((i) => i.path)).toEqual(['data.restated.winnerName']);
    const extra = parseDomainEvent({ ...event, data: { ...data, correctedBy: 'x' } });
    expect(extra.success ? [] : extra.issues.map((i) => i.path)).toEqual(['data.correctedBy']);
    const many = Array.from({ length: 201 }, (_, i) => ({ field: `f${i}`, after: 'x' }));
    const capped = parseDomainEvent({ ...event, data: { ...data, corrections: many } });
    expect(capped.success).toBe(false);
    const bare = parseDomainEvent({ ...event, data: { ...data, restated: undefined } });
    expect(bare.success ? [] : bare.issues.map((i) => i.path)).toEqual(['data.restated']);
  });

  it('a correction must flag what the stage flagged as a commercial secret (CONFIDENTIAL_FIELD_EXPOSED)', () => {
    const secret = example('CandidatesPublicized', 'engineering', {
      metadata: { confidentialFields: ['candidates.1.bidPrice'] },
    });
    const history = [...until('CandidatesPublicized'), secret];
    const rejection = given(history)
      .when(exampleEvent('CandidatesCorrected'))
      .thenRejects('CONFIDENTIAL_FIELD_EXPOSED');
    expect(rejection.details).toMatchObject({ missing: ['candidates.1.bidPrice'] });
    // Flagged in the stage's terms or under the restatement: accepted, and hidden from the public.
    for (const flag of ['candidates.1.bidPrice', 'restated.candidates.1.bidPrice']) {
      given(history)
        .when(example('CandidatesCorrected', 'engineering', { metadata: { confidentialFields: [flag] } }))
        .then();
    }
  });

  it('a correction is published by a role that may publish the stage (谁制作谁公开)', () => {
    // The national catalogue lets the implementer or the trading centre publish a stage, not an approver.
    given(until('end'))
      .when(example('ContractCorrected', 'engineering', { metadata: { publisherRole: 'approver' } }))
      .thenRejects('PUBLISHER_ROLE_NOT_ALLOWED');
  });
});

describe('corrections of later stages: the corrected stage is what later stages are checked against', () => {
  it('a corrected candidates list is what the award is checked against', () => {
    const { state } = run([
      ...until('AwardPublished'),
      example('CandidatesCorrected', 'engineering', {
        data: {
          restated: {
            ...(exampleEvent('CandidatesCorrected').data as { restated: { candidates: object[] } }).restated,
          },
        },
      }),
    ]);
    expect(state.candidates?.parties.map((p) => p.key)).toContain(EXAMPLE_PARTIES.winner.creditCode);
  });
});

describe('a correction that extends a period cures the PERIOD_TOO_SHORT found earlier', () => {
  const shortBids = example('AnnouncementPublished', 'engineering', {
    data: { bidDeadline: '2026-03-20T09:30:00+08:00' },
  });
  const BID_RULE = 'engineering.tender.documents-to-bid-deadline-min-20d';

  it('the bid deadline: raised on the announcement, cured by the correction that moves it', () => {
    const moved = example('AnnouncementCorrected', 'engineering', {
      data: { bidDeadline: '2026-03-25T09:30:00+08:00', affectsPreparation: true },
    });
    const { stored, state } = run([shortBids, moved]);
    expect(findingsOf(stored[0]!).map((f) => [f.code, f.ruleId])).toContainEqual([
      'PERIOD_TOO_SHORT',
      BID_RULE,
    ]);
    const cures = findingsOf(stored[1]!).filter((f) => f.code === PERIOD_CURED);
    expect(cures).toEqual([
      expect.objectContaining({
        ruleId: BID_RULE,
        curedEventId: shortBids.id,
        curedEventType: 'AnnouncementPublished',
      }),
    ]);
    expect(state.shortPeriods ?? []).toEqual([]);
  });

  it('a correction that does not reach the minimum cures nothing, and a later one that does cures it then', () => {
    const notEnough = example('AnnouncementCorrected', 'engineering', {
      data: { bidDeadline: '2026-03-21T09:30:00+08:00' },
    });
    const enough = {
      ...example('AnnouncementCorrected', 'engineering', {
        data: { bidDeadline: '2026-03-26T09:30:00+08:00' },
      }),
      id: '00000000-0000-4000-8000-00000000c0de',
    } as DomainEvent;
    const { stored } = run([shortBids, notEnough, enough]);
    expect(findingsOf(stored[1]!).filter((f) => f.code === PERIOD_CURED)).toEqual([]);
    // Still short, already held open by the announcement's finding: not raised a second time.
    expect(findingsOf(stored[1]!).filter((f) => f.ruleId === BID_RULE)).toEqual([]);
    expect(
      findingsOf(stored[2]!)
        .filter((f) => f.code === PERIOD_CURED)
        .map((f) => f.curedEventId),
    ).toEqual([shortBids.id]);
  });

  it('a correction that shortens a period that was long enough is a finding of its own', () => {
    const shortened = example('AnnouncementCorrected', 'engineering', {
      data: { bidDeadline: '2026-03-20T09:30:00+08:00' },
    });
    const { stored } = run([exampleEvent('AnnouncementPublished'), shortened]);
    expect(findingsOf(stored[1]!)).toContainEqual(
      expect.objectContaining({ code: 'PERIOD_TOO_SHORT', ruleId: BID_RULE, stage: 'AnnouncementPublished' }),
    );
  });

  it('the candidates publicity: a correction extending its end to 3 days cures it (实施条例 第五十四条)', () => {
    const candidates = exampleEvent('CandidatesPublicized');
    const shortPublicity = {
      ...candidates,
      data: { ...candidates.data, publicityEnd: '2026-03-28T17:00:00+08:00' },
    } as DomainEvent;
    const correction = exampleEvent('CandidatesCorrected');
    const restated = (correction.data as { restated: Record<string, unknown> }).restated;
    const extended = {
      ...correction,
      data: { ...correction.data, restated: { ...restated, publicityEnd: '2026-03-30T17:00:00+08:00' } },
    } as DomainEvent;
    const { stored, state } = run([...until('CandidatesPublicized'), shortPublicity, extended]);
    const raised = findingsOf(stored[2]!).find((f) => f.code === 'PERIOD_TOO_SHORT');
    expect(raised?.ruleId).toBe('engineering.candidates.publicity-min-3d');
    expect(findingsOf(stored[3]!).filter((f) => f.code === PERIOD_CURED)).toEqual([
      expect.objectContaining({ ruleId: raised!.ruleId, curedEventId: shortPublicity.id }),
    ]);
    expect(state.candidates?.publicityEnd).toBe('2026-03-30T17:00:00+08:00');
  });

  it("a late correction's own 15-day finding is cured by a later correction that postpones the bid deadline", () => {
    const late = example('AnnouncementCorrected', 'engineering', {
      data: { correctedAt: '2026-03-15T10:00:00+08:00', affectsPreparation: true },
      metadata: { occurredAt: '2026-03-15T10:00:00+08:00', publishedAt: '2026-03-16T10:00:00+08:00' },
    });
    const postponed = {
      ...example('AnnouncementCorrected', 'engineering', {
        data: { correctedAt: '2026-03-16T10:00:00+08:00', bidDeadline: '2026-04-01T09:30:00+08:00' },
        metadata: { occurredAt: '2026-03-16T10:00:00+08:00', publishedAt: '2026-03-16T11:00:00+08:00' },
      }),
      id: '00000000-0000-4000-8000-00000000beef',
    } as DomainEvent;
    const { stored } = run([exampleEvent('AnnouncementPublished'), late, postponed]);
    expect(findingsOf(stored[1]!).map((f) => f.ruleId)).toContain(
      'engineering.correction.before-bid-deadline-min-15d',
    );
    expect(findingsOf(stored[2]!).filter((f) => f.code === PERIOD_CURED)).toEqual([
      expect.objectContaining({
        ruleId: 'engineering.correction.before-bid-deadline-min-15d',
        curedEventId: late.id,
      }),
    ]);
  });

  it('re-evaluating a correction on a new calendar leaves its cures and stage findings alone', () => {
    const moved = example('AnnouncementCorrected', 'engineering', {
      data: { bidDeadline: '2026-03-25T09:30:00+08:00' },
    });
    const { stored } = run([shortBids, moved]);
    const findings = JSON.parse(JSON.stringify(stored[1]!.metadata.findings)) as unknown[];
    expect(findings.length).toBeGreaterThan(0);
    expect(reevaluateFindings(moved, [stored[0]!], findings, statutoryCalendar)).toEqual([]);
  });

  it('the state folded from the stored events equals the state the decider kept (rebuild gives the same)', () => {
    const moved = example('AnnouncementCorrected', 'engineering', {
      data: { bidDeadline: '2026-03-25T09:30:00+08:00' },
    });
    const { stored, state } = run([shortBids, moved]);
    expect(stored.reduce(evolve, initialTransactionState())).toEqual(state);
  });
});
