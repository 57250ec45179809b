import { randomUUID } from 'node:crypto';
import { DISCLOSURE_KINDS, exampleDisclosure, type DomainEvent } from '@gongkai/domain';
import { InvalidCursor } from '../shared/keyset';
import type { ReadModelHandle } from '../shared/read-model-handle';
import {
  dumpReadModel,
  example,
  project,
  recorded,
  temporaryReadModels,
} from '../testing/read-model-fixtures';
import { standaloneDisclosuresProjection } from './standalone-disclosures.projection';
import {
  disclosuresOfTransaction,
  getStandaloneDisclosure,
  searchStandaloneDisclosures,
} from './standalone-disclosures.queries';

const fresh = (event: DomainEvent, data: Record<string, unknown> = {}, metadata = {}, type = event.type) =>
  ({
    ...event,
    id: randomUUID(),
    type,
    data: { ...(event.data as Record<string, unknown>), ...data },
    metadata: { ...event.metadata, ...metadata },
  }) as DomainEvent;

const approval = exampleDisclosure('project_approval');
const amendment = fresh(
  approval,
  { reason: '项目单位申请撤回招标事项核准', transactionIds: [] },
  { occurredAt: '2026-04-01T09:00:00+08:00', publishedAt: '2026-06-30T09:00:00+08:00' },
  'DisclosureAmended',
);
const lateFinding = {
  code: 'LATE_DISCLOSURE',
  ruleId: 'national.disclosure.project_approval.publish-within-20wd',
};

/** A transaction, every kind's example (Nantong), then the approval amended late, dropping its link. */
const events = [
  example('AnnouncementPublished'),
  ...DISCLOSURE_KINDS.map((kind) => exampleDisclosure(kind)),
  { event: amendment, findings: [lateFinding] },
];

describe('standalone-disclosures read model', () => {
  let temp: ReturnType<typeof temporaryReadModels>;
  let handle: ReadModelHandle;

  beforeEach(() => {
    temp = temporaryReadModels();
    handle = project(temp.readModels, standaloneDisclosuresProjection, recorded(events));
  });
  afterEach(() => temp.dispose());

  it('answers GET /v1/disclosures/{id}: the latest public view and every version', () => {
    const found = getStandaloneDisclosure(handle, 'NT-APR-2026-0031')!;
    expect(found).toMatchObject({
      streamId: 'disclosure-NT-APR-2026-0031',
      kind: 'project_approval',
      domain: 'engineering',
      regionCode: '320602',
      publisher: { name: '南通市行政审批局', creditCode: '11320600014123459H', role: 'approver' },
      version: 2,
      late: true,
      transactionIds: [],
      firstPublishedAt: '2026-03-10T01:00:00.000Z',
      lastPublishedAt: '2026-06-30T01:00:00.000Z',
    });
    expect(found.view).toMatchObject({
      type: 'DisclosureAmended',
      data: { reason: '项目单位申请撤回招标事项核准' },
    });
    expect(found.view.metadata).not.toHaveProperty('findings');
    expect(found.versions.map((v) => [v.type, v.revision, v.findingCodes])).toEqual([
      ['DisclosurePublished', 0, []],
      ['DisclosureAmended', 1, ['LATE_DISCLOSURE']],
    ]);
    expect(getStandaloneDisclosure(handle, 'NT-NOPE')).toBeUndefined();
  });

  it('holds only public data: the households of a renovation list are masked', () => {
    const renovation = getStandaloneDisclosure(handle, 'NT-RR-2026-ELIG-01')!;
    const stored = JSON.stringify(renovation.view);
    expect(stored).not.toContain('350582199001014563');
    expect(stored).toContain('350582********4563');
  });

  it('lists the disclosures naming a transaction, following amendments', () => {
    expect(disclosuresOfTransaction(handle, '3206022026G0001').map((d) => d.kind)).toEqual([
      'land_supply_plan',
    ]);
    // The approval named the engineering transaction, until its amendment dropped it.
    expect(disclosuresOfTransaction(handle, '3206022026A000127001')).toEqual([]);
  });

  it('searches by kind, domain, region, publisher and period, a keyset page at a time', () => {
    const kinds = (search: Parameters<typeof searchStandaloneDisclosures>[1]) =>
      searchStandaloneDisclosures(handle, search).items.map((d) => d.kind);
    expect(kinds({ kind: 'land_supply_plan' })).toEqual(['land_supply_plan']);
    expect(kinds({ domain: 'housing' })).toHaveLength(5);
    expect(kinds({ region: '320600' })).toHaveLength(10);
    expect(kinds({ region: '320500' })).toEqual([]);
    expect(kinds({ region: '320600', kind: 'transfer_decision' })).toEqual(['transfer_decision']);
    expect(kinds({ publisher: '11320600014123458E' })).toEqual(['procurement_catalogue']);
    expect(kinds({ from: '2026-06-01T00:00:00Z' })).toEqual(['project_approval']);
    expect(kinds({ to: '2026-03-01T00:00:00Z' })).toEqual([]);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = searchStandaloneDisclosures(handle, { limit: 3, cursor });
      seen.push(...page.items.map((d) => d.disclosureId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
    expect(seen[0]).toBe('NT-APR-2026-0031');
    expect(() => searchStandaloneDisclosures(handle, { cursor: 'bm9wZQ' })).toThrow(InvalidCursor);
  });

  it('rebuilds to the same tables, and applies each event once', () => {
    const again = temporaryReadModels();
    try {
      const twice = recorded(events);
      const rebuilt = project(again.readModels, standaloneDisclosuresProjection, [...twice, ...twice]);
      expect(dumpReadModel(rebuilt, standaloneDisclosuresProjection)).toEqual(
        dumpReadModel(handle, standaloneDisclosuresProjection),
      );
    } finally {
      again.dispose();
    }
  });
});
