import {
  decide,
  EXAMPLE_PARTIES,
  evolve,
  initialTransactionState,
  PERIOD_CURED,
  type DomainEvent,
} from '@gongkai/domain';
import {
  example,
  findingsAfter,
  project,
  recorded,
  temporaryReadModels,
} from '../testing/read-model-fixtures';
import type { ReadModelHandle } from '../shared/read-model-handle';
import { InvalidCursor, SCAN_WINDOW } from '../shared/keyset';
import { OPEN_ITEM_DAYS } from './open-items';
import { supervisionFindingsProjection } from './supervision-findings.projection';
import {
  countFindingsBy,
  listFindings,
  listOpenItemsPastDue,
  periodFindingCounts,
} from './supervision-findings.queries';

/** Events as the service stores them: each decided on the state its predecessors (findings included) left. */
function decided(events: DomainEvent[]): Array<{ event: DomainEvent; findings: unknown[] }> {
  let state = initialTransactionState();
  return events.map((event) => {
    const decision = decide({ type: 'PublishDisclosure', event }, state);
    if (!decision.ok) throw new Error(`${event.type}: ${decision.rejection.code}`);
    state = decision.events.reduce(evolve, state);
    return { event, findings: decision.findings.map((f) => ({ ...f })) };
  });
}

/** An engineering transaction whose candidates were publicised late and for too short a period. */
function lateEngineering(): Array<{ event: DomainEvent; findings: unknown[] }> {
  const history = [example('AnnouncementPublished'), example('QualificationResultPublished')];
  const late = example('CandidatesPublicized', 'engineering', {
    data: { publicityStart: '2026-04-07T09:00:00+08:00', publicityEnd: '2026-04-08T17:00:00+08:00' },
    metadata: { publishedAt: '2026-04-07T09:00:00+08:00' },
  });
  return [...history, late].map((event, i, all) => ({
    event,
    findings: findingsAfter(all.slice(0, i), event),
  }));
}

describe('supervision-findings read model', () => {
  let temp: ReturnType<typeof temporaryReadModels>;
  let handle: ReadModelHandle;

  beforeEach(() => {
    temp = temporaryReadModels();
  });

  afterEach(() => temp.dispose());

  describe('a PERIOD_TOO_SHORT cured by a correction', () => {
    const shortBids = example('AnnouncementPublished', 'engineering', {
      data: { bidDeadline: '2026-03-20T09:30:00+08:00' },
    });
    const moved = example('AnnouncementCorrected', 'engineering', {
      data: { bidDeadline: '2026-03-25T09:30:00+08:00' },
    });

    beforeEach(() => {
      handle = project(temp.readModels, supervisionFindingsProjection, recorded(decided([shortBids, moved])));
    });

    it('keeps the finding as raised, with the correction that cured it and when', () => {
      const all = listFindings(handle);
      // The cure is not a finding of its own.
      expect(all.items.map((f) => f.code)).toEqual(['PERIOD_TOO_SHORT']);
      expect(all.items[0]).toMatchObject({
        eventId: shortBids.id,
        eventType: 'AnnouncementPublished',
        ruleId: 'engineering.tender.documents-to-bid-deadline-min-20d',
        cure: {
          eventId: moved.id,
          eventType: 'AnnouncementCorrected',
          curedAt: new Date(Date.parse(moved.metadata.publishedAt)).toISOString(),
          position: 2,
        },
      });
      expect(listFindings(handle, { cured: true }).items).toHaveLength(1);
      expect(listFindings(handle, { cured: false }).items).toHaveLength(0);
      expect(countFindingsBy(handle, 'code', { cured: false })).toEqual([]);
    });

    it('counts the cured apart from those standing', () => {
      expect(periodFindingCounts(handle)).toEqual({ periodTooShort: 1, cured: 1, standing: 0 });
      const uncured = temporaryReadModels();
      try {
        const only = project(
          uncured.readModels,
          supervisionFindingsProjection,
          recorded(decided([shortBids])),
        );
        expect(periodFindingCounts(only)).toEqual({ periodTooShort: 1, cured: 0, standing: 1 });
        expect(listFindings(only).items[0]).not.toHaveProperty('cure');
      } finally {
        uncured.dispose();
      }
    });

    it('stores the cure with the correction, naming the finding it cures', () => {
      const [, correction] = decided([shortBids, moved]);
      expect(correction!.findings).toContainEqual(
        expect.objectContaining({ code: PERIOD_CURED, curedEventId: shortBids.id }),
      );
    });
  });

  describe('findings', () => {
    beforeEach(() => {
      const procurementLate = example('AnnouncementPublished', 'procurement', {
        metadata: {
          regionCode: '320506',
          publisher: EXAMPLE_PARTIES.runnerUp,
          publishedAt: '2026-05-04T09:00:00+08:00',
        },
      });
      handle = project(temp.readModels, supervisionFindingsProjection, [
        ...recorded(lateEngineering()),
        // Findings are read from the metadata as stored; malformed elements are skipped, not fatal.
        ...recorded(
          [
            {
              event: procurementLate,
              findings: [
                { code: 'DEADLINE_MISSED', ruleId: 'procurement.hand-written', lateByCalendarDays: 'two' },
                { ruleId: 'no-code' },
                'not an object',
              ],
            },
          ],
          4,
        ),
      ]);
    });

    it('records each stored finding with its region, domain, publisher and rule', () => {
      const all = listFindings(handle);
      expect(all.total).toBe(3);
      expect(all.items.map((f) => f.code)).toEqual([
        'LATE_DISCLOSURE',
        'PERIOD_TOO_SHORT',
        'DEADLINE_MISSED',
      ]);
      expect(all.items[0]).toMatchObject({
        eventType: 'CandidatesPublicized',
        transactionId: '3206022026A000127001',
        domain: 'engineering',
        regionCode: '320602',
        publisher: { creditCode: EXAMPLE_PARTIES.tenderer.creditCode },
        ruleId: 'engineering.candidates.publish-within-3d',
        origin: 'statute',
        due: '2026-03-30',
        actual: '2026-04-07',
        lateByWorkingDays: 5,
        lateByCalendarDays: 8,
        sourceText: '招标投标法实施条例 第五十四条',
        publishedAt: '2026-04-07T01:00:00.000Z',
      });
      expect(all.items[0]!.message?.zh).toContain('逾期');
      // A field of the wrong type is dropped, the finding kept.
      expect(all.items[2]).not.toHaveProperty('lateByCalendarDays');
    });

    it('answers the GET /v1/findings filters', () => {
      const codes = (filter: Parameters<typeof listFindings>[1]) =>
        listFindings(handle, filter).items.map((f) => f.ruleId);
      expect(codes({ region: '320600' })).toHaveLength(2);
      expect(codes({ region: '320500' })).toEqual(['procurement.hand-written']);
      expect(codes({ domain: 'procurement' })).toEqual(['procurement.hand-written']);
      expect(codes({ publisher: EXAMPLE_PARTIES.runnerUp.creditCode })).toEqual(['procurement.hand-written']);
      expect(
        codes({ publisher: EXAMPLE_PARTIES.tenderer.name, rule: 'engineering.candidates.publicity-min-3d' }),
      ).toEqual(['engineering.candidates.publicity-min-3d']);
      expect(codes({ from: '2026-05-01T00:00:00+08:00' })).toEqual(['procurement.hand-written']);
      expect(codes({ to: '2026-04-07T09:00:00+08:00' })).toEqual([]);
      expect(codes({ to: '2026-04-07T09:00:01+08:00' })).toHaveLength(2);
      const first = listFindings(handle, { limit: 1 });
      expect(first).toMatchObject({ total: 3, totalCapped: false });
      expect(listFindings(handle, { limit: 1, cursor: first.nextCursor! }).items.map((f) => f.code)).toEqual([
        'PERIOD_TOO_SHORT',
      ]);
      expect(() => listFindings(handle, { cursor: 'WyJhIiwiYiJd' })).toThrow(InvalidCursor);
    });

    it('counts findings by rule, region or publisher', () => {
      expect(countFindingsBy(handle, 'region')).toEqual([
        { key: '320602', count: 2 },
        { key: '320506', count: 1 },
      ]);
      expect(countFindingsBy(handle, 'code', { domain: 'engineering' })).toEqual([
        { key: 'LATE_DISCLOSURE', count: 1 },
        { key: 'PERIOD_TOO_SHORT', count: 1 },
      ]);
    });
  });

  it('keeps a finding computed on a provisional year marked as such, with the rule it relied on', () => {
    const history = [example('AnnouncementPublished'), example('QualificationResultPublished')];
    const late = example('CandidatesPublicized', 'engineering', {
      data: {
        evaluationReportReceived: '2026-12-30T10:00:00+08:00',
        publicityStart: '2027-01-08T09:00:00+08:00',
        publicityEnd: '2027-01-12T17:00:00+08:00',
      },
      metadata: { occurredAt: '2026-12-30T10:00:00+08:00', publishedAt: '2027-01-08T09:00:00+08:00' },
    });
    handle = project(
      temp.readModels,
      supervisionFindingsProjection,
      recorded(
        [...history, late].map((event, i, all) => ({
          event,
          findings: findingsAfter(all.slice(0, i), event),
        })),
      ),
    );
    const [finding] = listFindings(handle, { rule: 'engineering.candidates.publish-within-3d' }).items;
    expect(finding).toMatchObject({
      code: 'LATE_DISCLOSURE',
      due: '2027-01-04',
      provisional: true,
      provisionalYears: [2027],
      provisionalSource: '全国年节及纪念日放假办法（2024年修订） 第二条、第六条',
    });
  });

  describe('open items past due (missing stages)', () => {
    const stages = {
      announcement: () => example('AnnouncementPublished'),
      candidates: () => example('CandidatesPublicized'),
      award: () => example('AwardPublished'),
      contract: () => example('ContractSigned'),
      terminated: () => example('TransactionTerminated'),
    };
    const pastDue = (asOf: string) =>
      listOpenItemsPastDue(handle, { asOf }).items.map((item) => `${item.transactionId}:${item.awaiting}`);

    it('an announcement with no result, candidates with no award, an award with no contract', () => {
      // The example's bids close 2026-03-25; candidates' publicity ends 2026-03-30.
      handle = project(temp.readModels, supervisionFindingsProjection, recorded([stages.announcement()]));
      expect(pastDue('2026-05-23T00:00:00Z')).toEqual([]);
      expect(pastDue('2026-05-25T00:00:00Z')).toEqual(['3206022026A000127001:result']);

      supervisionFindingsProjection.apply(handle.db, handle.tables, recorded([stages.candidates()], 2)[0]!);
      expect(pastDue('2026-05-25T00:00:00Z')).toEqual(['3206022026A000127001:award']);
      const [item] = listOpenItemsPastDue(handle, { asOf: '2026-05-25T00:00:00Z' }).items;
      expect(item).toMatchObject({
        domain: 'engineering',
        regionCode: '320602',
        openedBy: 'CandidatesPublicized',
      });
      expect(Date.parse(item!.dueAt) - Date.parse('2026-03-30T17:00:00+08:00')).toBe(
        OPEN_ITEM_DAYS.award * 86_400_000,
      );

      supervisionFindingsProjection.apply(handle.db, handle.tables, recorded([stages.award()], 3)[0]!);
      expect(pastDue('2026-05-25T00:00:00Z')).toEqual(['3206022026A000127001:contract']);
      expect(pastDue('2026-04-20T00:00:00Z')).toEqual([]);

      supervisionFindingsProjection.apply(handle.db, handle.tables, recorded([stages.contract()], 4)[0]!);
      expect(pastDue('2027-01-01T00:00:00Z')).toEqual([]);
    });

    it('judged as of an earlier instant, a stage published late was still missing then', () => {
      const lateAward = example('AwardPublished', 'engineering', {
        metadata: { publishedAt: '2026-06-01T09:00:00+08:00' },
      });
      handle = project(
        temp.readModels,
        supervisionFindingsProjection,
        recorded([stages.announcement(), stages.candidates(), lateAward]),
      );
      expect(pastDue('2026-05-15T00:00:00Z')).toEqual(['3206022026A000127001:award']);
      // Once the award is out, the contract is awaited; its 30 days run from the award notice (2026-03-31).
      expect(pastDue('2026-06-02T00:00:00Z')).toEqual(['3206022026A000127001:contract']);
    });

    it('a termination settles what was awaited', () => {
      handle = project(
        temp.readModels,
        supervisionFindingsProjection,
        recorded([stages.announcement(), stages.terminated()]),
      );
      expect(pastDue('2027-01-01T00:00:00Z')).toEqual([]);
    });

    it('filters past-due items by region, domain and what is awaited', () => {
      handle = project(
        temp.readModels,
        supervisionFindingsProjection,
        recorded([stages.announcement(), example('AnnouncementPublished', 'land')]),
      );
      const asOf = '2027-01-01T00:00:00Z';
      expect(listOpenItemsPastDue(handle, { asOf }).total).toBe(2);
      expect(
        listOpenItemsPastDue(handle, { asOf, domain: 'land' }).items.map((i) => i.transactionId),
      ).toEqual(['R2026-012']);
      expect(listOpenItemsPastDue(handle, { asOf, region: '110000' }).total).toBe(0);
      expect(listOpenItemsPastDue(handle, { asOf, awaiting: 'contract' }).total).toBe(0);
    });
  });

  it('counts at most SCAN_WINDOW entries (a lower bound beyond) and pages every finding once by cursor', () => {
    const events = recorded(
      Array.from({ length: SCAN_WINDOW + 20 }, (_, i) => ({
        event: example('AnnouncementPublished', 'engineering', {
          data: { tenderProjectCode: `320602B${String(i).padStart(10, '0')}001` },
          metadata: { regionCode: i % 2 === 0 ? '320602' : '320612' },
        }),
        findings: [{ code: 'LATE_DISCLOSURE', ruleId: i === 7 ? 'rare.rule' : 'common.rule' }],
      })),
    );
    handle = project(temp.readModels, supervisionFindingsProjection, events);
    expect(listFindings(handle, { region: '320600', limit: 1 })).toMatchObject({
      total: SCAN_WINDOW,
      totalCapped: true,
    });
    expect(listFindings(handle, { region: '320612', limit: 1 })).toMatchObject({
      total: (SCAN_WINDOW + 20) / 2,
      totalCapped: false,
    });
    const rare = listFindings(handle, { region: '320600', rule: 'rare.rule' });
    expect(rare).toMatchObject({ total: 1, totalCapped: false });
    expect(rare.items.map((f) => f.position)).toEqual([8]);

    const positions: number[] = [];
    let cursor: string | undefined;
    do {
      const page = listFindings(handle, { region: '320602', limit: 500, cursor });
      positions.push(...page.items.map((f) => f.position));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(positions).toEqual(events.filter((_, i) => i % 2 === 0).map((e) => e.position));
  });

  it('finds the one stage still awaited among more than SCAN_WINDOW settled ones on the first page', () => {
    const code = (i: number) => `320602B${String(i).padStart(10, '0')}001`;
    const announce = (i: number) =>
      example('AnnouncementPublished', 'engineering', { data: { tenderProjectCode: code(i) } });
    const settled = Array.from({ length: SCAN_WINDOW + 10 }, (_, i) => [
      announce(i),
      example('TransactionTerminated', 'engineering', {
        data: { tenderProjectCode: code(i) },
        metadata: { publishedAt: '2026-07-01T09:00:00+08:00' },
      }),
    ]).flat();
    const open = announce(SCAN_WINDOW + 10);
    handle = project(temp.readModels, supervisionFindingsProjection, recorded([...settled, open]));
    const now = listOpenItemsPastDue(handle, { asOf: '2027-01-01T00:00:00Z', region: '320600' });
    expect(now.items.map((i) => i.transactionId)).toEqual([code(SCAN_WINDOW + 10)]);
    expect(now).toMatchObject({ total: 1, totalCapped: false, nextCursor: null });
    // Judged after the results were due (24 May) but before the terminations, every one was still awaited.
    const before = listOpenItemsPastDue(handle, {
      asOf: '2026-06-15T00:00:00Z',
      region: '320600',
      limit: 500,
    });
    expect(before.items).toHaveLength(500);
    expect(before.totalCapped).toBe(true);
  });
});
