import { EXAMPLE_PARTIES, EXAMPLE_PERSONS, LIFECYCLE_ORDER } from '@gongkai/domain';
import { example, lifecycle, project, recorded, temporaryReadModels } from '../testing/read-model-fixtures';
import { tablesFor } from '../../runner/projection';
import { publicDisclosureProjection } from './public-disclosure.projection';
import { getPublicDisclosure, searchPublicDisclosures } from './public-disclosure.queries';

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

  it('stores only the redacted view: no ID numbers, phones, flagged secrets or findings', () => {
    const housing = lifecycle('housing', ['AnnouncementPublished', 'CandidatesPublicized', 'AwardPublished']);
    const candidates = example('CandidatesPublicized', 'engineering', {
      metadata: { confidentialFields: ['candidates.0.bidPrice'] },
    });
    const secretPrice = (candidates.data as { candidates: Array<{ bidPrice: string }> }).candidates[0]!
      .bidPrice;
    const events = recorded([
      ...housing,
      example('AnnouncementPublished'),
      { event: candidates, findings: [{ code: 'LATE_DISCLOSURE', ruleId: 'secret-rule-id' }] },
    ]);
    const handle = project(temp.readModels, publicDisclosureProjection, events);
    // The restricted values were there to leak: both transactions and all their disclosures were projected.
    expect(JSON.stringify(housing)).toContain(EXAMPLE_PERSONS[0].idNumber);
    expect(
      searchPublicDisclosures(handle)
        .items.map((t) => t.disclosureCount)
        .sort(),
    ).toEqual([2, 3]);

    const everything = temp.readModels.db
      .prepare(
        `SELECT public_view FROM ${tablesFor(publicDisclosureProjection.name, 1).table('disclosures')}`,
      )
      .all()
      .map((row) => (row as { public_view: string }).public_view)
      .join('\n');
    expect(everything).toContain('"redacted"');
    for (const person of EXAMPLE_PERSONS) expect(everything).not.toContain(person.idNumber);
    expect(everything).not.toContain(EXAMPLE_PERSONS[0].phone);
    expect(everything).not.toContain(EXAMPLE_PERSONS[0].homeAddress);
    expect(everything).not.toContain(`"bidPrice":"${secretPrice}"`);
    expect(everything).not.toContain('secret-rule-id');
  });

  it('skips events of other streams and events that no longer parse, rather than stopping', () => {
    const [announcement] = recorded([example('AnnouncementPublished')]);
    const broken = { ...announcement!, id: 'not-a-uuid', position: 2 };
    const credit = recorded([example('PenaltyImposed')], 3);
    const handle = project(temp.readModels, publicDisclosureProjection, [announcement!, broken, ...credit]);
    expect(searchPublicDisclosures(handle).total).toBe(1);
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
      const all = searchPublicDisclosures(handle(), { limit: 2 });
      expect(all.total).toBe(3);
      expect(ids(all)[0]).toBe('R2026-012');
      expect(ids(searchPublicDisclosures(handle(), { limit: 2, offset: 2 }))).toHaveLength(1);
    });
  });
});
