import {
  EVENT_EXAMPLES,
  EXAMPLE_PARTIES,
  SPEC_FIELDS,
  exampleEvent,
  isCreditEventType,
  type DomainEvent,
} from '@gongkai/domain';
import { createCreditChinaMapper } from './credit-china.mapper';
import { CREDIT_CHINA_RECORDS } from './credit-china.records';
import { recordedFrom } from './recorded-event.fixture';
import { UnmappableEvent, type SinkRecord } from './sink-record';

const mapper = createCreditChinaMapper({});
const map = (event: DomainEvent): SinkRecord | undefined => mapper.map(recordedFrom(event));

describe('Credit China mapper', () => {
  it.each(EVENT_EXAMPLES.map((event) => [`${event.type}/${event.data.domain}`, event] as const))(
    '%s maps to its record type, or is skipped when it is a transaction stage',
    (_name, event) => {
      const record = map(event);
      if (!isCreditEventType(event.type)) {
        expect(record).toBeUndefined();
        return;
      }
      const recordType = CREDIT_CHINA_RECORDS[event.type];
      expect(record?.dataSet).toBe(recordType.dataSet);
      const allowed = new Set([
        ...Object.values(recordType.fields(event.data.domain)),
        recordType.dataSource.name,
        recordType.dataSource.creditCode,
      ]);
      expect(Object.keys(record!.fields).filter((name) => !allowed.has(name))).toEqual([]);
    },
  );

  it('writes a licence as the 双公示 行政许可 record (xk_*), dates as yyyy/MM/dd', () => {
    expect(map(exampleEvent('LicenceGranted'))).toEqual({
      dataSet: 'XZXK',
      dataSetName: '行政许可（双公示）',
      fields: {
        xk_xdr_mc: EXAMPLE_PARTIES.third.name,
        xk_xdr_shxym: EXAMPLE_PARTIES.third.creditCode,
        xk_fr: '刘强',
        xk_xkws: '建筑业企业资质证书核准决定书',
        xk_wsh: '通住建许字〔2026〕第57号',
        xk_xklb: '核准',
        xk_xkzs: '建筑业企业资质证书',
        xk_xkbh: 'D232060123',
        xk_nr: '建筑工程施工总承包二级',
        xk_jdrq: '2026/04/08',
        xk_yxqz: '2026/04/08',
        xk_yxqzi: '2031/04/07',
        xk_xkjg: EXAMPLE_PARTIES.authority.name,
        xk_xkjgdm: EXAMPLE_PARTIES.authority.creditCode,
        xk_lydw: EXAMPLE_PARTIES.authority.name,
        xk_lydwdm: EXAMPLE_PARTIES.authority.creditCode,
      },
    });
  });

  it('writes a penalty as the 双公示 record, the fine in 万元 and dates as yyyy/MM/dd', () => {
    expect(map(exampleEvent('PenaltyImposed'))).toEqual({
      dataSet: 'XZCF',
      dataSetName: '行政处罚（双公示）',
      fields: {
        cf_xdr_mc: EXAMPLE_PARTIES.third.name,
        cf_xdr_shxym: EXAMPLE_PARTIES.third.creditCode,
        cf_fr: '刘强',
        cf_wsh: '通住建罚字〔2026〕第12号',
        cf_sy: '以他人名义投标',
        cf_yj: '《中华人民共和国招标投标法》第五十四条',
        cf_cflb: '罚款',
        cf_nr: '处中标项目金额千分之五的罚款',
        cf_nr_fk: '1.355',
        cf_jdrq: '2026/04/10',
        cf_yxq: '2027/04/10',
        cf_gsjzq: '2027/04/10',
        cf_cfjg: EXAMPLE_PARTIES.authority.name,
        cf_cfjgdm: EXAMPLE_PARTIES.authority.creditCode,
        cf_sjly: EXAMPLE_PARTIES.authority.name,
        cf_sjlydm: EXAMPLE_PARTIES.authority.creditCode,
      },
    });
  });

  it('uses only the cf_* names of the domain’s spec field list for penalties', () => {
    const record = map(exampleEvent('PenaltyImposed'));
    const specNames = new Set(Object.values(SPEC_FIELDS.PenaltyImposed.engineering.fields));
    expect(Object.keys(record!.fields).every((name) => specNames.has(name))).toBe(true);
    expect(specNames.size).toBe(Object.keys(record!.fields).length);
  });

  it.each([
    ['12345.67', '1.234567'],
    ['0.01', '0.000001'],
    ['500000', '50'],
  ])('converts a fine of %s yuan to %s 万元 exactly', (fine, wan) => {
    const penalty = exampleEvent('PenaltyImposed');
    (penalty.data as { fineAmount?: string }).fineAmount = fine;
    expect(map(penalty)?.fields['cf_nr_fk']).toBe(wan);
  });

  it('joins several penalty categories and leaves cf_nr_fk out when there is no fine', () => {
    const penalty = exampleEvent('PenaltyImposed');
    const data = penalty.data as { fineAmount?: string; categories: string[] };
    delete data.fineAmount;
    data.categories = ['警告', '没收违法所得'];
    const record = map(penalty);
    expect(record?.fields['cf_cflb']).toBe('警告;没收违法所得');
    expect(record?.fields).not.toHaveProperty('cf_nr_fk');
  });

  it('leaves out what the publisher flagged as confidential', () => {
    const penalty = exampleEvent('PenaltyImposed');
    penalty.metadata.confidentialFields = ['fineAmount', 'legalRepresentative'];
    const record = map(penalty);
    expect(record?.fields).not.toHaveProperty('cf_nr_fk');
    expect(record?.fields).not.toHaveProperty('cf_fr');
    expect(record?.fields['cf_wsh']).toBe('通住建罚字〔2026〕第12号');
  });

  it('writes blacklist entries and removals with the subject, decision and words for codes', () => {
    expect(map(exampleEvent('BlacklistEntered'))?.fields).toMatchObject({
      hmd_xdr_mc: EXAMPLE_PARTIES.third.name,
      hmd_xdr_shxym: EXAMPLE_PARTIES.third.creditCode,
      hmd_wsh: '通住建失信〔2026〕第3号',
      hmd_sxdj: '严重失信',
      hmd_rdrq: '2026/04/15',
      hmd_gsjzq: '2029/04/15',
      hmd_cjcs: '限制参与本市依法必须招标项目的投标',
    });
    expect(map(exampleEvent('BlacklistRemoved'))).toMatchObject({
      dataSet: 'HMD_YC',
      fields: { hmd_wsh: '通住建失信〔2026〕第3号', hmd_ycyy: '信用修复', hmd_ycrq: '2027/05/20' },
    });
    expect(map(exampleEvent('CreditRecorded'))?.fields).toMatchObject({
      xy_jllb: '失信记录',
      xy_sxdj: '一般失信',
    });
  });

  it('names the data source: the one the event names, else the deciding authority, never the configured unit', () => {
    const configured = createCreditChinaMapper({
      dataSourceName: '某市公共资源交易中心',
      dataSourceCode: '12320600MB1234567X',
    });
    // Blacklist entries and removals and credit records: the authority that decided (认定机关) is the source,
    // even when the target configures a unit and the event was published by someone else.
    for (const [type, prefix] of [
      ['BlacklistEntered', 'hmd'],
      ['BlacklistRemoved', 'hmd'],
      ['CreditRecorded', 'xy'],
    ] as const) {
      const event = exampleEvent(type);
      event.metadata.publisher = EXAMPLE_PARTIES.tradingCentre;
      expect([type, configured.map(recordedFrom(event))?.fields]).toEqual([
        type,
        expect.objectContaining({
          [`${prefix}_sjly`]: EXAMPLE_PARTIES.authority.name,
          [`${prefix}_sjlydm`]: EXAMPLE_PARTIES.authority.creditCode,
        }),
      ]);
    }
    // A penalty or a licence names its own data source, which wins.
    const penalty = exampleEvent('PenaltyImposed');
    (penalty.data as { dataSource: unknown }).dataSource = EXAMPLE_PARTIES.tradingCentre;
    expect(configured.map(recordedFrom(penalty))?.fields).toMatchObject({
      cf_sjly: EXAMPLE_PARTIES.tradingCentre.name,
      cf_sjlydm: EXAMPLE_PARTIES.tradingCentre.creditCode,
    });
  });

  it('skips transaction stages and foreign events without parsing them; refuses a credit event that does not parse', () => {
    const award = recordedFrom(exampleEvent('AwardPublished'), { data: { nonsense: true } });
    expect(mapper.map(award)).toBeUndefined();
    expect(mapper.map({ ...recordedFrom(exampleEvent('PenaltyImposed')), type: 'Stage' })).toBeUndefined();
    const penalty = exampleEvent('PenaltyImposed');
    const broken = recordedFrom(penalty, { data: { ...(penalty.data as object), fineAmount: '1.234' } });
    expect(() => mapper.map(broken)).toThrow(UnmappableEvent);
  });
});
