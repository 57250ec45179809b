import { CREDIT_CHINA_FIELDS, SPEC_FIELDS, type CatalogueDomain, type CreditEventType } from '@gongkai/domain';
import type { SinkFieldValue } from './sink-record';
import type { ValueFormat } from './schema-fields';
import { yuanToWanYuan } from './wan-yuan';

/**
 * The records gongkai sends to the public credit platform / Credit China (信用中国), one per credit event
 * type, with our field path -> Credit China field name.
 *
 * - 行政处罚 (双公示) uses the domain's SPEC_FIELDS (`cf_*`, the published 双公示 standard).
 * - Blacklist entries/removals and credit records use the domain's CREDIT_CHINA_FIELDS: `hmd_` (黑名单) and
 *   `xy_` (信用记录) names following the `cf_*` pattern, PROVISIONAL (PROVISIONAL_SPEC_NAMES) until the
 *   platform's interface document is at hand.
 */
export interface CreditChinaRecordType {
  dataSet: string;
  dataSetName: string;
  /** Our dotted field path -> Credit China field name. */
  fields(domain: CatalogueDomain): Readonly<Record<string, string>>;
  /** Fields naming the data source unit (数据来源单位) and its credit code. */
  dataSource: { name: string; creditCode: string };
}

export const CREDIT_CHINA_RECORDS: Readonly<Record<CreditEventType, CreditChinaRecordType>> = {
  PenaltyImposed: {
    dataSet: 'XZCF',
    dataSetName: '行政处罚（双公示）',
    fields: (domain) => SPEC_FIELDS.PenaltyImposed[domain].fields,
    dataSource: { name: 'cf_sjly', creditCode: 'cf_sjlydm' },
  },
  LicenceGranted: {
    dataSet: 'XZXK',
    dataSetName: '行政许可（双公示）',
    fields: () => CREDIT_CHINA_FIELDS.LicenceGranted,
    dataSource: { name: 'xk_lydw', creditCode: 'xk_lydwdm' },
  },
  BlacklistEntered: {
    dataSet: 'HMD_LR',
    dataSetName: '列入严重失信主体名单（黑名单）',
    fields: () => CREDIT_CHINA_FIELDS.BlacklistEntered,
    dataSource: { name: 'hmd_sjly', creditCode: 'hmd_sjlydm' },
  },
  BlacklistRemoved: {
    dataSet: 'HMD_YC',
    dataSetName: '移出严重失信主体名单',
    fields: () => CREDIT_CHINA_FIELDS.BlacklistRemoved,
    dataSource: { name: 'hmd_sjly', creditCode: 'hmd_sjlydm' },
  },
  CreditRecorded: {
    dataSet: 'XYJL',
    dataSetName: '信用奖惩记录',
    fields: () => CREDIT_CHINA_FIELDS.CreditRecorded,
    dataSource: { name: 'xy_sjly', creditCode: 'xy_sjlydm' },
  },
};

const SEVERITY = { minor: '轻微失信', ordinary: '一般失信', serious: '严重失信' } as const;

/** Code values written as the words Credit China publishes, and the fine in 万元. */
export const CREDIT_CHINA_VALUES: Readonly<Record<string, (value: SinkFieldValue) => SinkFieldValue>> = {
  /** 罚款金额 is published in 万元; the event carries yuan. */
  cf_nr_fk: (value) => (typeof value === 'string' ? yuanToWanYuan(value) : value),
  hmd_sxdj: wordsFor(SEVERITY),
  xy_sxdj: wordsFor(SEVERITY),
  xy_jllb: wordsFor({ reward: '守信激励', dishonesty: '失信记录' }),
  hmd_ycyy: wordsFor({ credit_repaired: '信用修复', display_expired: '公示期满', decision_revoked: '认定决定撤销' }),
};

function wordsFor(words: Readonly<Record<string, string>>): (value: SinkFieldValue) => SinkFieldValue {
  return (value) => (typeof value === 'string' ? (words[value] ?? value) : value);
}

/** Credit China writes dates as `yyyy/MM/dd` (双公示 data standard); instants as `yyyy/MM/dd HH:mm:ss`, Beijing time. */
export const CREDIT_CHINA_FORMAT: ValueFormat = {
  date: (value) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new RangeError(`not a yyyy-MM-dd date: ${value}`);
    return value.replace(/-/g, '/');
  },
  instant: (value) => {
    const millis = Date.parse(value);
    if (Number.isNaN(millis)) throw new RangeError(`not an instant: ${value}`);
    const beijing = new Date(millis + 8 * 60 * 60 * 1000).toISOString();
    return `${beijing.slice(0, 10).replace(/-/g, '/')} ${beijing.slice(11, 19)}`;
  },
};
