import { lifecycle, project, recorded, example, temporaryReadModels } from '../testing/read-model-fixtures';
import { InvalidCursor, SCAN_WINDOW } from '../shared/keyset';
import { publicDisclosureProjection } from './public-disclosure.projection';
import { listDisclosureLog } from './disclosure-log.queries';

describe('disclosure log (public disclosures in store order)', () => {
  let temp: ReturnType<typeof temporaryReadModels>;
  beforeEach(() => {
    temp = temporaryReadModels();
  });
  afterEach(() => temp.dispose());

  it('lists every disclosure once, oldest position first, following nextCursor; filters by domain, region and date', () => {
    const land = lifecycle('land', ['AnnouncementPublished', 'CandidatesPublicized']).map((e) => ({
      ...e,
      metadata: { ...e.metadata, regionCode: '320506', publishedAt: '2026-05-10T09:00:00+08:00' },
    }));
    const events = recorded([
      ...lifecycle('engineering', ['AnnouncementPublished', 'CandidatesPublicized', 'AwardPublished']),
      example('PenaltyImposed'),
      ...land,
    ]);
    const handle = project(temp.readModels, publicDisclosureProjection, events);
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = listDisclosureLog(handle, { limit: 2, cursor });
      seen.push(...page.items.map((i) => i.position));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    // The credit event (position 4) is no disclosure of a transaction.
    expect(seen).toEqual([1, 2, 3, 5, 6]);

    expect(listDisclosureLog(handle, { domains: ['land'] }).items.map((i) => i.position)).toEqual([5, 6]);
    expect(listDisclosureLog(handle, { domains: [] }).items).toEqual([]);
    expect(listDisclosureLog(handle, { region: '320500' }).items.map((i) => i.type)).toEqual([
      'AnnouncementPublished',
      'CandidatesPublicized',
    ]);
    expect(listDisclosureLog(handle, { region: '320600' }).items).toHaveLength(3);
    const may = listDisclosureLog(handle, {
      from: '2026-05-01T00:00:00+08:00',
      to: '2026-06-01T00:00:00+08:00',
    });
    expect(may.items.map((i) => [i.transactionId, i.domain, i.streamId])).toEqual([
      ['R2026-012', 'land', 'txn-R2026-012'],
      ['R2026-012', 'land', 'txn-R2026-012'],
    ]);
    expect(may.nextCursor).toBeNull();
  });

  it('examines at most SCAN_WINDOW entries per page: a rare match is reached by following the cursor', () => {
    const many = Array.from({ length: SCAN_WINDOW + 10 }, (_, i) =>
      example('AnnouncementPublished', 'engineering', {
        data: { tenderProjectCode: `320602B${String(i).padStart(10, '0')}001` },
      }),
    );
    const rare = example('AnnouncementPublished', 'land');
    const handle = project(temp.readModels, publicDisclosureProjection, recorded([...many, rare]));
    const first = listDisclosureLog(handle, { domains: ['land'] });
    expect(first.items).toEqual([]);
    expect(first.nextCursor).not.toBeNull();
    const second = listDisclosureLog(handle, { domains: ['land'], cursor: first.nextCursor! });
    expect(second.items.map((i) => i.domain)).toEqual(['land']);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not issue', () => {
    const handle = project(
      temp.readModels,
      publicDisclosureProjection,
      recorded([example('AnnouncementPublished')]),
    );
    for (const cursor of ['nonsense', Buffer.from('["a"]').toString('base64url')])
      expect(() => listDisclosureLog(handle, { cursor })).toThrow(InvalidCursor);
  });
});
