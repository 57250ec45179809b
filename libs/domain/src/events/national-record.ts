import { z } from 'zod';
import { creditCodeSchema, regionCodeSchema } from '../identifiers';
import { instant, localDate, partySchema, text, yuan } from './common';

/**
 * What the national data specification (公共资源交易平台系统数据规范 V2.0) needs on a platform record and a
 * trading centre holds, beyond the disclosure itself. Optional in the schemas (a record stays valid without
 * them); the provincial sink refuses to send a record whose data set requires one that is missing, naming
 * the field and this path, so the centre learns what to add.
 */

/** 交易机构 / 交易中心 running the transaction: TRA_AGENCY_NAME/CODE, TRAD_CENTER_NAME, TRA_PLACE_CODE. */
export const tradingVenueSchema = z.object({
  name: text,
  creditCode: creditCodeSchema,
  /** 交易发生行政区域代码 (TRA_PLACE_CODE). */
  regionCode: regionCodeSchema,
});

/** Where and under whose responsibility a disclosure was published (公告/公示发布). */
export const publicationSchema = z.object({
  /** 公告源URL / 公示源URL (URL, PROJECT_URL, LAND_URL): the page on the publishing medium. */
  url: z.url({ protocol: /^https?$/ }),
  /** 公告发布媒体 (NOTICE_MEDIA, BULLETIN_MEDIA). */
  media: text,
  /** 公告发布责任人 (BULLETIN_DUTY). */
  bulletinDuty: text,
  /** 交易平台数据验证责任人 (EXAMINER_NAME, BULLETIN_DUTY_CODE_TYPE). */
  examinerName: text,
});

/**
 * An organisation's published contact (招标人/采购人/代理机构 联系人, 联系电话, 电子邮箱, 地址): public on every
 * announcement. `telephone`, not `phone`: a natural person's `phone` is masked by the redaction policy.
 */
export const organisationContactSchema = z.object({
  person: text,
  telephone: z
    .string()
    .regex(/^[0-9+\-() ]{5,20}$/, 'expected a telephone number of 5-20 digits, "+", "-", "(", ")"'),
  email: z.email().optional(),
  address: text.optional(),
});

/** 招标代理机构 / 采购代理机构 with its contact. */
export const agencySchema = partySchema.extend({ contact: organisationContactSchema.optional() });

/** 价款形式 (PRICE_FORM_CODE 1 金额, 2 费率/比率/优惠率, 3 单价, 9 其他): amounts are 金额 unless said. */
export const priceFormSchema = z.enum(['amount', 'rate', 'unit_price', 'other']);

/**
 * The title and content of the notice a stage is published as (中标候选人公示, 中标结果公告, 更正公告, 合同…),
 * for stages whose data is otherwise structured. Announcements carry their own `title`/`content`.
 */
export const noticeSchema = z.object({ title: text, content: text });

/** On every transaction event (each variant), beside the domain's subject group. */
export const NATIONAL_RECORD_FIELDS = {
  /** The stage's own notice (公告/公示标题, 内容). */
  notice: noticeSchema.optional(),
  /** 交易机构. */
  tradingVenue: tradingVenueSchema.optional(),
  /** 公告/公示的发布 (URL, media, 责任人). */
  publication: publicationSchema.optional(),
  /** 招标代理机构 / 采购代理机构. */
  agency: agencySchema.optional(),
  /** The tenderer's / purchaser's / transferor's published contact. */
  contact: organisationContactSchema.optional(),
  /** 价款形式 of the amounts in the event (default: amount). */
  priceForm: priceFormSchema.optional(),
} as const;

/** 项目 (data set 500) behind an engineering tender project: held by the centre from the project's registration. */
export const engineeringProjectSchema = z.object({
  /** 项目名称. */
  name: text,
  /** 项目地址. */
  address: text,
  /** 项目法人. */
  legalPerson: text,
  /** 固定资产投资项目 (RELATE_CODE 1) or not (0). */
  fixedAssetInvestment: z.boolean(),
  /** 项目行业分类 (INDUSTRIES_TYPE): GB/T 4754 category code, 3 characters (e.g. `E47`). */
  industryCode: z.string().regex(/^[A-Z]\d{2}$/, 'expected a GB/T 4754 code such as E47'),
  /** 资金来源. */
  fundSource: text,
  /** 项目规模. */
  scale: text,
  /** 项目审批文件名称 / 文号 / 审批单位. */
  approvalDocument: text,
  approvalNumber: text.optional(),
  approvalAuthority: text.optional(),
  /** 项目建立时间. */
  registeredAt: instant,
});

/** 招标项目 / 标段 facts (501/502) an engineering announcement carries. */
export const ENGINEERING_TENDER_FIELDS = {
  /** 项目 (500). */
  project: engineeringProjectSchema.optional(),
  /** 标段合同估算价 (CONTRACT_RECKON_PRICE), yuan. */
  estimatedContractPrice: z
    .string()
    .regex(/^\d+(\.\d{1,2})?$/)
    .optional(),
  /** 开标时间 (BID_OPEN_TIME). */
  bidOpeningAt: instant.optional(),
  /** 招标文件获取方法 (TENDER_DOC_GET_METHOD). */
  documentsMethod: text.optional(),
  /** 是否允许联合体投标 (SYNDICATED_FLAG). */
  consortiumBidsAllowed: z.boolean().optional(),
  /** 资格预审公告 rather than 招标公告 (BULLETIN_TYPE). */
  prequalification: z.boolean().optional(),
  /** 监督部门 (SUPERVISE_DEPT_NAME/CODE). */
  supervisor: partySchema.optional(),
} as const;

/** 矿业权 facts of the 650-655 records: 矿种 code, 出让年限, location and coordinates. */
export const MINING_RIGHT_FIELDS = {
  /** 矿种代码 (IN_MINE_COME), from the mineral resources code table. */
  mineralCode: z
    .string()
    .regex(/^\d{1,10}$/)
    .optional(),
  /** 出让年限 (QT_PLAN_YEARS). */
  termYears: z.number().int().min(1).max(50).optional(),
  /** 地理位置 (NA_GEOGRAPHY_POSITION). */
  location: text.optional(),
  /** 区域坐标 (NA_AREA_COORDINATE): the corner points as published. */
  areaCoordinates: text.optional(),
} as const;

/** 异常情况 (流标/终止) as approved by the supervisor: APPROVAL_RESULT and APPROVAL_TIME of 517. */
export const EXCEPTION_APPROVAL = z.object({ result: text, approvedAt: instant });

/** 中标候选人 of an engineering tender: 质量 the candidate committed to (510 QUALITY). */
export const ENGINEERING_CANDIDATE_FIELDS = {
  qualityCommitment: text.optional(),
} as const;

/** 履约: who performed the contract (522 PERFORMANCE_PARTY_NAME/CODE) and the settled amount. */
export const PERFORMANCE_FIELDS = {
  performingParty: partySchema.optional(),
} as const;

/** 矿业权出让结果 (652/653): 竞得人地址, 成交地点, 出让收益缴纳方式 and date. */
export const MINING_AWARD_FIELDS = {
  transfereeAddress: text.optional(),
  dealPlace: text.optional(),
  /** 出让收益缴纳方式: paid at once, or by instalments. */
  paymentStyle: z.enum(['lump_sum', 'instalments']).optional(),
  /** 出让收益缴纳时间. */
  paymentDueOn: localDate.optional(),
} as const;

/** 产权挂牌 (700): whether the listing extends automatically when no buyer comes forward (POST_PONE). */
export const STATE_PROPERTY_LISTING_FIELDS = {
  autoExtension: z.boolean().optional(),
} as const;

/** 产权交易结果 (701): 转让标的评估值或账面净值 (OBJECT_EVALUATE_VALUE). */
export const STATE_PROPERTY_RESULT_FIELDS = {
  appraisedValue: yuan.optional(),
} as const;

/** What a credit record needs to name its transaction on the platform (300: 招标项目名称, 标段). */
export const CREDIT_TRANSACTION_FIELDS = {
  transactionName: text.optional(),
  bidSectionCode: z.string().length(23).optional(),
  bidSectionName: text.optional(),
} as const;
