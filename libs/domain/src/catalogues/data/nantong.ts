import type { Catalogue } from '../catalogue';
import { seedSource } from '../rule-builders';
import type { CatalogueDomain } from '../vocabulary';
import { type CatalogueRow, formed20, itemsFromRows, penalty7 } from './catalogue-rows';
import { TITLES } from './shared-titles';

const DOCUMENT = '通政办发〔2019〕19号';
const line = (n: number) => seedSource('nantong', DOCUMENT, n);

const IMPLEMENTERS = ['implementer', 'trading_centre'] as const;
const SUPERVISORS = ['approver', 'producer'] as const;
/** 南通市公共资源交易平台, synchronised to the government portal and the provincial platform. */
const TRADING = ['trading_centre_website', 'government_portal', 'provincial_trading_platform'] as const;
/** 部门网站, 南通市公共信用信息平台, 信用中国 and the trading platform. */
const CREDIT = [
  'department_website',
  'public_credit_platform',
  'credit_china',
  'trading_centre_website',
] as const;

/** The credit (信用奖惩) and penalty (违法违规处罚) rows each domain closes with. */
const credit = (domain: CatalogueDomain, n: number): CatalogueRow => ({
  eventTypes: ['CreditRecorded'],
  domain,
  title: TITLES.partyCredit,
  rules: formed20,
  publishers: SUPERVISORS,
  channels: CREDIT,
  source: line(n),
});
const penalty = (domain: CatalogueDomain, n: number): CatalogueRow => ({
  eventTypes: ['PenaltyImposed'],
  domain,
  title: TITLES.partyPenalty,
  rules: penalty7,
  publishers: SUPERVISORS,
  channels: CREDIT,
  source: line(n),
});
const trading = (
  domain: CatalogueDomain,
  eventTypes: CatalogueRow['eventTypes'],
  title: CatalogueRow['title'],
  n: number,
  publishers: CatalogueRow['publishers'] = IMPLEMENTERS,
): CatalogueRow => ({ eventTypes, domain, title, rules: formed20, publishers, channels: TRADING, source: line(n) });

const TRADE_CHANGE_RESULT = { en: 'Announcement, changed information, deal result', zh: '交易公告、信息变更、成交结果' };
const TRADE_STAGES = ['AnnouncementPublished', 'AnnouncementCorrected', 'AwardPublished'] as const;
const BY_REGULATOR = ['approver', 'implementer', 'trading_centre'] as const;

const ROWS: CatalogueRow[] = [
  // 工程建设项目招标投标
  trading(
    'engineering',
    ['AnnouncementPublished', 'QualificationResultPublished', 'CandidatesPublicized', 'AwardPublished'],
    TITLES.tenderStages,
    99,
  ),
  {
    eventTypes: ['ContractSigned', 'ContractChanged'],
    domain: 'engineering',
    title: TITLES.contractSigningPerformanceChanges,
    rules: formed20,
    publishers: ['implementer', 'approver', 'trading_centre'],
    channels: ['department_website', 'trading_centre_website', 'government_portal'],
    source: line(100),
  },
  credit('engineering', 101),
  penalty('engineering', 102),
  // 土地使用权出让
  trading('land', ['AnnouncementPublished', 'AwardPublished', 'ContractSigned'], TITLES.landTransferStages, 106),
  trading('land', ['ContractChanged'], TITLES.performanceChanges, 107),
  // 政府采购
  trading('procurement', ['AnnouncementPublished', 'AwardPublished'], TITLES.procurementNotices, 109),
  trading('procurement', ['ContractSigned'], TITLES.contractInformation, 110),
  trading('procurement', ['ComplaintDecided'], TITLES.complaintDecisionsAndReviews, 111, SUPERVISORS),
  credit('procurement', 112),
  penalty('procurement', 113),
  // 国有产权交易
  trading('state_property', ['AnnouncementPublished', 'AwardPublished'], TITLES.stateTransferStages, 116),
  credit('state_property', 117),
  penalty('state_property', 118),
  // 公立医疗设备医用耗材采购
  trading(
    'medical',
    ['AnnouncementPublished', 'AwardPublished'],
    { en: 'Documents, announcements and results of medical equipment and consumables purchasing', zh: '医疗设备、医用耗材集中采购的采购文件和公告、采购结果等信息' },
    121,
  ),
  trading(
    'medical',
    ['ContractSigned', 'ContractChanged'],
    { en: 'Purchase contracts, performance and related changes', zh: '采购合同、履约及有关变更信息' },
    122,
  ),
  penalty('medical', 124),
  // 排污权交易, 海域使用权出让
  trading('emission', TRADE_STAGES, TRADE_CHANGE_RESULT, 126, BY_REGULATOR),
  penalty('emission', 128),
  trading('sea_area', TRADE_STAGES, TRADE_CHANGE_RESULT, 130, BY_REGULATOR),
  penalty('sea_area', 132),
  // 保障性住房 (second catalogue)
  {
    eventTypes: ['AnnouncementPublished'],
    domain: 'housing',
    title: TITLES.housingListings,
    rules: formed20,
    publishers: ['approver', 'implementer'],
    channels: ['government_portal', 'department_website'],
    source: line(155),
  },
  {
    eventTypes: ['AwardPublished'],
    domain: 'housing',
    title: TITLES.housingResults,
    rules: formed20,
    publishers: ['approver', 'implementer'],
    channels: ['government_portal', 'department_website'],
    source: line(158),
  },
];

export const NANTONG_CATALOGUE: Catalogue = {
  id: 'nantong',
  name: { en: 'Nantong', zh: '南通市' },
  regionCode: '320600',
  document: DOCUMENT,
  items: itemsFromRows('nantong', ROWS),
};
