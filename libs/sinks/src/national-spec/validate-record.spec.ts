import { NATIONAL_DATA_SETS, NATIONAL_SPEC_SOURCE, specDataSet } from './spec-data-sets';
import { validateSpecRecord } from './validate-record';

/** A 553 中标(成交)结果公告 record that satisfies every rule of the data set. */
function validAward(): Record<string, string> {
  return {
    PURCHASE_PROJECT_CODE: 'NTCG-2026-0311',
    PURCHASE_PROJECT_NAME: '南通市教育局2026年教学设备采购',
    PURCHASE_SECTION_CODE: 'NTCG-2026-0311',
    UNIFIED_DEAL_CODE: 'A'.repeat(40),
    REGION_CODE: '320600',
    TRA_PLACE_CODE: '320600',
    PURCHASER_AGENCY_NAME: '南通市政府采购中心',
    PURCHASER_AGENCY_CODE: '12320600MB1234567X',
    WIN_BID_BULLETIN_TITLE: '中标结果公告',
    WIN_BID_BULLETIN_CONTENT: '中标结果公告内容',
    WIN_BID_BULLETIN_START_TIME: '20260405090000',
    URL: 'https://ggzy.example.gov.cn/553/1',
    WINNINGBIDDER_NAME: '南通某科技有限公司',
    WINNINGBIDDER_TYPE: '97',
    WINNINGBIDDER_CODE: '91320600MA1XYZ1234',
    PRICE_FORM_CODE: '1',
    CREATOR: '张三',
    PLATFORM_CODE: '12320600MB1234567X',
  };
}

describe('the specification data sets', () => {
  it('are read from the named public implementation', () => {
    expect(NATIONAL_SPEC_SOURCE).toMatchObject({
      repository: 'lishanling/GGZY',
      commit: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(Object.keys(NATIONAL_DATA_SETS)).toEqual(
      expect.arrayContaining(['500', '501', '502', '503', '510', '553', '554', '700', '701', '300']),
    );
    expect(specDataSet('553')).toMatchObject({ table: 'BID_DEAL_ANNOUNCE', name: '中标(成交)结果公告' });
    expect(specDataSet('502')!.fields.find((field) => field.name === 'PRICE_UNIT')).toMatchObject({
      required: true,
      fixedLength: 1,
      codeTable: { name: 'PRICE_UNIT', values: { '0': '元', '1': '万元' } },
    });
  });
});

describe('validateSpecRecord', () => {
  it('accepts a record that meets every rule', () => {
    expect(validateSpecRecord('553', validAward())).toEqual([]);
  });

  it.each([
    ['required', { URL: '' }, 'URL'],
    ['fixed-length', { UNIFIED_DEAL_CODE: 'A'.repeat(39) }, 'UNIFIED_DEAL_CODE'],
    ['max-length', { PURCHASE_PROJECT_CODE: 'X'.repeat(51) }, 'PURCHASE_PROJECT_CODE'],
    [
      'date-format',
      { WIN_BID_BULLETIN_START_TIME: '2026-04-05T09:00:00+08:00' },
      'WIN_BID_BULLETIN_START_TIME',
    ],
    ['date-format', { WIN_BID_BULLETIN_START_TIME: '20260230090000' }, 'WIN_BID_BULLETIN_START_TIME'],
    ['code-table', { PRICE_FORM_CODE: '5' }, 'PRICE_FORM_CODE'],
    ['region-code', { REGION_CODE: '990600' }, 'REGION_CODE'],
    ['unknown-field', { BID_AMOUNT: '1.00' }, 'BID_AMOUNT'],
  ])('names the %s rule a field breaks', (rule, change, field) => {
    const violations = validateSpecRecord('553', { ...validAward(), ...change });
    expect(violations).toEqual([expect.objectContaining({ dataSet: '553', field, rule })]);
  });

  it('reports a missing required field with its Chinese name', () => {
    const { URL: _url, ...record } = validAward();
    expect(validateSpecRecord('553', record)).toEqual([
      { dataSet: '553', field: 'URL', rule: 'required', message: 'URL (公告源URL) is required' },
    ]);
  });

  it('checks number digits (14 integer, 6 decimal for amounts)', () => {
    const section = (price: string) =>
      validateSpecRecord('502', { CONTRACT_RECKON_PRICE: price }).filter(
        (v) => v.field === 'CONTRACT_RECKON_PRICE',
      );
    expect(section('2650000.00')).toEqual([]);
    expect(section('1.1234567')).toEqual([expect.objectContaining({ rule: 'number' })]);
    expect(section('2,650,000')).toEqual([expect.objectContaining({ rule: 'number' })]);
  });

  it('refuses lists where the specification takes one value, and unknown data sets', () => {
    expect(validateSpecRecord('553', { ...validAward(), URL: [{ A: '1' }] })).toEqual([
      expect.objectContaining({ field: 'URL', rule: 'flat-value' }),
    ]);
    expect(validateSpecRecord('999', {})).toEqual([expect.objectContaining({ rule: 'unknown-data-set' })]);
  });

  it('allows extra fields the caller names (信息来源)', () => {
    expect(
      validateSpecRecord(
        '553',
        { ...validAward(), INFO_SOURCE_NAME: 'x' },
        { extraFields: new Set(['INFO_SOURCE_NAME']) },
      ),
    ).toEqual([]);
  });
});
