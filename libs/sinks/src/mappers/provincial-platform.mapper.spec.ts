import {
  EVENT_EXAMPLES,
  EXAMPLE_PARTIES,
  EXAMPLE_PERSONS,
  SPEC_FIELDS,
  exampleEvent,
  toPublicView,
  type CatalogueDomain,
  type DomainEvent,
  type PublicEventView,
} from '@gongkai/domain';
import { DEFAULT_PROVINCIAL_DATA_SETS, dataSetFor } from './provincial-platform.data-sets';
import {
  INFORMATION_SOURCE_FIELDS,
  NOTICE_NATURE_FIELD,
  createProvincialPlatformMapper,
} from './provincial-platform.mapper';
import { recordedFrom, stringsIn } from './recorded-event.fixture';
import { UnmappableEvent, type SinkRecord } from './sink-record';

const mapper = createProvincialPlatformMapper({ platformCode: 'P3206000001', pubServicePlatCode: 'G3200000001' });
const ENVELOPE = ['PLATFORM_CODE', 'PUB_SERVICE_PLAT_CODE', 'DATA_TIMESTAMP'];
const domainOf = (event: DomainEvent): CatalogueDomain => event.data.domain;
const map = (event: DomainEvent): SinkRecord | undefined => mapper.map(recordedFrom(event));

describe('provincial platform mapper', () => {
  describe.each(EVENT_EXAMPLES.map((event) => [`${event.type}/${domainOf(event)}`, event] as const))('%s', (_name, event) => {
    const expected = dataSetFor(DEFAULT_PROVINCIAL_DATA_SETS, domainOf(event), event.type);

    it('maps to the data set of its domain, or is skipped when the platform does not take it', () => {
      const record = map(event);
      if (expected === undefined) {
        expect(record).toBeUndefined();
        return;
      }
      expect(record).toMatchObject({ dataSet: expected.code, dataSetName: expected.name });
    });

    it('uses only the specification field names, and every mapped field the event carries', () => {
      const record = map(event);
      if (record === undefined) return;
      const specNames = SPEC_FIELDS[event.type][domainOf(event)].fields;
      const allowed = new Set([
        ...ENVELOPE,
        NOTICE_NATURE_FIELD,
        ...Object.values(INFORMATION_SOURCE_FIELDS),
        ...Object.values(specNames),
      ]);
      expect(Object.keys(record.fields).filter((name) => !allowed.has(name))).toEqual([]);
      const publicData = toPublicView(event).data as Record<string, unknown>;
      const carried = Object.entries(specNames)
        .filter(([path]) => valueAt(publicData, path) !== undefined)
        .map(([, name]) => name);
      expect(Object.keys(record.fields)).toEqual(expect.arrayContaining(carried));
    });

    it('names the platform, the data timestamp and the information source', () => {
      const record = map(event);
      if (record === undefined) return;
      expect(record.fields).toMatchObject({
        PLATFORM_CODE: 'P3206000001',
        PUB_SERVICE_PLAT_CODE: 'G3200000001',
        DATA_TIMESTAMP: '20260302090005',
        [INFORMATION_SOURCE_FIELDS.name]: event.metadata.publisher.name,
        [INFORMATION_SOURCE_FIELDS.creditCode]: event.metadata.publisher.creditCode,
        [INFORMATION_SOURCE_FIELDS.sourceSystem]: '南通市公共资源交易平台',
      });
      expect(record.fields[NOTICE_NATURE_FIELD]).toBe(expected?.noticeNature);
    });

    it('lets no personal data or bank account reach the record', () => {
      const record = map(event);
      const leaked = new Set<string>([
        ...EXAMPLE_PERSONS.flatMap((person) => Object.values(person)),
        '274563218901',
      ]);
      expect(stringsIn(record).filter((value) => leaked.has(value))).toEqual([]);
    });
  });

  it('writes an engineering award as data set 513 with the winner, amount and times in the spec format', () => {
    expect(map(exampleEvent('AwardPublished', 'engineering'))).toEqual({
      dataSet: '513',
      dataSetName: '中标结果公示',
      fields: {
        PLATFORM_CODE: 'P3206000001',
        PUB_SERVICE_PLAT_CODE: 'G3200000001',
        DATA_TIMESTAMP: '20260302090005',
        TENDER_PROJECT_CODE: '3206022026A000127001',
        TENDER_PROJECT_NAME: '崇川区学田街道老旧小区改造工程',
        BID_SECTION_CODE: '3206022026A000127001001',
        BID_SECTION_NAME: '一标段',
        INVEST_PROJECT_CODE: '2025-320602-47-01-012345',
        TENDERER_NAME: EXAMPLE_PARTIES.tenderer.name,
        TENDERER_CODE: EXAMPLE_PARTIES.tenderer.creditCode,
        WIN_BIDDER_NAME: EXAMPLE_PARTIES.winner.name,
        WIN_BIDDER_CODE: EXAMPLE_PARTIES.winner.creditCode,
        BID_AMOUNT: '2650000.00',
        TIME_LIMIT: 180,
        PROJECT_LEAD: '陈建国',
        // 谁实施谁公开: the tenderer publishes the award (the example's publisher).
        INFO_SOURCE_NAME: EXAMPLE_PARTIES.tenderer.name,
        INFO_SOURCE_CODE: EXAMPLE_PARTIES.tenderer.creditCode,
        INFO_SOURCE_SYSTEM: '南通市公共资源交易平台',
      },
    });
  });

  it('puts the platform envelope first, for diffable payloads', () => {
    const record = map(exampleEvent('AnnouncementPublished', 'land'));
    expect(Object.keys(record!.fields).slice(0, 4)).toEqual([...ENVELOPE, NOTICE_NATURE_FIELD]);
  });

  it.each([
    ['AnnouncementPublished', 'engineering', '503', '1'],
    ['AnnouncementCorrected', 'engineering', '503', '2'],
    ['TransactionTerminated', 'engineering', '503', '3'],
    ['QualificationResultPublished', 'engineering', '516', undefined],
    ['CandidatesPublicized', 'engineering', '511', undefined],
    ['ContractSigned', 'engineering', '522', undefined],
    ['AnnouncementPublished', 'procurement', '551', '1'],
    ['AwardPublished', 'procurement', '554', undefined],
    ['ContractSigned', 'procurement', '555', undefined],
    ['ComplaintDecided', 'procurement', '557', undefined],
    ['AnnouncementPublished', 'land', '600', '1'],
    ['AwardPublished', 'land', '601', undefined],
    ['AnnouncementPublished', 'mining', '651', '1'],
    ['AwardPublished', 'state_property', '703', undefined],
    ['AnnouncementPublished', 'housing', '901', '1'],
    ['ComplaintDecided', 'engineering', '907', undefined],
    ['BlacklistEntered', 'engineering', '302', undefined],
    ['BlacklistRemoved', 'engineering', '303', undefined],
  ] as const)('%s in %s -> data set %s (NOTICE_NATURE %s)', (type, domain, dataSet, nature) => {
    const record = map(exampleEvent(type, domain));
    expect(record?.dataSet).toBe(dataSet);
    expect(record?.fields[NOTICE_NATURE_FIELD]).toBe(nature);
  });

  it('writes publicity times as yyyyMMddHHmmss in Beijing time and the objection method', () => {
    const record = map(exampleEvent('CandidatesPublicized', 'engineering'));
    expect(record?.fields).toMatchObject({
      PUBLICITY_START_TIME: '20260327090000',
      PUBLICITY_END_TIME: '20260330170000',
      OBJECTION_METHOD: '书面异议递交至招标人，电话0513-85000000',
    });
  });

  it('nests the publicized candidates as candidate rows with rank, bid price, project manager and qualifications', () => {
    const record = map(exampleEvent('CandidatesPublicized', 'engineering'));
    const rows = record?.fields['TENDER_CANDIDATE'];
    expect(Array.isArray(rows) && rows.length).toBe(3);
    expect((rows as unknown[])[0]).toEqual({
      WIN_CANDIDATE_ORDER: 1,
      WIN_CANDIDATE_NAME: EXAMPLE_PARTIES.winner.name,
      WIN_CANDIDATE_CODE: EXAMPLE_PARTIES.winner.creditCode,
      BID_PRICE: '2650000.00',
      EVALUATION_RESULT: '92.35',
      TIME_LIMIT: 180,
      PM_NAME: '陈建国',
      PM_CERTIFICATES: '苏13220192001',
      WIN_CANDIDATE_QUALIFICATION: '建筑工程施工总承包二级',
    });
    // Other domains carry the common candidate fields only.
    const procurementRows = map(exampleEvent('CandidatesPublicized', 'procurement'))?.fields['TENDER_CANDIDATE'];
    expect(Object.keys((procurementRows as Array<Record<string, unknown>>)[0]!).sort()).toEqual(
      ['BID_PRICE', 'EVALUATION_RESULT', 'WIN_CANDIDATE_CODE', 'WIN_CANDIDATE_NAME', 'WIN_CANDIDATE_ORDER'],
    );
  });

  it('leaves a candidate out of its row when the publisher flags its bid price as a commercial secret', () => {
    const event = exampleEvent('CandidatesPublicized', 'engineering');
    event.metadata.confidentialFields = ['candidates.1.bidPrice'];
    const rows = map(event)?.fields['TENDER_CANDIDATE'] as Array<Record<string, unknown>>;
    expect(rows[0]).toHaveProperty('BID_PRICE', '2650000.00');
    expect(rows[1]).not.toHaveProperty('BID_PRICE');
    expect(rows[1]).toHaveProperty('WIN_CANDIDATE_ORDER', 2);
  });

  it('names the transaction and its subject outside engineering (宗地, 采购项目, 采购人)', () => {
    expect(map(exampleEvent('AnnouncementPublished', 'land'))?.fields).toMatchObject({
      LAND_CODE: 'R2026-012',
      LAND_POSITION: '崇川区永兴路北侧',
      LAND_USAGE: '城镇住宅用地',
      LAND_AREA: '35210.5',
      LEND_AGE_LIMIT: 70,
      START_PRICE: '312000000',
      MARGIN_AMOUNT: '62400000',
      LISTING_END_TIME: '20260407150000',
    });
    expect(map(exampleEvent('AwardPublished', 'land'))?.fields).toHaveProperty('LENDING_CODE');
    expect(map(exampleEvent('AnnouncementPublished', 'procurement'))?.fields).toMatchObject({
      PURCHASE_PROJECT_CODE: 'NTCG2026-0031',
      PURCHASER_CODE: EXAMPLE_PARTIES.tenderer.creditCode,
      BULLETIN_TITLE: '公开招标公告',
      PROGRAM_BUDGET: '2800000.00',
      BULLETIN_START_TIME: '20260302090000',
      BID_CLOSING_TIME: '20260325093000',
    });
    for (const domain of ['mining', 'state_property', 'medical', 'emission', 'sea_area', 'forest', 'housing'] as const) {
      expect(map(exampleEvent('AwardPublished', domain))?.fields['PROJECT_CODE']).toEqual(expect.any(String));
    }
  });

  it('names the supplier by the data set: WINNINGBIDDER_* in the 成交公告, SUPPLIER_* in the contract', () => {
    expect(map(exampleEvent('AwardPublished', 'procurement'))?.fields).toMatchObject({
      WINNINGBIDDER_CODE: EXAMPLE_PARTIES.winner.creditCode,
      WIN_BID_PRICE: '2650000.00',
    });
    expect(map(exampleEvent('ContractSigned', 'procurement'))?.fields).toMatchObject({
      SUPPLIER_CODE: EXAMPLE_PARTIES.winner.creditCode,
      CONTRACT_AMOUNT: '2650000.00',
      SIGNING_TIME: '20260420100000',
    });
  });

  it('writes the blacklist subject, decision and restrictions into 302 and the withdrawal into 303', () => {
    expect(map(exampleEvent('BlacklistEntered'))?.fields).toMatchObject({
      BODY_NAME: EXAMPLE_PARTIES.third.name,
      BODY_CODE: EXAMPLE_PARTIES.third.creditCode,
      GOVERNMENT: EXAMPLE_PARTIES.authority.name,
      DOCUMENT_CODE: '通住建失信〔2026〕第3号',
      RECORD_DATE: '20260415',
      CONFINED_ACTION: '限制参与本市依法必须招标项目的投标',
    });
    expect(map(exampleEvent('BlacklistRemoved'))?.fields).toMatchObject({
      BODY_CODE: EXAMPLE_PARTIES.third.creditCode,
      DOCUMENT_CODE: '通住建失信〔2026〕第3号',
      REVOCATION_DATE: '20270520',
    });
  });

  it('writes a complaint decision with its number, date, deciding unit, result and basis', () => {
    expect(map(exampleEvent('ComplaintDecided', 'engineering'))?.fields).toMatchObject({
      DOCUMENT_CODE: expect.any(String),
      HANDLE_DATE: expect.stringMatching(/^\d{14}$/),
      DEALING_UNIT: EXAMPLE_PARTIES.authority.name,
      HANDLE_RESULT: expect.any(String),
      HANDLE_BASIS: expect.any(String),
    });
  });

  it('leaves out a field the publisher flagged as a commercial secret', () => {
    const award = exampleEvent('AwardPublished', 'engineering');
    award.metadata.confidentialFields = ['bidAmount'];
    const record = map(award);
    expect(record?.fields).not.toHaveProperty('BID_AMOUNT');
    expect(record?.fields).toHaveProperty('WIN_BIDDER_CODE', EXAMPLE_PARTIES.winner.creditCode);
  });

  it('builds the record from the public view it is given, never from the stored data', () => {
    const redacting = createProvincialPlatformMapper({
      platformCode: 'P',
      pubServicePlatCode: 'G',
      publicView: (event) => {
        const view = toPublicView(event);
        return { ...view, data: { ...view.data, title: '（已脱敏）' } } as PublicEventView;
      },
    });
    const record = redacting.map(recordedFrom(exampleEvent('AnnouncementPublished', 'engineering')));
    expect(record?.fields['NOTICE_NAME']).toBe('（已脱敏）');
  });

  it('skips events the platform does not take, without parsing them', () => {
    expect(map(exampleEvent('PenaltyImposed'))).toBeUndefined();
    expect(map(exampleEvent('CreditRecorded'))).toBeUndefined();
    const broken = recordedFrom(exampleEvent('PenaltyImposed'), { data: { domain: 'engineering' } });
    expect(mapper.map(broken)).toBeUndefined();
    const foreign = { ...recordedFrom(exampleEvent('AwardPublished')), type: 'SomethingElse' };
    expect(mapper.map(foreign)).toBeUndefined();
  });

  it('refuses (as unmappable) a stage event whose content does not parse', () => {
    const event = exampleEvent('AwardPublished', 'engineering');
    const broken = recordedFrom(event, { data: { ...(event.data as object), bidAmount: '12.345' } });
    expect(() => mapper.map(broken)).toThrow(UnmappableEvent);
  });

  it('takes a province’s own numbering from the options', () => {
    const jiangsu = createProvincialPlatformMapper({
      platformCode: 'P',
      pubServicePlatCode: 'G',
      dataSets: {
        ...DEFAULT_PROVINCIAL_DATA_SETS,
        'engineering:AwardPublished': { code: '514', name: '中标结果' },
        'land:AnnouncementPublished': null,
      },
    });
    expect(jiangsu.map(recordedFrom(exampleEvent('AwardPublished', 'engineering')))?.dataSet).toBe('514');
    expect(jiangsu.map(recordedFrom(exampleEvent('AnnouncementPublished', 'land')))).toBeUndefined();
  });

  it('repeats the same record for the same event (DATA_TIMESTAMP is the recorded time)', () => {
    const event = recordedFrom(exampleEvent('ContractSigned', 'procurement'));
    expect(JSON.stringify(mapper.map(event))).toBe(JSON.stringify(mapper.map(structuredClone(event))));
  });
});

function valueAt(data: Record<string, unknown>, path: string): unknown {
  let current: unknown = data;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
