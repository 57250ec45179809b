import type { BilingualText } from '../../calendar';

/**
 * Item wordings that several catalogues share: Nantong and Suzhou follow the same Jiangsu template, and
 * Shaoguan, Jinjiang and Tianjin quote the national plan (国办发〔2017〕97号) word for word.
 */
export const TITLES = {
  tenderStages: {
    en: 'Tender announcement, qualification review, disclosable evaluation, candidates and award result',
    zh: '招标公告、资格审查、可以公开的评标情况、中标候选人以及中标结果',
  },
  contractSigningPerformanceChanges: {
    en: 'Contract signing, performance and related changes',
    zh: '合同订立、履约以及有关变更信息',
  },
  partyCredit: { en: 'Credit rewards and sanctions of the parties', zh: '交易活动当事人信用奖惩信息' },
  partyPenalty: { en: 'Penalties imposed on the parties', zh: '交易活动当事人违法违规处罚信息' },
  landTransferStages: {
    en: 'Transfer announcement, deal publicity and supply result',
    zh: '出让公告、成交公示以及供应结果',
  },
  performanceChanges: { en: 'Performance and changes', zh: '履约及变更信息' },
  procurementNotices: { en: 'Procurement announcement and deal announcement', zh: '采购公告、成交公告' },
  contractInformation: { en: 'Contract information', zh: '合同信息' },
  complaintDecisionsAndReviews: {
    en: 'Complaint and inspection decisions, assessment and inspection results',
    zh: '投诉和监督检查等处理决定、有关考核及监督检查结果',
  },
  stateTransferStages: {
    en: 'Transfer announcement, deal publicity and deal result',
    zh: '转让公告、成交公示以及成交结果',
  },
  housingListings: { en: 'Housing units offered for allocation', zh: '分配房源' },
  housingResults: { en: 'Allocation result', zh: '分配结果' },
  housingListingsAndResults: {
    en: 'Affordable housing units offered and allocation results',
    zh: '保障性住房分配房源、分配结果',
  },
  landTransferItems: {
    en: 'Transfer announcement, deal publicity, supply result',
    zh: '出让公告、成交公示、供应结果',
  },
  miningTransferItems: {
    en: 'Transfer announcements and publicity, approval results, project information',
    zh: '出让公告公示、审批结果信息、项目信息',
  },
  procurementItems: {
    en: 'Procurement announcement, documents, budget, result and contract',
    zh: '采购项目公告、采购文件、采购项目预算金额、采购结果、采购合同',
  },
  financeComplaintDecisions: {
    en: 'Complaint and inspection decisions of the finance department',
    zh: '财政部门作出的投诉和监督检查等处理决定',
  },
  procurementMisconduct: {
    en: 'Records of violations and dishonesty, supervisory penalties',
    zh: '违法失信行为记录等监督处罚信息',
  },
  stateTransferItems: {
    en: 'Transaction project, transfer price, deal price',
    zh: '交易项目信息、转让价格、交易价格',
  },
  blacklistByDepartment: {
    en: 'Public resource allocation blacklist (published by each managing department)',
    zh: '公共资源配置“黑名单”（由负责管理的部门分别公开）',
  },
} as const satisfies Record<string, BilingualText>;
