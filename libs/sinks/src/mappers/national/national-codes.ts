/**
 * Values for the specification's code-valued fields whose tables the public implementation keeps in its
 * database (DomainMatch `sys_dic:<n>`, not public). Where the implementation's own code compares against a
 * value, that value is used (`seen`); the rest are gongkai's reading of the specification's code lists and
 * are PROVISIONAL: a province sets its own through the target's `national.codes` (docs/sinks.md).
 */
export interface NationalCodes {
  /** 主体类别 of an organisation identified by its unified social credit code (sys_dic:2001). Seen: `2`. */
  partyCodeType: string;
  /** 主体角色 (sys_dic:26, two digits). Seen: 01 招标人/采购人, 02 招标代理/采购代理. */
  role: {
    tenderer: string;
    agency: string;
    bidder: string;
    transferor: string;
    transferee: string;
    authority: string;
  };
  /** 公告性质 (sys_dic:20). Seen: 1 正常, 2 更正; 3 used here for 终止. */
  noticeNature: { normal: string; correction: string; termination: string };
  /** 公告类型 (sys_dic:32). Seen: 1 招标公告, 2 资格预审公告. */
  bulletinType: { tender: string; prequalification: string };
  /** 公示类型 (sys_dic:13): 中标候选人公示. */
  publicityType: { candidates: string };
  /** 招标方式 (sys_dic:1000): 公开招标 / 邀请招标. */
  tenderMode: { open: string; invited: string };
  /** 招标组织形式 (sys_dic:21): 自行招标 / 委托招标. */
  tenderOrganizeForm: { self: string; entrusted: string };
  /** 招标项目类型 / 采购项目类型 (sys_dic:10, 3 characters). */
  projectType: { engineering: string; procurement: string };
  /** 标段分类代码 (sys_dic:5001). */
  sectionClassifyCode: string;
  /** 采购方式 (sys_dic:43) per gongkai procurement method. */
  procurementMode: Readonly<Record<string, string>>;
  /** 采购组织形式 (sys_dic:44): 自行采购 / 委托代理. */
  procurementOrganizeForm: { self: string; entrusted: string };
  /** 供应方式 (sys_dic:7002) / 出让方式 (sys_dic:9110) / 交易方式 (sys_dic:23) per gongkai transfer method. */
  landSupplyType: Readonly<Record<string, string>>;
  miningTransferKind: Readonly<Record<string, string>>;
  propertyExchangeType: string;
  /** 资产类别 (sys_dic:22) of a 产权 transfer. */
  propertyAssetType: string;
  /** 出让收益缴纳方式 (653, numeric). */
  miningPaymentStyle: string;
  /** 违规类型 (sys_dic:1008), 奖惩或处罚类型 (sys_dic:1401), 限制的行为 (sys_dic:1007), 公开范围. */
  violationType: string;
  punishmentType: string;
  confinedAction: string;
  publicScope: string;
}

export const DEFAULT_NATIONAL_CODES: NationalCodes = {
  partyCodeType: '2',
  role: { tenderer: '01', agency: '02', bidder: '03', transferor: '01', transferee: '03', authority: '09' },
  noticeNature: { normal: '1', correction: '2', termination: '3' },
  bulletinType: { tender: '1', prequalification: '2' },
  publicityType: { candidates: '1' },
  tenderMode: { open: '1', invited: '2' },
  tenderOrganizeForm: { self: '1', entrusted: '2' },
  projectType: { engineering: 'A01', procurement: 'D01' },
  sectionClassifyCode: 'A01',
  procurementMode: {
    open_tender: '1',
    invited_tender: '2',
    competitive_negotiation: '3',
    inquiry: '4',
    single_source: '5',
    competitive_consultation: '6',
  },
  procurementOrganizeForm: { self: '1', entrusted: '2' },
  landSupplyType: { tender: '1', auction: '2', listing: '3' },
  miningTransferKind: { tender: '1', auction: '2', listing: '3', agreement: '4' },
  propertyExchangeType: '1',
  propertyAssetType: '1',
  miningPaymentStyle: '1',
  violationType: '1',
  punishmentType: '01',
  confinedAction: '1',
  publicScope: '1',
};

/** A province's codes over the defaults (one level deep, so `role.bidder` alone can be changed). */
export function mergeNationalCodes(overrides: DeepPartial<NationalCodes> | undefined): NationalCodes {
  if (!overrides) return DEFAULT_NATIONAL_CODES;
  const merged: Record<string, unknown> = { ...DEFAULT_NATIONAL_CODES };
  for (const [key, value] of Object.entries(overrides)) {
    const base = (DEFAULT_NATIONAL_CODES as unknown as Record<string, unknown>)[key];
    merged[key] =
      typeof value === 'object' && value !== null && typeof base === 'object' && base !== null
        ? { ...base, ...value }
        : value;
  }
  return merged as unknown as NationalCodes;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? Partial<T[K]> : T[K] };
