import type { Catalogue } from '../catalogue';
import { lawSource } from '../rule-builders';
import { type CatalogueRow, formed20, itemsFromRows, penalty7 } from './catalogue-rows';

const OPINION = '国务院办公厅关于推进公共资源配置领域政府信息公开的意见（国办发〔2017〕97号）';
/** 明确公开主体 (谁批准谁公开…) and 拓宽公开渠道 (government portal first, then the trading platforms). */
const PUBLISHERS_AND_CHANNELS = lawSource(OPINION, '明确公开主体；拓宽公开渠道');
const CREDIT_DISCLOSURE = lawSource(OPINION, '推进信用信息公开');

const IMPLEMENTERS = ['implementer', 'trading_centre'] as const;
const SUPERVISORS = ['approver', 'producer'] as const;
/** 谁批准谁公开、谁制作谁公开, and the implementer for its intermediaries' reports; never a trading centre for them. */
const DISCLOSING_DEPARTMENTS = ['approver', 'producer', 'implementer'] as const;
const TRADING_CHANNELS = ['government_portal', 'provincial_trading_platform'] as const;
const CREDIT_CHANNELS = ['government_portal', 'public_credit_platform', 'credit_china'] as const;

/** One row per stage, applying to every domain. */
function stage(
  eventType: CatalogueRow['eventTypes'][number],
  zh: string,
  en: string,
  publishers: CatalogueRow['publishers'],
  channels: CatalogueRow['channels'],
): CatalogueRow {
  return {
    eventTypes: [eventType],
    title: { en, zh },
    rules: formed20,
    publishers,
    channels,
    source: PUBLISHERS_AND_CHANNELS,
  };
}

const ROWS: CatalogueRow[] = [
  stage('AnnouncementPublished', '交易公告', 'Transaction announcement', IMPLEMENTERS, TRADING_CHANNELS),
  stage(
    'QualificationResultPublished',
    '资格审查结果',
    'Qualification review result',
    IMPLEMENTERS,
    TRADING_CHANNELS,
  ),
  stage('CandidatesPublicized', '中标候选人', 'Winning candidates', IMPLEMENTERS, TRADING_CHANNELS),
  stage('AwardPublished', '中标（成交）结果', 'Award (deal) result', IMPLEMENTERS, TRADING_CHANNELS),
  stage('ContractSigned', '合同订立', 'Contract signed', IMPLEMENTERS, TRADING_CHANNELS),
  stage(
    'ContractChanged',
    '合同履约及变更',
    'Contract performance and changes',
    IMPLEMENTERS,
    TRADING_CHANNELS,
  ),
  {
    // 更正公告 of any stage: 自信息形成或变更之日起20个工作日内 (政府信息公开条例 第二十六条; every seed's 强化公开时效).
    ...stage(
      'AnnouncementCorrected',
      '更正公告（信息变更）',
      'Correction notice (changed information)',
      IMPLEMENTERS,
      TRADING_CHANNELS,
    ),
    eventTypes: [
      'AnnouncementCorrected',
      'QualificationResultCorrected',
      'CandidatesCorrected',
      'AwardCorrected',
      'ContractCorrected',
    ],
  },
  stage(
    'TransactionTerminated',
    '流标、终止、废标',
    'Failed, terminated or annulled transaction',
    IMPLEMENTERS,
    TRADING_CHANNELS,
  ),
  stage(
    'ComplaintDecided',
    '投诉和监督检查处理决定',
    'Complaint and inspection decisions',
    SUPERVISORS,
    ['government_portal', 'department_website', 'provincial_trading_platform'],
  ),
  {
    eventTypes: ['PenaltyImposed'],
    title: { en: 'Penalties for violations', zh: '违法违规处罚信息' },
    rules: penalty7,
    publishers: SUPERVISORS,
    channels: CREDIT_CHANNELS,
    source: CREDIT_DISCLOSURE,
  },
  {
    eventTypes: ['LicenceGranted'],
    title: { en: 'Administrative licences', zh: '行政许可信息' },
    rules: penalty7,
    publishers: SUPERVISORS,
    channels: CREDIT_CHANNELS,
    source: CREDIT_DISCLOSURE,
  },
  stage('CreditRecorded', '信用奖惩信息', 'Credit rewards and sanctions', SUPERVISORS, CREDIT_CHANNELS),
  stage('BlacklistEntered', '列入“黑名单”', 'Entered on the blacklist', SUPERVISORS, CREDIT_CHANNELS),
  stage(
    'BlacklistRemoved',
    '移出“黑名单”（信用修复）',
    'Removed from the blacklist (credit repair)',
    SUPERVISORS,
    CREDIT_CHANNELS,
  ),
  // The general item; each kind's publishers and deadlines (Jinjiang's 5 working days for a decision, 20 from
  // the government's approval of a land supply plan) are in disclosure-kinds.ts, which the disclosure decider reads.
  stage(
    'DisclosurePublished',
    '交易外的公共资源配置信息（供应计划、采购目录、审批核准备案、住房保障等）',
    'Disclosures outside a transaction (supply plans, catalogues, approvals, housing security…)',
    DISCLOSING_DEPARTMENTS,
    ['government_portal', 'department_website'],
  ),
  stage(
    'DisclosureAmended',
    '交易外信息的变更',
    'A change to a disclosure outside a transaction',
    DISCLOSING_DEPARTMENTS,
    ['government_portal', 'department_website'],
  ),
];

/** The defaults every region falls back to: one general item per event type. */
export const NATIONAL_CATALOGUE: Catalogue = {
  id: 'national',
  name: { en: 'National defaults', zh: '全国（国办发〔2017〕97号）' },
  regionCode: null,
  document: '国办发〔2017〕97号',
  items: itemsFromRows('national', ROWS),
};
