import { z } from 'zod';
import type { CatalogueDomain } from '../catalogues';
import {
  bankAccountSchema,
  candidateSchema,
  instant,
  naturalPersonSchema,
  partySchema,
  longText,
  TEXT_MAX_CHARS,
  text,
  yuan,
  decimal,
} from './common';
import {
  ENGINEERING_CANDIDATE_FIELDS,
  ENGINEERING_TENDER_FIELDS,
  EXCEPTION_APPROVAL,
  MINING_AWARD_FIELDS,
  PERFORMANCE_FIELDS,
  STATE_PROPERTY_LISTING_FIELDS,
  STATE_PROPERTY_RESULT_FIELDS,
} from './national-record';
import { inEveryDomain, variant } from './variant';

/**
 * Transaction stage events, one discriminated union per event type (`domain` discriminator). Date fields are
 * ISO instants with offsets and carry the names the deadline rules anchor on (calendar/DATE_ANCHORS).
 */

const notice = {
  /** 公告名称 (NOTICE_NAME). */
  title: text,
  /** 公告内容 (NOTICE_CONTENT), or a summary of it. */
  content: longText.optional(),
  url: z.url().optional(),
};

const publicity = {
  publicityStart: instant,
  publicityEnd: instant,
};

/** What each domain's announcement says (beyond the subject group): also restated by a correction. */
const ANNOUNCEMENT_SHAPES = {
  engineering: {
    ...notice,
    /** 招标范围 and project overview. */
    scope: text,
    /** 投标人资格要求. */
    qualificationRequirements: text,
    documentsIssueStart: instant,
    documentsIssueEnd: instant,
    bidDeadline: instant,
    /** 资格预审: when its documents stop selling and applications are due (实施条例 第十七条). */
    prequalificationDocumentsIssueEnd: instant.optional(),
    prequalificationDeadline: instant.optional(),
    /** 投标文件递交方式. */
    submissionMethod: text.optional(),
    ...ENGINEERING_TENDER_FIELDS,
  },
  procurement: {
    ...notice,
    budgetAmount: yuan,
    /** 最高限价, if set. */
    maximumPrice: yuan.optional(),
    announcementStart: instant,
    announcementEnd: instant,
    documentsIssueStart: instant.optional(),
    documentsIssueEnd: instant.optional(),
    bidDeadline: instant,
  },
  land: {
    ...notice,
    startingPrice: yuan,
    bidDeposit: yuan,
    /** 招标、拍卖、挂牌开始. */
    tradingStart: instant,
    listingStart: instant.optional(),
    listingEnd: instant.optional(),
    planningConditions: text.optional(),
  },
  mining: {
    ...notice,
    startingPrice: yuan,
    bidDeposit: yuan.optional(),
    tradingStart: instant,
    bidDeadline: instant.optional(),
  },
  state_property: {
    ...notice,
    listingPrice: yuan,
    /** 审计、评估结果 (评估值). */
    appraisedValue: yuan.optional(),
    announcementStart: instant,
    announcementEnd: instant,
    transfereeConditions: text.optional(),
    ...STATE_PROPERTY_LISTING_FIELDS,
  },
  medical: {
    ...notice,
    budgetAmount: yuan.optional(),
    documentsIssueStart: instant.optional(),
    documentsIssueEnd: instant.optional(),
    bidDeadline: instant,
  },
  emission: {
    ...notice,
    listingPrice: yuan,
    announcementStart: instant,
    announcementEnd: instant,
  },
  sea_area: {
    ...notice,
    startingPrice: yuan,
    bidDeposit: yuan.optional(),
    tradingStart: instant,
  },
  forest: {
    ...notice,
    listingPrice: yuan,
    announcementStart: instant,
    announcementEnd: instant,
  },
  housing: {
    ...notice,
    /** 分配房源: number of dwellings offered in the batch. */
    dwellingsOffered: z.number().int().min(1),
    /** 分配对象 eligibility and 分配程序. */
    eligibility: text,
    applicationStart: instant,
    applicationEnd: instant,
  },
} satisfies Record<CatalogueDomain, z.ZodRawShape>;

/** One variant per domain, each with its domain's shape (the discriminated union of a stage's data). */
function perDomain<S extends Record<CatalogueDomain, z.ZodRawShape>>(shapes: S) {
  const inDomain = <D extends CatalogueDomain>(domain: D) => variant(domain, shapes[domain] as S[D]);
  return z.discriminatedUnion('domain', [
    inDomain('engineering'),
    inDomain('procurement'),
    inDomain('land'),
    inDomain('mining'),
    inDomain('state_property'),
    inDomain('medical'),
    inDomain('emission'),
    inDomain('sea_area'),
    inDomain('forest'),
    inDomain('housing'),
  ]);
}

/** 招标公告 / 采购公告 / 出让公告 / 挂牌公告 / 交易公告 / 分配房源. */
export const announcementPublishedSchema = perDomain(ANNOUNCEMENT_SHAPES);

const qualification = {
  /** 资格预审 / 资格后审. */
  reviewKind: z.enum(['prequalification', 'post_qualification']),
  reviewedAt: instant,
  passed: z.array(partySchema),
  /** Each rejected applicant with the reason it failed (未通过原因). */
  rejected: z.array(partySchema.extend({ reason: text })),
};

/** What each domain's qualification result says; also restated by its correction. */
const QUALIFICATION_SHAPES = {
  engineering: qualification,
  procurement: qualification,
  land: qualification,
  mining: qualification,
  state_property: qualification,
  medical: qualification,
  emission: qualification,
  sea_area: qualification,
  forest: qualification,
  /** 保障对象资格审核 of the applying households (natural persons). */
  housing: {
    reviewKind: z.literal('eligibility_review'),
    reviewedAt: instant,
    passed: z.array(naturalPersonSchema),
    rejected: z.array(naturalPersonSchema.extend({ reason: text })),
  },
} satisfies Record<CatalogueDomain, z.ZodRawShape>;

/** 资格审查结果; for housing, 保障对象资格审核 of the applying households (natural persons). */
export const qualificationResultPublishedSchema = perDomain(QUALIFICATION_SHAPES);

const candidatesPublicity = {
  ...publicity,
  /** 收到评标报告 (or 评审报告) date. */
  evaluationReportReceived: instant,
  /** 提出异议的渠道和方式 (OBJECTION_METHOD). */
  objectionChannel: text,
};

/** Engineering candidates carry the project manager and what they declared (招标投标法实施条例 §54 practice). */
const engineeringCandidate = candidateSchema.extend({
  durationDays: z.number().int().min(1),
  projectManager: z.object({
    name: text,
    /** 注册建造师 certificate number. */
    certificateNumber: text,
    trackRecord: text.optional(),
  }),
  /** Qualifications the candidate declared in its bid (资质). */
  declaredQualifications: z.array(text),
  ...ENGINEERING_CANDIDATE_FIELDS,
});

const candidateList = z.array(candidateSchema).min(1);

/** What each domain's candidates publicity says; also restated by its correction. */
const CANDIDATES_SHAPES = {
  engineering: { ...candidatesPublicity, candidates: z.array(engineeringCandidate).min(1) },
  procurement: { ...candidatesPublicity, candidates: candidateList },
  land: { ...candidatesPublicity, candidates: candidateList },
  mining: { ...candidatesPublicity, candidates: candidateList },
  state_property: { ...candidatesPublicity, candidates: candidateList },
  medical: {
    ...candidatesPublicity,
    candidates: z.array(candidateSchema.extend({ productName: text.optional() })).min(1),
  },
  emission: { ...candidatesPublicity, candidates: candidateList },
  sea_area: { ...candidatesPublicity, candidates: candidateList },
  forest: { ...candidatesPublicity, candidates: candidateList },
  housing: {
    ...publicity,
    objectionChannel: text,
    /** 分配对象 shortlisted for the batch: natural persons. */
    applicants: z.array(naturalPersonSchema.extend({ householdSize: z.number().int().min(1) })).min(1),
  },
} satisfies Record<CatalogueDomain, z.ZodRawShape>;

/** 中标候选人公示 / 成交候选人公示 / 入围公示 / 分配对象公示. */
export const candidatesPublicizedSchema = perDomain(CANDIDATES_SHAPES);

const award = {
  /** 确定中标人/成交人之日. */
  winnerChosen: instant,
  /** 中标/成交通知书发出之日. */
  awardNoticeIssued: instant.optional(),
  /**
   * The award replaces the published one: the winner declined, failed to perform or was disqualified, and the next
   * candidate in the ranking is awarded (招标投标法实施条例 第五十五条, 政府采购法实施条例 第四十九条). Both awards stay in
   * the trail.
   */
  reassignment: z
    .object({
      previousWinner: partySchema,
      reason: z.enum(['declined', 'failed_to_perform', 'disqualified']),
      explanation: text,
    })
    .optional(),
  /**
   * Why the amount differs from the publicized bid: the evaluation committee corrected an arithmetic error, or the
   * price is a unit price or framework price (medical consumables) rather than a total.
   */
  amountCorrection: z
    .object({
      reason: z.enum(['arithmetic_correction', 'unit_price_contract', 'framework_agreement']),
      explanation: text,
    })
    .optional(),
};

/** What each domain's award says; also restated by its correction. */
const AWARD_SHAPES = {
  engineering: {
    ...award,
    winBidder: partySchema,
    bidAmount: yuan,
    durationDays: z.number().int().min(1).optional(),
    projectManagerName: text.optional(),
  },
  procurement: {
    ...award,
    supplier: partySchema,
    dealAmount: yuan,
    /** 收到评审报告之日, when no candidates were publicized (政府采购法实施条例 第四十三条: 5 working days). */
    evaluationReportReceived: instant.optional(),
  },
  /** 成交公示: 竞得人. */
  land: { ...award, landee: partySchema, dealPrice: yuan },
  mining: { ...award, transferee: partySchema, dealPrice: yuan, ...MINING_AWARD_FIELDS },
  state_property: {
    ...award,
    ...publicity,
    transferee: partySchema,
    dealPrice: yuan,
    ...STATE_PROPERTY_RESULT_FIELDS,
  },
  medical: { ...award, supplier: partySchema, dealAmount: yuan },
  /** 成交结果, or the buy-back (收储) quantity and price. */
  emission: {
    ...award,
    buyer: partySchema,
    dealPrice: yuan,
    dealQuantityTonnes: decimal.optional(),
  },
  sea_area: { ...award, transferee: partySchema, dealPrice: yuan },
  forest: { ...award, transferee: partySchema, dealPrice: yuan },
  /** 分配结果: 分配对象姓名、分配保障性住房类型 (晋江 list). */
  housing: {
    ...award,
    recipients: z.array(naturalPersonSchema.extend({ dwelling: text })).min(1),
  },
} satisfies Record<CatalogueDomain, z.ZodRawShape>;

/** 中标结果 / 成交结果 / 成交公示 / 分配结果. */
export const awardPublishedSchema = perDomain(AWARD_SHAPES);

const contract = {
  contractNumber: text.optional(),
  /** 合同签订之日 (SIGNING_TIME). */
  signedAt: instant,
  /** Award notice date, repeated for the 30-day rule when known. */
  awardNoticeIssued: instant.optional(),
};

/** What each domain's contract says; also restated by its correction. */
const CONTRACT_SHAPES = {
  engineering: { ...contract, winBidder: partySchema, contractAmount: yuan },
  procurement: { ...contract, supplier: partySchema, contractAmount: yuan },
  land: { ...contract, landee: partySchema, contractAmount: yuan },
  mining: { ...contract, transferee: partySchema, contractAmount: yuan },
  state_property: {
    ...contract,
    transferee: partySchema,
    contractAmount: yuan,
    /** Account the price is paid into (restricted). */
    settlementAccount: bankAccountSchema.optional(),
  },
  medical: { ...contract, supplier: partySchema, contractAmount: yuan },
  emission: { ...contract, buyer: partySchema, contractAmount: yuan },
  sea_area: { ...contract, transferee: partySchema, contractAmount: yuan },
  forest: { ...contract, transferee: partySchema, contractAmount: yuan },
  /** 租赁/买卖合同 with the household allocated a dwelling. */
  housing: {
    ...contract,
    tenant: naturalPersonSchema,
    dwelling: text,
    contractAmount: yuan.optional(),
  },
} satisfies Record<CatalogueDomain, z.ZodRawShape>;

/** 合同订立 / 出让合同 (供应结果) / 交易合同 / 租赁合同. */
export const contractSignedSchema = perDomain(CONTRACT_SHAPES);

/** 履约及变更: performance, variation, or termination of the contract (housing: 退出). */
export const contractChangedSchema = inEveryDomain({
  changeKind: z.enum(['performance', 'variation', 'termination']),
  changedAt: instant,
  description: text,
  /** Contract amount after a variation. */
  newContractAmount: yuan.optional(),
  contractNumber: text.optional(),
  ...PERFORMANCE_FIELDS,
});

/** Most changed fields one correction lists. */
export const CORRECTIONS_MAX = 200;

/** 更正公告 / 信息变更. */
const correction = {
  correctedAt: instant,
  reason: text,
  /** 更正事项: each field changed, as it read and as it reads now. */
  corrections: z
    .array(z.object({ field: text, before: z.string().max(TEXT_MAX_CHARS).optional(), after: text }))
    .min(1)
    .max(CORRECTIONS_MAX),
  /**
   * Whether the change may affect the preparation of bids or applications (实施条例 第二十一条, 政府采购法实施条例
   * 第三十一条): only such a correction must come 15 days before the bid deadline (3 before prequalification).
   */
  affectsPreparation: z.boolean().optional(),
  /** New dates when the correction moves them (the new period is checked again). */
  bidDeadline: instant.optional(),
  prequalificationDeadline: instant.optional(),
  documentsIssueEnd: instant.optional(),
  announcementEnd: instant.optional(),
  tradingStart: instant.optional(),
};

/**
 * A correction in a domain, with the announcement as it stands after the correction (restatedAnnouncement):
 * the national data specification records a correction as the whole announcement row again (503 and 600
 * with 公告性质 更正; 650/651/700 resent), which a correction's list of changes alone cannot fill.
 */
const correctionIn = <D extends CatalogueDomain>(domain: D) =>
  variant(domain, {
    ...correction,
    restatedAnnouncement: z.object(ANNOUNCEMENT_SHAPES[domain] as (typeof ANNOUNCEMENT_SHAPES)[D]).optional(),
  });

export const announcementCorrectedSchema = z.discriminatedUnion('domain', [
  correctionIn('engineering'),
  correctionIn('procurement'),
  correctionIn('land'),
  correctionIn('mining'),
  correctionIn('state_property'),
  correctionIn('medical'),
  correctionIn('emission'),
  correctionIn('sea_area'),
  correctionIn('forest'),
  correctionIn('housing'),
]);

/**
 * 更正公告 of a later stage (资格审查结果, 中标候选人公示, 中标结果, 合同): what changed (`corrections`) and the stage as
 * it stands after the correction (`restated`, required: the national specification resends the whole record
 * with 公告性质 更正, and the as-of view shows the restated stage from the correction's publication on). The
 * stage's first publication stays in the trail; both versions are read back by `/versions`.
 */
const stageCorrection = {
  correctedAt: correction.correctedAt,
  reason: correction.reason,
  corrections: correction.corrections,
};

/** Each domain's correction: the changes, and the stage restated in that domain's shape. */
type Restated<S extends Record<CatalogueDomain, z.ZodRawShape>> = {
  [D in CatalogueDomain]: typeof stageCorrection & { restated: z.ZodObject<S[D]> };
};

function stageCorrectionOf<S extends Record<CatalogueDomain, z.ZodRawShape>>(shapes: S) {
  const restated = Object.fromEntries(
    Object.entries(shapes).map(([domain, shape]) => [
      domain,
      { ...stageCorrection, restated: z.object(shape) },
    ]),
  ) as Restated<S>;
  return perDomain(restated);
}

/** 资格审查结果更正. */
export const qualificationResultCorrectedSchema = stageCorrectionOf(QUALIFICATION_SHAPES);
/** 中标候选人公示更正 (a longer publicity period is checked again, and may cure a PERIOD_TOO_SHORT). */
export const candidatesCorrectedSchema = stageCorrectionOf(CANDIDATES_SHAPES);
/** 中标（成交）结果更正: the winner stays; a new winner is a reassignment (AwardPublished). */
export const awardCorrectedSchema = stageCorrectionOf(AWARD_SHAPES);
/** 合同订立信息更正: a change of the contract itself is ContractChanged. */
export const contractCorrectedSchema = stageCorrectionOf(CONTRACT_SHAPES);

/** 流标 / 终止 / 废标. */
const termination = {
  terminationKind: z.enum(['failed_bid', 'terminated', 'annulled']),
  terminatedAt: instant,
  reason: text,
  /** 异常情况 审批: the supervisor's result and when (517 APPROVAL_RESULT / APPROVAL_TIME). */
  approval: EXCEPTION_APPROVAL.optional(),
};

/** A termination, with the announcement it withdraws restated (land 600 is resent with 撤回时间, 撤销原因). */
const terminationIn = <D extends CatalogueDomain>(domain: D) =>
  variant(domain, {
    ...termination,
    restatedAnnouncement: z.object(ANNOUNCEMENT_SHAPES[domain] as (typeof ANNOUNCEMENT_SHAPES)[D]).optional(),
  });

export const transactionTerminatedSchema = z.discriminatedUnion('domain', [
  terminationIn('engineering'),
  terminationIn('procurement'),
  terminationIn('land'),
  terminationIn('mining'),
  terminationIn('state_property'),
  terminationIn('medical'),
  terminationIn('emission'),
  terminationIn('sea_area'),
  terminationIn('forest'),
  terminationIn('housing'),
]);

/** 投诉处理决定 / 监督检查处理决定. */
export const complaintDecidedSchema = inEveryDomain({
  decisionNumber: text,
  decidedAt: instant,
  /** 完成并履行有关报审程序之日: some catalogues (晋江) count the disclosure period from it, not from the decision. */
  approvalProcedureCompletedAt: instant.optional(),
  decidingAuthority: partySchema,
  complainantName: text,
  /** 投诉 (complaint) or 监督检查 (supervisory inspection). */
  proceeding: z.enum(['complaint', 'supervisory_inspection']),
  outcome: z.enum(['upheld', 'partially_upheld', 'dismissed', 'rejected']),
  summary: text,
  basis: text,
  /** Orders the decision gives: re-evaluate, re-tender, correct… */
  orders: z.array(text).optional(),
});
