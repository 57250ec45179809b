import { SPEC_FIELDS, type CatalogueDomain, type CreditEventType } from '@gongkai/domain';
import type { SinkFieldValue } from './sink-record';
import type { ValueFormat } from './schema-fields';
import { yuanToWanYuan } from './wan-yuan';

/**
 * The records gongkai sends to the public credit platform / Credit China (信用中国), one per credit event
 * type, with our field path -> Credit China field name.
 *
 * - 行政处罚 (双公示) uses the domain's SPEC_FIELDS (`cf_*`, the published 双公示 standard).
 * - Blacklist entries/removals and credit records have no field list in DOMAIN.md or SPEC_FIELDS yet; the
 *   names below follow the `cf_*` pattern (pinyin initials) with `hmd_` (黑名单) and `xy_` (信用记录)
 *   prefixes and are PROVISIONAL until the platform's interface document is at hand.
 */
export interface CreditChinaRecordType {
  dataSet: string;
  dataSetName: string;
  /** Our dotted field path -> Credit China field name. */
  fields(domain: CatalogueDomain): Readonly<Record<string, string>>;
  /** Fields naming the data source unit (数据来源单位) and its credit code. */
  dataSource: { name: string; creditCode: string };
}

const BLACKLIST_COMMON = {
  'subject.name': 'hmd_xdr_mc',
  'subject.creditCode': 'hmd_xdr_shxym',
  'authority.name': 'hmd_rdjg',
  'authority.creditCode': 'hmd_rdjgdm',
} as const;

export const CREDIT_CHINA_RECORDS: Readonly<Record<CreditEventType, CreditChinaRecordType>> = {
  PenaltyImposed: {
    dataSet: 'XZCF',
    dataSetName: '行政处罚（双公示）',
    fields: (domain) => SPEC_FIELDS.PenaltyImposed[domain].fields,
    dataSource: { name: 'cf_sjly', creditCode: 'cf_sjlydm' },
  },
  BlacklistEntered: {
    dataSet: 'HMD_LR',
    dataSetName: '列入严重失信主体名单（黑名单）',
    fields: () => ({
      ...BLACKLIST_COMMON,
      decisionNumber: 'hmd_wsh',
      severity: 'hmd_sxdj',
      reason: 'hmd_lrly',
      basis: 'hmd_yj',
      decidedOn: 'hmd_rdrq',
      displayUntil: 'hmd_gsjzq',
      restrictions: 'hmd_cjcs',
    }),
    dataSource: { name: 'hmd_sjly', creditCode: 'hmd_sjlydm' },
  },
  BlacklistRemoved: {
    dataSet: 'HMD_YC',
    dataSetName: '移出严重失信主体名单',
    fields: () => ({
      ...BLACKLIST_COMMON,
      entryDecisionNumber: 'hmd_wsh',
      removalReason: 'hmd_ycyy',
      removedOn: 'hmd_ycrq',
      repairDecisionNumber: 'hmd_xfwsh',
    }),
    dataSource: { name: 'hmd_sjly', creditCode: 'hmd_sjlydm' },
  },
  CreditRecorded: {
    dataSet: 'XYJL',
    dataSetName: '信用奖惩记录',
    fields: () => ({
      'subject.name': 'xy_xdr_mc',
      'subject.creditCode': 'xy_xdr_shxym',
      recordKind: 'xy_jllb',
      severity: 'xy_sxdj',
      recordNumber: 'xy_jlbh',
      title: 'xy_bt',
      description: 'xy_nr',
      decidedOn: 'xy_rdrq',
      displayUntil: 'xy_gsjzq',
      'authority.name': 'xy_rdjg',
      'authority.creditCode': 'xy_rdjgdm',
    }),
    dataSource: { name: 'xy_sjly', creditCode: 'xy_sjlydm' },
  },
};

const SEVERITY = { ordinary: '一般失信', serious: '严重失信' } as const;

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
