import { join } from 'node:path';
import { EXAMPLE_PARTIES, EXAMPLE_PERSONS, LIFECYCLE_ORDER, streamIdFor } from '@gongkai/domain';
import { SqliteEventStore } from '@gongkai/event-store';
import {
  example,
  lifecycle,
  project,
  recorded,
  storedEventData,
  temporaryReadModels,
} from '../testing/read-model-fixtures';
import { tablesFor } from '../../runner/projection';
import { InvalidCursor, SCAN_WINDOW } from '../shared/keyset';
import { publicDisclosureProjection } from './public-disclosure.projection';
import {
  getPublicDisclosure,
  readPublicDisclosure,
  searchPublicDisclosures,
} from './public-disclosure.queries';

describe('public-disclosure read model', () => {
  let temp: ReturnType<typeof temporaryReadModels>;

  beforeEach(() => {
    temp = temporaryReadModels();
  });

  afterEach(() => temp.dispose());

  it('follows a transaction through its stages with its key dates and every disclosure in order', () => {
    const events = recorded(lifecycle('engineering'));
    const handle = project(temp.readModels, publicDisclosureProjection, events);
    const transactionId = events[0]!.streamId.replace(/^txn-/, '');

    const view = getPublicDisclosure(handle, transactionId)!;
    expect(view).toMatchObject({
      transactionId,
      domain: 'engineering',
      regionCode: '320602',
      stage: 'ContractChanged',
      round: 1,
      disclosureCount: LIFECYCLE_ORDER.length,
      title: (events[0]!.data as { title: string }).title,
    });
    expect(view.disclosures.map((d) => d.type)).toEqual([...LIFECYCLE_ORDER]);
    expect(view.disclosures.map((d) => d.position)).toEqual(events.map((e) => e.position));
    expect(view.keyDates).toMatchObject({
      announcedAt: '2026-03-02T09:00:00+08:00',
      publicityStart: '2026-03-27T09:00:00+08:00',
      publicityEnd: '2026-03-30T17:00:00+08:00',
      winnerChosen: '2026-03-31T10:00:00+08:00',
      signedAt: '2026-04-20T10:00:00+08:00',
    });
    // Sortable UTC instants, whatever offset the publisher wrote.
    expect(view.firstPublishedAt).toBe('2026-03-02T01:00:00.000Z');
  });

  it('leaves the stage where it was on a correction, and a correction may move a key date', () => {
    const announcement = example('AnnouncementPublished');
    const correction = example('AnnouncementCorrected', 'engineering', {
      data: { bidDeadline: '2026-03-27T09:30:00+08:00' },
    });
    const events = recorded([announcement, correction]);
    const handle = project(temp.readModels, publicDisclosureProjection, events);
    const view = getPublicDisclosure(handle, events[0]!.streamId.slice('txn-'.length))!;
    expect(view.stage).toBe('AnnouncementPublished');
    expect(view.keyDates['bidDeadline']).toBe('2026-03-27T09:30:00+08:00');
  });

  it('keeps a key date or the name a publisher flagged as a commercial secret out of the summary', () => {
    const announcement = example('AnnouncementPublished');
    const flagged = example('AnnouncementPublished', 'engineering', {
      data: { tenderProjectCode: '3206022026A000128001' },
      metadata: { confidentialFields: ['bidDeadline', 'title', 'tenderProjectName'] },
    });
    const events = recorded([announcement, flagged]);
    const handle = project(temp.readModels, publicDisclosureProjection, events);
    const plain = getPublicDisclosure(handle, events[0]!.streamId.slice('txn-'.length))!;
    const secret = getPublicDisclosure(handle, events[1]!.streamId.slice('txn-'.length))!;
    expect(plain.keyDates['bidDeadline']).toBeDefined();
    expect(plain.title).toBe((announcement.data as { title: string }).title);
    expect(secret.keyDates['bidDeadline']).toBeUndefined();
    expect(secret.keyDates['announcedAt']).toBeDefined();
    expect(secret.title).toBe('3206022026A000128001');
  });

  it('keeps references, not copies: no event content in its tables, the public view read from the store', async () => {
    const housing = lifecycle('housing', ['AnnouncementPublished', 'CandidatesPublicized', 'AwardPublished']);
    const candidates = example('CandidatesPublicized', 'engineering', {
      metadata: { confidentialFields: ['candidates.0.bidPrice'] },
    });
    const secretPrice = (candidates.data as { candidates: Array<{ bidPrice: string }> }).candidates[0]!
      .bidPrice;
    const store = await SqliteEventStore.open({ path: join(temp.dir, 'events.sqlite') });
    try {
      const items = [
        ...housing.map((event) => ({ event, findings: [] as unknown[] })),
        { event: example('AnnouncementPublished'), findings: [] },
        { event: candidates, findings: [{ code: 'LATE_DISCLOSURE', ruleId: 'secret-rule-id' }] },
      ];
      for (const { event, findings } of items)
        await store.append(streamIdFor(event), [storedEventData(event, findings)]);
      const handle = project(temp.readModels, publicDisclosureProjection, await store.readAll());
      // The restricted values were there to leak: both transactions and all their disclosures were projected.
      expect(JSON.stringify(housing)).toContain(EXAMPLE_PERSONS[0].idNumber);
      expect(
        searchPublicDisclosures(handle)
          .items.map((t) => t.disclosureCount)
          .sort(),
      ).toEqual([2, 3]);

      const stored = ['transactions', 'disclosures']
        .flatMap((table) =>
          temp.readModels.db
            .prepare(`SELECT * FROM ${tablesFor(publicDisclosureProjection.name, 1).table(table)}`)
            .all(),
        )
        .map((row) => JSON.stringify(row))
        .join('\n');
      // Not a second copy of the event: nothing of the bids or of the persons is in the read model at all.
      expect(stored).not.toContain(secretPrice);
      expect(stored).not.toContain('bidPrice');
      expect(stored).not.toContain('secret-rule-id');
      for (const person of EXAMPLE_PERSONS) expect(stored).not.toContain(person.idNumber);

      // The public view comes from the stored event, redacted by the domain.
      const idOf = (event: (typeof housing)[number]) => streamIdFor(event).slice('txn-'.length);
      const views = [
        await readPublicDisclosure(handle, store, idOf(housing[0]!)),
        await readPublicDisclosure(handle, store, idOf(candidates)),
      ];
      const served = JSON.stringify(views);
      expect(views[0]!.disclosures.map((d) => d.type)).toEqual(housing.map((e) => e.type));
      expect(views[1]!.disclosures.map((d) => d.type)).toEqual([
        'AnnouncementPublished',
        'CandidatesPublicized',
      ]);
      expect(served).toContain('"redacted"');
      for (const person of EXAMPLE_PERSONS) expect(served).not.toContain(person.idNumber);
      expect(served).not.toContain(EXAMPLE_PERSONS[0].phone);
      expect(served).not.toContain(EXAMPLE_PERSONS[0].homeAddress);
      expect(served).not.toContain(`"bidPrice":"${secretPrice}"`);
      expect(served).not.toContain('secret-rule-id');
      expect(await readPublicDisclosure(handle, store, 'no-such-transaction')).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('skips events of other streams and events that no longer parse, rather than stopping', () => {
    const [announcement] = recorded([example('AnnouncementPublished')]);
    const broken = { ...announcement!, id: 'not-a-uuid', position: 2 };
    const credit = recorded([example('PenaltyImposed')], 3);
    const handle = project(temp.readModels, publicDisclosureProjection, [announcement!, broken, ...credit]);
    expect(searchPublicDisclosures(handle).items).toHaveLength(1);
    expect(getPublicDisclosure(handle, announcement!.streamId.slice(4))!.disclosureCount).toBe(1);
  });

  describe('search', () => {
    const nantongCentre = EXAMPLE_PARTIES.tradingCentre;
    const suzhouCentre = EXAMPLE_PARTIES.runnerUp;

    beforeEach(() => {
      const land = lifecycle('land', ['AnnouncementPublished']).map((e) => ({
        ...e,
        metadata: {
          ...e.metadata,
          regionCode: '320506',
          publisher: suzhouCentre,
          publishedAt: '2026-05-10T09:00:00+08:00',
        },
      }));
      const events = recorded([
        ...lifecycle('engineering', ['AnnouncementPublished', 'CandidatesPublicized']),
        ...lifecycle('procurement', ['AnnouncementPublished']),
        ...land,
      ]);
      project(temp.readModels, publicDisclosureProjection, events);
    });

    const handle = () => ({ db: temp.readModels.db, tables: tablesFor(publicDisclosureProjection.name, 1) });
    const ids = (result: { items: Array<{ transactionId: string }> }) =>
      result.items.map((i) => i.transactionId);

    it('filters by domain, region (a city finds its districts), stage and publisher', () => {
      expect(ids(searchPublicDisclosures(handle(), { domain: 'land' }))).toEqual(['R2026-012']);
      expect(ids(searchPublicDisclosures(handle(), { region: '320600' })).sort()).toEqual([
        '3206022026A000127001',
        'NTCG2026-0031',
      ]);
      expect(ids(searchPublicDisclosures(handle(), { region: '320000' }))).toHaveLength(3);
      expect(ids(searchPublicDisclosures(handle(), { region: '320602' }))).toHaveLength(2);
      expect(ids(searchPublicDisclosures(handle(), { stage: 'CandidatesPublicized' }))).toEqual([
        '3206022026A000127001',
      ]);
      expect(ids(searchPublicDisclosures(handle(), { publisher: suzhouCentre.creditCode }))).toEqual([
        'R2026-012',
      ]);
      expect(
        ids(searchPublicDisclosures(handle(), { publisher: nantongCentre.name, domain: 'land' })),
      ).toEqual([]);
    });

    it('filters by publication period, newest first, with paging', () => {
      const may = searchPublicDisclosures(handle(), {
        from: '2026-05-01T00:00:00+08:00',
        to: '2026-06-01T00:00:00+08:00',
      });
      expect(ids(may)).toEqual(['R2026-012']);
      const first = searchPublicDisclosures(handle(), { limit: 2 });
      expect(ids(first)).toHaveLength(2);
      expect(ids(first)[0]).toBe('R2026-012');
      const second = searchPublicDisclosures(handle(), { limit: 2, cursor: first.nextCursor! });
      expect(ids(second)).toHaveLength(1);
      expect(second.nextCursor).toBeNull();
      expect(new Set([...ids(first), ...ids(second)]).size).toBe(3);
    });

    it('refuses a cursor it did not issue', () => {
      for (const cursor of ['nonsense', Buffer.from('[1,2]').toString('base64url'), ''])
        expect(() => searchPublicDisclosures(handle(), { cursor })).toThrow(InvalidCursor);
    });
  });

  describe('at scale: keyset pages with bounded work', () => {
    /** `n` announcements, one a minute, in `regionOf(i)`; the last in time is i = n - 1. */
    function announcements(n: number, regionOf: (i: number) => string) {
      const start = Date.parse('2026-01-01T00:00:00Z');
      return recorded(
        Array.from({ length: n }, (_, i) => {
          const regionCode = regionOf(i);
          const id = `${regionCode}B${String(i).padStart(10, '0')}001`;
          return example('AnnouncementPublished', 'engineering', {
            data: { tenderProjectCode: id, tenderProjectName: `项目 ${i}` },
            metadata: { regionCode, publishedAt: new Date(start + i * 60_000).toISOString() },
          });
        }),
      );
    }

    it('pages through every match in order, once each, following nextCursor', () => {
      const events = announcements(230, (i) => (i % 3 === 0 ? '320602' : i % 3 === 1 ? '320612' : '320506'));
      const handle = project(temp.readModels, publicDisclosureProjection, events);
      for (const [region, expected] of [
        ['320600', 154],
        ['320602', 77],
        ['320000', 230],
        [undefined, 230],
      ] as const) {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = searchPublicDisclosures(handle, { region, limit: 20, cursor });
          seen.push(...page.items.map((i) => i.lastPublishedAt));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        expect(seen).toHaveLength(expected);
        expect([...seen].sort().reverse()).toEqual(seen);
      }
    });

    it('examines at most SCAN_WINDOW entries per page: a rare match is reached by following the cursor', () => {
      // Only the oldest of SCAN_WINDOW + 100 transactions in 3206 is at the stage asked for, and the walk
      // follows the region's index (newest first), so the first page cannot reach it.
      const events = announcements(SCAN_WINDOW + 100, () => '320602');
      const handle = project(temp.readModels, publicDisclosureProjection, events);
      const oldest = events[0]!.streamId.slice('txn-'.length);
      temp.readModels.db
        .prepare(
          `UPDATE ${tablesFor(publicDisclosureProjection.name, 1).table('transactions')} SET stage = ? WHERE transaction_id = ?`,
        )
        .run('AwardPublished', oldest);
      const first = searchPublicDisclosures(handle, {
        region: '320600',
        domain: 'engineering',
        stage: 'AwardPublished',
      });
      expect(first.items).toEqual([]);
      expect(first.nextCursor).not.toBeNull();
      const second = searchPublicDisclosures(handle, {
        region: '320600',
        domain: 'engineering',
        stage: 'AwardPublished',
        cursor: first.nextCursor!,
      });
      expect(second.items.map((i) => i.transactionId)).toEqual([oldest]);
      expect(second.nextCursor).toBeNull();
    });
  });
});
