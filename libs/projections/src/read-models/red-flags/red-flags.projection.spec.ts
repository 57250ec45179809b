import { EXAMPLE_PARTIES as P, type DomainEvent } from '@gongkai/domain';
import { example, project, recorded, temporaryReadModels } from '../testing/read-model-fixtures';
import type { ReadModelHandle } from '../shared/read-model-handle';
import { redFlagsProjection } from './red-flags.projection';
import { countRedFlagsByCode, listRedFlags } from './red-flags.queries';

const codes = (handle: ReadModelHandle, filter: Parameters<typeof listRedFlags>[1] = {}) =>
  listRedFlags(handle, filter)
    .items.map((f) => f.code)
    .sort();

const candidate = (party: { name: string; creditCode: string }, rank: number, bidPrice: string) => ({
  rank,
  name: party.name,
  creditCode: party.creditCode,
  bidPrice,
  evaluationScore: '90.00',
  durationDays: 200,
  projectManager: { name: '张三', certificateNumber: '苏1322020000' },
  declaredQualifications: ['市政公用工程施工总承包一级'],
});

describe('red-flags read model', () => {
  let temp: ReturnType<typeof temporaryReadModels>;
  let handle: ReadModelHandle;
  beforeEach(() => (temp = temporaryReadModels()));
  afterEach(() => temp.dispose());

  const run = (events: DomainEvent[]) => {
    handle = project(temp.readModels, redFlagsProjection, recorded(events));
    return handle;
  };

  it('the example lifecycle raises nothing', () => {
    run([
      example('AnnouncementPublished'),
      example('QualificationResultPublished'),
      example('CandidatesPublicized'),
      example('AwardPublished'),
      example('ContractSigned'),
      example('ContractChanged'),
    ]);
    expect(codes(handle)).toEqual([]);
  });

  it('R003: a bid period under 20 days, withdrawn when a correction extends it', () => {
    run([
      example('AnnouncementPublished', 'engineering', { data: { bidDeadline: '2026-03-15T09:30:00+08:00' } }),
    ]);
    const [flag] = listRedFlags(handle).items;
    expect(flag).toMatchObject({
      code: 'R003',
      cardinal: true,
      transactionId: '3206022026A000127001',
      regionCode: '320602',
      evidence: { days: 12.02, minimumDays: 20 },
    });
    expect(flag!.rule).toContain('招标投标法 第二十四条');
    redFlagsProjection.apply(
      handle.db,
      handle.tables,
      recorded(
        [
          example('AnnouncementCorrected', 'engineering', {
            data: { bidDeadline: '2026-03-25T09:30:00+08:00' },
          }),
        ],
        2,
      )[0]!,
    );
    expect(codes(handle)).toEqual([]);
  });

  it('R018 and R028 are judged again on a corrected candidates publicity: what it no longer shows is withdrawn', () => {
    run([
      example('AnnouncementPublished'),
      example('CandidatesPublicized', 'engineering', {
        data: {
          candidates: [candidate(P.winner, 1, '2650000.00'), candidate(P.runnerUp, 2, '2650000.00')],
        },
      }),
    ]);
    expect(codes(handle)).toEqual(['R028']);
    const correction = example('CandidatesCorrected');
    const restated = (correction.data as { restated: Record<string, unknown> }).restated;
    redFlagsProjection.apply(
      handle.db,
      handle.tables,
      recorded(
        [
          example('AnnouncementPublished'),
          example('CandidatesPublicized'),
          {
            ...correction,
            data: {
              ...correction.data,
              restated: {
                ...restated,
                candidates: [candidate(P.winner, 1, '2650000.00'), candidate(P.runnerUp, 2, '2680000.00')],
              },
            },
          } as typeof correction,
        ],
        2,
      )[2]!,
    );
    expect(codes(handle)).toEqual([]);
  });

  it('R018, R038, R035: one applicant passes out of three and wins', () => {
    run([
      example('AnnouncementPublished'),
      example('QualificationResultPublished', 'engineering', {
        data: {
          passed: [P.winner],
          rejected: [
            { ...P.runnerUp, reason: '资质不符' },
            { ...P.third, reason: '业绩不符' },
          ],
        },
      }),
      example('CandidatesPublicized', 'engineering', {
        data: { candidates: [candidate(P.winner, 1, '2650000.00')] },
      }),
      example('AwardPublished'),
    ]);
    expect(codes(handle)).toEqual(['R018', 'R035', 'R038']);
    expect(countRedFlagsByCode(handle)).toContainEqual({ code: 'R018', count: 1 });
    expect(listRedFlags(handle, { code: 'R038' }).items[0]!.evidence).toMatchObject({
      rejected: 2,
      applicants: 3,
    });
  });

  it('R028 identical prices and R036 the lowest bid passed over', () => {
    run([
      example('AnnouncementPublished'),
      example('CandidatesPublicized', 'engineering', {
        data: {
          candidates: [
            candidate(P.winner, 1, '2650000.00'),
            candidate(P.runnerUp, 2, '2650000.00'),
            candidate(P.third, 3, '2600000.00'),
          ],
        },
      }),
      example('AwardPublished'),
    ]);
    expect(codes(handle)).toEqual(['R028', 'R036']);
    const r036 = listRedFlags(handle, { code: 'R036' }).items[0]!;
    expect(r036.evidence).toMatchObject({
      lowest: { creditCode: P.third.creditCode, bidPrice: '2600000.00' },
    });
  });

  it('R036 is not raised in a land sale, where the highest bid wins', () => {
    const bid = (party: { name: string; creditCode: string }, rank: number, bidPrice: string) => ({
      rank,
      name: party.name,
      creditCode: party.creditCode,
      bidPrice,
    });
    run([
      example('AnnouncementPublished', 'land'),
      example('CandidatesPublicized', 'land', {
        data: { candidates: [bid(P.winner, 1, '3000000'), bid(P.runnerUp, 2, '2900000')] },
      }),
      example('AwardPublished', 'land'),
    ]);
    expect(codes(handle)).toEqual([]);
  });

  it('a price at the budget, an award to a penalised winner, a contract changed by more than 10%', () => {
    run([
      {
        ...example('PenaltyImposed'),
        data: { ...example('PenaltyImposed').data, subject: P.winner, decidedOn: '2025-06-01' },
      } as DomainEvent,
      example('AnnouncementPublished', 'procurement', { data: { budgetAmount: '2650000.00' } }),
      example('AwardPublished', 'procurement'),
      example('ContractSigned', 'procurement'),
      example('ContractChanged', 'procurement', {
        data: { changeKind: 'variation', newContractAmount: '3000000.00' },
      }),
    ]);
    expect(codes(handle)).toEqual([
      'GK_AWARD_TO_PENALIZED',
      'GK_CONTRACT_AMOUNT_CHANGED',
      'GK_PRICE_AT_CEILING',
    ]);
    const [penalised] = listRedFlags(handle, { code: 'GK_AWARD_TO_PENALIZED' }).items;
    expect(penalised!.evidence).toMatchObject({ penalties: [{ decidedOn: '2025-06-01' }] });
    expect(listRedFlags(handle, { code: 'GK_CONTRACT_AMOUNT_CHANGED' }).items[0]!.evidence).toMatchObject({
      before: '2650000.00',
      after: '3000000.00',
    });
  });

  it('one supplier winning most of a buyer’s awards, withdrawn when the share falls', () => {
    const award = (code: string, winner: { name: string; creditCode: string } = P.winner) => [
      example('AnnouncementPublished', 'engineering', { data: { tenderProjectCode: code } }),
      example('AwardPublished', 'engineering', { data: { tenderProjectCode: code, winBidder: winner } }),
    ];
    const apply = (events: DomainEvent[], from: number) => {
      for (const event of recorded(events, from)) redFlagsProjection.apply(handle.db, handle.tables, event);
    };
    run([...award('3206022026A000000001'), ...award('3206022026A000000002')]);
    expect(codes(handle)).toEqual([]);
    apply(award('3206022026A000000003'), 10);
    expect(codes(handle)).toEqual(['GK_DOMINANT_SUPPLIER']);
    const flag = listRedFlags(handle).items[0]!;
    expect(flag.subject).toBe(`${P.tenderer.creditCode}:${P.winner.creditCode}`);
    expect(flag.evidence).toMatchObject({
      awardsWon: 3,
      buyerAwards: 3,
      buyer: { creditCode: P.tenderer.creditCode },
    });
    apply([...award('3206022026A000000004', P.runnerUp), ...award('3206022026A000000005', P.third)], 20);
    // 3 of 5 is still more than half; a sixth award to another supplier brings it to one half.
    expect(codes(handle)).toEqual(['GK_DOMINANT_SUPPLIER']);
    apply(award('3206022026A000000006', P.runnerUp), 30);
    expect(codes(handle)).toEqual([]);
  });

  it('a round’s award published again for another supplier moves the count, not adds to it', () => {
    const announce = (code: string) =>
      example('AnnouncementPublished', 'engineering', { data: { tenderProjectCode: code } });
    const award = (code: string, winner: { name: string; creditCode: string } = P.winner) =>
      example('AwardPublished', 'engineering', { data: { tenderProjectCode: code, winBidder: winner } });
    const codesOf = ['3206022026A000000011', '3206022026A000000012', '3206022026A000000013'];
    run([...codesOf.flatMap((code) => [announce(code), award(code)])]);
    expect(listRedFlags(handle).items[0]!.evidence).toMatchObject({ awardsWon: 3, buyerAwards: 3 });
    const apply = (events: DomainEvent[], from: number) => {
      for (const event of recorded(events, from)) redFlagsProjection.apply(handle.db, handle.tables, event);
    };
    apply([award(codesOf[2]!, P.runnerUp)], 20);
    expect(listRedFlags(handle).items[0]!.evidence).toMatchObject({ awardsWon: 2, buyerAwards: 3 });
    apply([award(codesOf[1]!, P.third)], 30);
    expect(codes(handle)).toEqual([]);
  });

  it('scopes to regions and never stops on an event it cannot read', () => {
    run([
      example('AnnouncementPublished', 'engineering', { data: { bidDeadline: '2026-03-15T09:30:00+08:00' } }),
    ]);
    const broken = { ...recorded([example('AwardPublished')], 5)[0]!, data: { nonsense: true } };
    expect(() => redFlagsProjection.apply(handle.db, handle.tables, broken)).not.toThrow();
    expect(listRedFlags(handle, { withinRegions: ['320500'] }).total).toBe(0);
    expect(listRedFlags(handle, { withinRegions: ['320600'] }).total).toBe(1);
    expect(listRedFlags(handle, { transactionId: 'other' }).total).toBe(0);
  });
});
