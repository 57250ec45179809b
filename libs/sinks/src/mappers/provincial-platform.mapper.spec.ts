import {
  EVENT_EXAMPLES,
  EXAMPLE_PARTIES,
  EXAMPLE_PERSONS,
  exampleEvent,
  toPublicView,
  type CatalogueDomain,
  type DomainEvent,
  type PublicEventView,
} from '@gongkai/domain';
import { validateSpecRecord } from '../national-spec/validate-record';
import { toSpecDateTime } from './data-timestamp';
import { defaultUnifiedDealCode } from './national/unified-deal-code';
import { isNumberedDomain } from './national/stage-records';
import {
  INFORMATION_SOURCE_FIELDS,
  NATIONAL_EXTENSION_FIELDS,
  NationalSpecViolation,
  createProvincialPlatformMapper,
} from './provincial-platform.mapper';
import { recordedFrom, stringsIn } from './recorded-event.fixture';
import { UnmappableEvent, type SinkRecord } from './sink-record';

const PLATFORM = '12320600466789123X';
const mapper = createProvincialPlatformMapper({ platformCode: PLATFORM, pubServicePlatCode: 'G3200000001' });
const domainOf = (event: DomainEvent): CatalogueDomain => event.data.domain;
const map = (event: DomainEvent): SinkRecord | undefined => mapper.map(recordedFrom(event));
/** The records of one mapped event, in the order the platform stores them. */
const recordsOf = (record: SinkRecord | undefined): SinkRecord[] =>
  record ? [...(record.preceding ?? []), record] : [];
const INFO_SOURCE = NATIONAL_EXTENSION_FIELDS;

describe('provincial platform mapper', () => {
  describe.each(EVENT_EXAMPLES.map((event) => [`${event.type}/${domainOf(event)}`, event] as const))(
    '%s',
    (_name, event) => {
      it('sends records that meet every rule of their data set, or nothing', () => {
        for (const record of recordsOf(map(event))) {
          if (!isNumberedDomain(domainOf(event)) && !['300', '302', '303'].includes(record.dataSet)) continue;
          expect([
            record.dataSet,
            validateSpecRecord(record.dataSet, record.fields, { extraFields: INFO_SOURCE }),
          ]).toEqual([record.dataSet, []]);
        }
      });

      it('names the platform, the data timestamp and the information source on every record', () => {
        for (const record of recordsOf(map(event))) {
          expect(record.fields).toMatchObject({
            PLATFORM_CODE: PLATFORM,
            PUB_SERVICE_PLAT_CODE: 'G3200000001',
            DATA_TIMESTAMP: '20260302090005',
            [INFORMATION_SOURCE_FIELDS.name]: event.metadata.publisher.name,
            [INFORMATION_SOURCE_FIELDS.creditCode]: event.metadata.publisher.creditCode,
            [INFORMATION_SOURCE_FIELDS.sourceSystem]: '南通市公共资源交易平台',
            // When the information was published, on every record, whatever its data set calls it.
            [INFORMATION_SOURCE_FIELDS.publishedAt]: toSpecDateTime(event.metadata.publishedAt),
          });
        }
      });

      it('lets no personal data or bank account reach the record', () => {
        const record = map(event);
        const leaked = new Set<string>([
          ...EXAMPLE_PERSONS.flatMap((person) => Object.values(person)),
          '274563218901',
        ]);
        expect(stringsIn(record).filter((value) => leaked.has(value))).toEqual([]);
      });
    },
  );

  it('writes an engineering award as 513 with the specification names and formats', () => {
    const record = map(exampleEvent('AwardPublished', 'engineering'))!;
    expect(record.dataSet).toBe('513');
    expect(record.dataSetName).toBe('中标结果公告');
    expect(record.fields).toMatchObject({
      TENDER_PROJECT_CODE: '3206022026A000127001',
      BID_SECTION_CODE: '3206022026A000127001001',
      UNIFIED_DEAL_CODE: defaultUnifiedDealCode({
        platformCode: PLATFORM,
        domain: 'engineering',
        transactionId: '3206022026A000127001',
      }),
      REGION_CODE: '320602',
      TRA_PLACE_CODE: '320600',
      TENDER_AGENCY_CODE: EXAMPLE_PARTIES.agency.creditCode,
      NOTICE_NAME: '中标结果公告',
      NOTICE_SEND_TIME: '20260401100000',
      NOTICE_MEDIA: '南通市公共资源交易网',
      URL: 'https://ggzy.nantong.gov.cn/engineering/award-published/2026-0031.html',
      NOTICE_NATURE: '1',
      WIN_BIDDER_CODE: EXAMPLE_PARTIES.winner.creditCode,
      PRICE_FORM_CODE: '1',
      BID_AMOUNT: '2650000.00',
      BID_CURRENCY: 'CNY',
      PRICE_UNIT: '0',
      BULLETIN_DUTY: '张敏',
      EXAMINER_NAME: '李卫东',
    });
  });

  it('puts the platform envelope first, for diffable payloads', () => {
    const record = map(exampleEvent('AwardPublished', 'land'))!;
    expect(Object.keys(record.fields).slice(0, 3)).toEqual([
      'PLATFORM_CODE',
      'PUB_SERVICE_PLAT_CODE',
      'DATA_TIMESTAMP',
    ]);
  });

  it('opens an engineering tender with 500 项目, 501 招标项目 and 502 标段 before the 503 announcement', () => {
    const record = map(exampleEvent('AnnouncementPublished', 'engineering'))!;
    expect(recordsOf(record).map((each) => each.dataSet)).toEqual(['500', '501', '502', '503']);
    const [project, tender, section] = record.preceding!;
    // 项目编号 (17) is the 招标项目编号 (20) without its 3-digit sequence.
    expect(project!.fields['PROJECT_CODE']).toBe('3206022026A000127');
    expect(tender!.fields).toMatchObject({
      PROJECT_CODE: '3206022026A000127',
      TENDER_PROJECT_CODE: '3206022026A000127001',
    });
    expect(section!.fields).toMatchObject({
      CONTRACT_RECKON_PRICE: '2800000.00',
      CURRENCY_CODE: 'CNY',
      PRICE_UNIT: '0',
    });
    expect(record.fields).toMatchObject({
      NOTICE_NATURE: '1',
      BID_OPEN_TIME: '20260325093000',
      DOC_GET_END_TIME: '20260309170000',
    });
  });

  it('sends the 516 qualification result with the passed and the rejected applicants, each with its reason', () => {
    const event = exampleEvent('QualificationResultPublished', 'engineering');
    const record = map(event)!;
    expect(record.dataSet).toBe('516');
    expect(record.fields).toMatchObject({
      PASSED_APPLICANT_LIST: [EXAMPLE_PARTIES.winner, EXAMPLE_PARTIES.runnerUp, EXAMPLE_PARTIES.third]
        .map((party) => `${party.name}(${party.creditCode})`)
        .join(';'),
      // 被拒绝申请人及不合格原因 (Suzhou requires it; the specification's 516 has no field for it).
      REJECTED_APPLICANT_LIST: '南通某建设有限公司(91320602MA1X5Y2L1J):项目经理注册证书已过期',
      RESULT_CREATE_TIME: '20260325150000',
    });
    expect(validateSpecRecord('516', record.fields, { extraFields: NATIONAL_EXTENSION_FIELDS })).toEqual([]);
    // A reason containing the list's separators cannot split the list.
    const tricky = exampleEvent('QualificationResultPublished', 'engineering');
    (tricky.data as { rejected: { reason: string }[] }).rejected[0]!.reason = '业绩不符;资质:过期';
    expect(map(tricky)!.fields['REJECTED_APPLICANT_LIST']).toBe(
      '南通某建设有限公司(91320602MA1X5Y2L1J):业绩不符；资质：过期',
    );
  });

  it('sends housing results complete: who passed or was rejected and why, who was allocated which dwelling', () => {
    const qualification = map(exampleEvent('QualificationResultPublished', 'housing'))!;
    expect(qualification.dataSet).toBe('902');
    expect(qualification.fields).toMatchObject({
      NOTICE_NAME: '资格审查结果公示',
      URL: 'https://ggzy.nantong.gov.cn/housing/qualification-result-published/2026-0031.html',
      HOUSING_TYPE: '公共租赁住房',
      RESULT_CREATE_TIME: '20260325150000',
      // Natural persons: the masked names of the public view, never an ID number.
      PASSED_APPLICANT_LIST: '张**;李**;王*',
      REJECTED_APPLICANT_LIST: '赵*:家庭人均收入超过本市保障标准',
    });
    const shortlist = map(exampleEvent('CandidatesPublicized', 'housing'))!;
    expect(shortlist.fields).toMatchObject({ APPLICANT_LIST: '张**(2人);李**(3人);王*(4人)' });
    const allocation = map(exampleEvent('AwardPublished', 'housing'))!;
    expect(allocation.dataSet).toBe('904');
    expect(allocation.fields).toMatchObject({
      NOTICE_NAME: '中标结果公告',
      URL: 'https://ggzy.nantong.gov.cn/housing/award-published/2026-0031.html',
      HOUSING_TYPE: '公共租赁住房',
      ALLOCATION_TIME: '20260331100000',
      DWELLING_COUNT: 3,
      ALLOCATION_RESULT_LIST: '张**:幸福里1幢101室;李**:幸福里2幢102室;王*:幸福里3幢103室',
    });
    const contract = map(exampleEvent('ContractSigned', 'housing'))!;
    expect(contract.fields).toMatchObject({ TENANT_NAME: '张**', DWELLING: '幸福里1幢101室' });
    for (const record of [qualification, shortlist, allocation, contract]) {
      expect(JSON.stringify(record)).not.toMatch(/\d{6}\*{8}\d{4}|320602198503151238/);
    }
  });

  it('sends one 510 row per candidate before the 511 publicity', () => {
    const record = map(exampleEvent('CandidatesPublicized', 'engineering'))!;
    const rows = record.preceding!;
    expect(
      rows.map((row) => [row.dataSet, row.fields['WIN_CANDIDATE_ORDER'], row.fields['BID_PRICE']]),
    ).toEqual([
      ['510', '1', '2650000.00'],
      ['510', '2', '2688000.00'],
      ['510', '3', '2710500.50'],
    ]);
    expect(record.dataSet).toBe('511');
    expect(record.fields).toMatchObject({
      PUBLICITY_START_TIME: '20260327090000',
      PUBLICITY_END_TIME: '20260330170000',
    });
    expect(record.fields).not.toHaveProperty('TENDER_CANDIDATE');
  });

  it.each([
    ['AnnouncementCorrected', 'engineering', ['503']],
    ['TransactionTerminated', 'engineering', ['517']],
    ['QualificationResultPublished', 'engineering', ['516']],
    ['ContractSigned', 'engineering', ['512']],
    ['ContractChanged', 'engineering', ['522']],
    ['AnnouncementPublished', 'procurement', ['550', '551']],
    ['AnnouncementCorrected', 'procurement', ['552']],
    ['TransactionTerminated', 'procurement', ['552']],
    ['AwardPublished', 'procurement', ['553']],
    ['ContractSigned', 'procurement', ['554']],
    ['AnnouncementPublished', 'land', ['600']],
    ['AwardPublished', 'land', ['601']],
    ['AnnouncementPublished', 'mining', ['651']],
    ['AwardPublished', 'mining', ['653']],
    ['AnnouncementPublished', 'state_property', ['700']],
    ['AwardPublished', 'state_property', ['701']],
    ['PenaltyImposed', 'engineering', ['300']],
    ['BlacklistEntered', 'engineering', ['302']],
    ['BlacklistRemoved', 'engineering', ['303']],
    ['AnnouncementPublished', 'housing', ['901']],
  ] as const)('%s in %s -> data sets %j', (type, domain, dataSets) => {
    expect(recordsOf(map(exampleEvent(type, domain))).map((record) => record.dataSet)).toEqual(dataSets);
  });

  it.each([
    ['QualificationResultPublished', 'procurement'],
    ['CandidatesPublicized', 'procurement'],
    ['ContractChanged', 'procurement'],
    ['CandidatesPublicized', 'land'],
    ['ContractSigned', 'land'],
    ['ContractSigned', 'mining'],
    ['TransactionTerminated', 'mining'],
    ['ContractSigned', 'state_property'],
    ['ComplaintDecided', 'engineering'],
    ['CreditRecorded', 'engineering'],
  ] as const)('does not send %s in %s (no data set of the specification means it)', (type, domain) => {
    expect(map(exampleEvent(type, domain))).toBeUndefined();
  });

  it('puts the same 40-character UNIFIED_DEAL_CODE on every record of a transaction, credit records included', () => {
    const codes = new Set<unknown>();
    for (const event of EVENT_EXAMPLES.filter((each) => domainOf(each) === 'engineering')) {
      for (const record of recordsOf(map(event))) {
        const code = record.fields['UNIFIED_DEAL_CODE'] ?? record.fields['UNIFIED_DEAL_CODES'];
        if (record.dataSet === '302' || record.dataSet === '303' || record.dataSet === '500') continue;
        codes.add(code);
      }
    }
    expect([...codes]).toEqual([expect.stringMatching(/^01[0-9A-F]{38}$/)]);
  });

  it('sends an exploration right (探矿权) as 650 and its result as 652', () => {
    const asExploration = (event: DomainEvent): DomainEvent => {
      (event.data as { rightKind: string }).rightKind = 'exploration';
      return event;
    };
    const announcement = map(asExploration(exampleEvent('AnnouncementPublished', 'mining')))!;
    const award = map(asExploration(exampleEvent('AwardPublished', 'mining')))!;
    expect([announcement.dataSet, award.dataSet]).toEqual(['650', '652']);
    expect(announcement.fields).toMatchObject({ IN_MINE_COME: '6511', QT_PLAN_YEARS: '10', QT_TOTAL_AREA: '0.1832' });
    expect(award.fields).toMatchObject({ QT_PUBLIC_PRICE: '2650000.00', DT_BUY_DATE: '20260331', DT_COST_DATE: '20260515' });
  });

  it('derives the code from the platform and the transaction only, so every process and rebuild agree', () => {
    const input = { platformCode: PLATFORM, domain: 'land', transactionId: 'R2026-012' } as const;
    expect(defaultUnifiedDealCode(input)).toBe(defaultUnifiedDealCode({ ...input }));
    expect(defaultUnifiedDealCode(input)).toHaveLength(40);
    expect(defaultUnifiedDealCode({ ...input, platformCode: '12320500466789123X' })).not.toBe(
      defaultUnifiedDealCode(input),
    );
    expect(defaultUnifiedDealCode(input).slice(0, 2)).toBe('03');
  });

  it('refuses, naming the rule and where the event should carry it, a record the platform would refuse', () => {
    const award = exampleEvent('AwardPublished', 'engineering');
    delete (award.data as { publication?: unknown }).publication;
    let error: unknown;
    try {
      map(award);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NationalSpecViolation);
    expect(error).toBeInstanceOf(UnmappableEvent);
    const message = (error as Error).message;
    expect(message).toContain('513 URL (公告源URL) is required [required] (event: publication.url)');
    expect(message).toContain(
      '513 BULLETIN_DUTY (公示发布责任人) is required [required] (event: publication.bulletinDuty)',
    );
    expect((error as NationalSpecViolation).violations.map((violation) => violation.field).sort()).toEqual([
      'BULLETIN_DUTY',
      'EXAMINER_NAME',
      'NOTICE_MEDIA',
      'URL',
    ]);
  });

  it('refuses a required field the publisher flagged as a commercial secret, and drops an optional one', () => {
    const award = exampleEvent('AwardPublished', 'engineering');
    award.metadata.confidentialFields = ['bidAmount'];
    expect(map(award)?.fields).not.toHaveProperty('BID_AMOUNT');
    const land = exampleEvent('AwardPublished', 'land');
    land.metadata.confidentialFields = ['dealPrice'];
    expect(() => map(land)).toThrow(/601 DEAL_PRICE \(成交价格\) is required/);
  });

  it('builds the record from the public view it is given, never from the stored data', () => {
    const redacting = createProvincialPlatformMapper({
      platformCode: PLATFORM,
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
    expect(map(exampleEvent('CreditRecorded'))).toBeUndefined();
    const broken = recordedFrom(exampleEvent('CreditRecorded'), { data: { domain: 'engineering' } });
    expect(mapper.map(broken)).toBeUndefined();
    const foreign = { ...recordedFrom(exampleEvent('AwardPublished')), type: 'SomethingElse' };
    expect(mapper.map(foreign)).toBeUndefined();
  });

  it('refuses (as unmappable) a stage event whose content does not parse', () => {
    const event = exampleEvent('AwardPublished', 'engineering');
    const broken = recordedFrom(event, { data: { ...(event.data as object), bidAmount: '12.345' } });
    expect(() => mapper.map(broken)).toThrow(UnmappableEvent);
  });

  it('takes a province’s own numbering, names, field names, codes and skipped stages from the options', () => {
    const jiangsu = createProvincialPlatformMapper({
      platformCode: PLATFORM,
      pubServicePlatCode: 'G',
      province: {
        dataSets: { '513': { code: 'JS513', name: '中标结果公示', fields: { WIN_BIDDER_NAME: 'ZBRMC' } } },
        codes: { role: { bidder: '05' } },
        skip: ['land:AnnouncementPublished'],
      },
    });
    const award = jiangsu.map(recordedFrom(exampleEvent('AwardPublished', 'engineering')))!;
    expect(award).toMatchObject({ dataSet: 'JS513', dataSetName: '中标结果公示' });
    expect(award.fields).toMatchObject({ ZBRMC: EXAMPLE_PARTIES.winner.name, BIDDER_ROLE: '05' });
    expect(award.fields).not.toHaveProperty('WIN_BIDDER_NAME');
    expect(jiangsu.map(recordedFrom(exampleEvent('AnnouncementPublished', 'land')))).toBeUndefined();
    expect(jiangsu.map(recordedFrom(exampleEvent('AwardPublished', 'land')))?.dataSet).toBe('601');
  });

  it('repeats the same record for the same event (DATA_TIMESTAMP is the recorded time)', () => {
    const event = recordedFrom(exampleEvent('ContractSigned', 'procurement'));
    expect(JSON.stringify(mapper.map(event))).toBe(JSON.stringify(mapper.map(structuredClone(event))));
  });
});
