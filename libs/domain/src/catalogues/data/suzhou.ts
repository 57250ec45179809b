import type { Catalogue } from '../catalogue';
import { seedSource } from '../rule-builders';
import type { CatalogueDomain } from '../vocabulary';
import { type CatalogueRow, formed20, itemsFromRows, penalty7 } from './catalogue-rows';
import { TITLES } from './shared-titles';

const DOCUMENT = '苏府办〔2018〕248号';
const line = (n: number) => seedSource('suzhou', DOCUMENT, n);

const IMPLEMENTERS = ['implementer', 'trading_centre'] as const;
const SUPERVISORS = ['approver', 'producer'] as const;
/** 政府网站, 江苏省公共资源交易平台, 苏州市公共资源交易中心网站 and the national designated media. */
const TRADING = [
  'government_portal',
  'provincial_trading_platform',
  'trading_centre_website',
  'designated_media',
] as const;
/** 政府网站, 信用苏州, 信用中国. */
const CREDIT = ['government_portal', 'public_credit_platform', 'credit_china'] as const;

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

const TRANSFER_STAGES = ['AnnouncementPublished', 'AwardPublished', 'ContractSigned'] as const;

const ROWS: CatalogueRow[] = [
  // 工程建设项目招标投标
  trading(
    'engineering',
    ['AnnouncementPublished', 'QualificationResultPublished', 'CandidatesPublicized', 'AwardPublished'],
    TITLES.tenderStages,
    120,
  ),
  trading(
    'engineering',
    ['ContractSigned', 'ContractChanged'],
    TITLES.contractSigningPerformanceChanges,
    121,
    ['implementer', 'approver', 'trading_centre'],
  ),
  credit('engineering', 122),
  penalty('engineering', 123),
  // 土地使用权和矿业权出让
  trading('land', TRANSFER_STAGES, TITLES.landTransferStages, 125),
  trading('land', ['ContractChanged'], TITLES.performanceChanges, 126),
  trading('mining', TRANSFER_STAGES, TITLES.landTransferStages, 128),
  trading('mining', ['ContractChanged'], TITLES.performanceChanges, 129),
  // 政府采购
  trading('procurement', ['AnnouncementPublished', 'AwardPublished'], TITLES.procurementNotices, 131),
  trading('procurement', ['ContractSigned'], TITLES.contractInformation, 132),
  trading('procurement', ['ComplaintDecided'], TITLES.complaintDecisionsAndReviews, 133, SUPERVISORS),
  credit('procurement', 134),
  penalty('procurement', 135),
  // 国有产权交易
  trading('state_property', ['AnnouncementPublished', 'AwardPublished'], TITLES.stateTransferStages, 140),
  credit('state_property', 141),
  penalty('state_property', 142),
  // 药品和医用耗材采购
  trading(
    'medical',
    ['AnnouncementPublished', 'QualificationResultPublished', 'AwardPublished', 'AnnouncementCorrected'],
    {
      en: 'City-level drug and consumables purchasing: documents and announcements, qualification results, quotes, shortlist, changes',
      zh: '市级药品、医用耗材集中采购的采购文件和公告、企业和产品资质审核结果、产品报价、市级入围结果、信息变更',
    },
    143,
  ),
  credit('medical', 144),
  penalty('medical', 145),
  // 保障性住房 (second catalogue)
  {
    eventTypes: ['AnnouncementPublished'],
    domain: 'housing',
    title: TITLES.housingListings,
    rules: formed20,
    publishers: ['approver', 'implementer'],
    channels: ['government_portal', 'department_website'],
    source: line(166),
  },
  {
    eventTypes: ['AwardPublished'],
    domain: 'housing',
    title: TITLES.housingResults,
    rules: formed20,
    publishers: ['approver', 'implementer'],
    channels: ['government_portal', 'department_website'],
    source: line(169),
  },
];

export const SUZHOU_CATALOGUE: Catalogue = {
  id: 'suzhou',
  name: { en: 'Suzhou', zh: '苏州市' },
  regionCode: '320500',
  document: DOCUMENT,
  items: itemsFromRows('suzhou', ROWS),
};
