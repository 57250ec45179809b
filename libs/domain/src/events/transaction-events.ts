import { z } from 'zod';
import {
  bankAccountSchema,
  candidateSchema,
  instant,
  naturalPersonSchema,
  partySchema,
  text,
  yuan,
  decimal,
} from './common';
import { inEveryDomain, variant } from './variant';

/**
 * Transaction stage events, one discriminated union per event type (`domain` discriminator). Date fields are
 * ISO instants with offsets and carry the names the deadline rules anchor on (calendar/DATE_ANCHORS).
 */

const notice = {
  /** 公告名称 (NOTICE_NAME). */
  title: text,
  /** 公告内容 (NOTICE_CONTENT), or a summary of it. */
  content: text.optional(),
  url: z.url().optional(),
};

const publicity = {
  publicityStart: instant,
  publicityEnd: instant,
};

/** 招标公告 / 采购公告 / 出让公告 / 挂牌公告 / 交易公告 / 分配房源. */
export const announcementPublishedSchema = z.discriminatedUnion('domain', [
  variant('engineering', {
    ...notice,
    /** 招标范围 and project overview. */
    scope: text,
    /** 投标人资格要求. */
    qualificationRequirements: text,
    documentsIssueStart: instant,
    documentsIssueEnd: instant,
    bidDeadline: instant,
    /** 投标文件递交方式. */
    submissionMethod: text.optional(),
  }),
  variant('procurement', {
    ...notice,
    budgetAmount: yuan,
    /** 最高限价, if set. */
    maximumPrice: yuan.optional(),
    announcementStart: instant,
    announcementEnd: instant,
    documentsIssueStart: instant.optional(),
    documentsIssueEnd: instant.optional(),
    bidDeadline: instant,
  }),
  variant('land', {
    ...notice,
    startingPrice: yuan,
    bidDeposit: yuan,
    /** 招标、拍卖、挂牌开始. */
    tradingStart: instant,
    listingStart: instant.optional(),
    listingEnd: instant.optional(),
    planningConditions: text.optional(),
  }),
  variant('mining', {
    ...notice,
    startingPrice: yuan,
    bidDeposit: yuan.optional(),
    tradingStart: instant,
    bidDeadline: instant.optional(),
  }),
  variant('state_property', {
    ...notice,
    listingPrice: yuan,
    /** 审计、评估结果 (评估值). */
    appraisedValue: yuan.optional(),
    announcementStart: instant,
    announcementEnd: instant,
    transfereeConditions: text.optional(),
  }),
  variant('medical', {
    ...notice,
    budgetAmount: yuan.optional(),
    documentsIssueStart: instant.optional(),
    documentsIssueEnd: instant.optional(),
    bidDeadline: instant,
  }),
  variant('emission', {
    ...notice,
    listingPrice: yuan,
    announcementStart: instant,
    announcementEnd: instant,
  }),
  variant('sea_area', {
    ...notice,
    startingPrice: yuan,
    bidDeposit: yuan.optional(),
    tradingStart: instant,
  }),
  variant('forest', {
    ...notice,
    listingPrice: yuan,
    announcementStart: instant,
    announcementEnd: instant,
  }),
  variant('housing', {
    ...notice,
    /** 分配房源: number of dwellings offered in the batch. */
    dwellingsOffered: z.number().int().min(1),
    /** 分配对象 eligibility and 分配程序. */
    eligibility: text,
    applicationStart: instant,
    applicationEnd: instant,
  }),
]);

const qualification = {
  /** 资格预审 / 资格后审. */
  reviewKind: z.enum(['prequalification', 'post_qualification']),
  reviewedAt: instant,
  passed: z.array(partySchema),
  /** Each rejected applicant with the reason it failed (未通过原因). */
  rejected: z.array(partySchema.extend({ reason: text })),
};

/** 资格审查结果; for housing, 保障对象资格审核 of the applying households (natural persons). */
export const qualificationResultPublishedSchema = z.discriminatedUnion('domain', [
  variant('engineering', qualification),
  variant('procurement', qualification),
  variant('land', qualification),
  variant('mining', qualification),
  variant('state_property', qualification),
  variant('medical', qualification),
  variant('emission', qualification),
  variant('sea_area', qualification),
  variant('forest', qualification),
  variant('housing', {
    reviewKind: z.literal('eligibility_review'),
    reviewedAt: instant,
    passed: z.array(naturalPersonSchema),
    rejected: z.array(naturalPersonSchema.extend({ reason: text })),
  }),
]);

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
});

const candidateList = z.array(candidateSchema).min(1);

/** 中标候选人公示 / 成交候选人公示 / 入围公示 / 分配对象公示. */
export const candidatesPublicizedSchema = z.discriminatedUnion('domain', [
  variant('engineering', { ...candidatesPublicity, candidates: z.array(engineeringCandidate).min(1) }),
  variant('procurement', { ...candidatesPublicity, candidates: candidateList }),
  variant('land', { ...candidatesPublicity, candidates: candidateList }),
  variant('mining', { ...candidatesPublicity, candidates: candidateList }),
  variant('state_property', { ...candidatesPublicity, candidates: candidateList }),
  variant('medical', {
    ...candidatesPublicity,
    candidates: z.array(candidateSchema.extend({ productName: text.optional() })).min(1),
  }),
  variant('emission', { ...candidatesPublicity, candidates: candidateList }),
  variant('sea_area', { ...candidatesPublicity, candidates: candidateList }),
  variant('forest', { ...candidatesPublicity, candidates: candidateList }),
  variant('housing', {
    ...publicity,
    objectionChannel: text,
    /** 分配对象 shortlisted for the batch: natural persons. */
    applicants: z.array(naturalPersonSchema.extend({ householdSize: z.number().int().min(1) })).min(1),
  }),
]);

const award = {
  /** 确定中标人/成交人之日. */
  winnerChosen: instant,
  /** 中标/成交通知书发出之日. */
  awardNoticeIssued: instant.optional(),
};

/** 中标结果 / 成交结果 / 成交公示 / 分配结果. */
export const awardPublishedSchema = z.discriminatedUnion('domain', [
  variant('engineering', {
    ...award,
    winBidder: partySchema,
    bidAmount: yuan,
    durationDays: z.number().int().min(1).optional(),
    projectManagerName: text.optional(),
  }),
  variant('procurement', { ...award, supplier: partySchema, dealAmount: yuan }),
  /** 成交公示: 竞得人. */
  variant('land', { ...award, landee: partySchema, dealPrice: yuan }),
  variant('mining', { ...award, transferee: partySchema, dealPrice: yuan }),
  variant('state_property', { ...award, ...publicity, transferee: partySchema, dealPrice: yuan }),
  variant('medical', { ...award, supplier: partySchema, dealAmount: yuan }),
  /** 成交结果, or the buy-back (收储) quantity and price. */
  variant('emission', {
    ...award,
    buyer: partySchema,
    dealPrice: yuan,
    dealQuantityTonnes: decimal.optional(),
  }),
  variant('sea_area', { ...award, transferee: partySchema, dealPrice: yuan }),
  variant('forest', { ...award, transferee: partySchema, dealPrice: yuan }),
  /** 分配结果: 分配对象姓名、分配保障性住房类型 (晋江 list). */
  variant('housing', {
    ...award,
    recipients: z.array(naturalPersonSchema.extend({ dwelling: text })).min(1),
  }),
]);

const contract = {
  contractNumber: text.optional(),
  /** 合同签订之日 (SIGNING_TIME). */
  signedAt: instant,
  /** Award notice date, repeated for the 30-day rule when known. */
  awardNoticeIssued: instant.optional(),
};

/** 合同订立 / 出让合同 (供应结果) / 交易合同 / 租赁合同. */
export const contractSignedSchema = z.discriminatedUnion('domain', [
  variant('engineering', { ...contract, winBidder: partySchema, contractAmount: yuan }),
  variant('procurement', { ...contract, supplier: partySchema, contractAmount: yuan }),
  variant('land', { ...contract, landee: partySchema, contractAmount: yuan }),
  variant('mining', { ...contract, transferee: partySchema, contractAmount: yuan }),
  variant('state_property', {
    ...contract,
    transferee: partySchema,
    contractAmount: yuan,
    /** Account the price is paid into (restricted). */
    settlementAccount: bankAccountSchema.optional(),
  }),
  variant('medical', { ...contract, supplier: partySchema, contractAmount: yuan }),
  variant('emission', { ...contract, buyer: partySchema, contractAmount: yuan }),
  variant('sea_area', { ...contract, transferee: partySchema, contractAmount: yuan }),
  variant('forest', { ...contract, transferee: partySchema, contractAmount: yuan }),
  /** 租赁/买卖合同 with the household allocated a dwelling. */
  variant('housing', {
    ...contract,
    tenant: naturalPersonSchema,
    dwelling: text,
    contractAmount: yuan.optional(),
  }),
]);

/** 履约及变更: performance, variation, or termination of the contract (housing: 退出). */
export const contractChangedSchema = inEveryDomain({
  changeKind: z.enum(['performance', 'variation', 'termination']),
  changedAt: instant,
  description: text,
  /** Contract amount after a variation. */
  newContractAmount: yuan.optional(),
  contractNumber: text.optional(),
});

/** 更正公告 / 信息变更. */
export const announcementCorrectedSchema = inEveryDomain({
  correctedAt: instant,
  reason: text,
  corrections: z.array(z.object({ field: text, before: z.string().optional(), after: text })).min(1),
  /** New dates when the correction moves them (the new period is checked again). */
  bidDeadline: instant.optional(),
  documentsIssueEnd: instant.optional(),
  announcementEnd: instant.optional(),
  tradingStart: instant.optional(),
});

/** 流标 / 终止 / 废标. */
export const transactionTerminatedSchema = inEveryDomain({
  terminationKind: z.enum(['failed_bid', 'terminated', 'annulled']),
  terminatedAt: instant,
  reason: text,
});

/** 投诉处理决定 / 监督检查处理决定. */
export const complaintDecidedSchema = inEveryDomain({
  decisionNumber: text,
  decidedAt: instant,
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
