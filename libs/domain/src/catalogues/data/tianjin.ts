import type { Catalogue } from '../catalogue';
import { seedSource } from '../rule-builders';
import { type CatalogueRow, formed20, itemsFromRows, penalty7 } from './catalogue-rows';
import { TITLES } from './shared-titles';

/** Tianjin publishes a plan without a catalogue table: items come from its 突出公开重点 paragraphs. */
const DOCUMENT = '天津市人民政府办公厅 天津市推进公共资源配置领域政府信息公开实施方案';
const line = (n: number) => seedSource('tianjin', DOCUMENT, n);

const IMPLEMENTERS = ['implementer', 'trading_centre'] as const;
const BY_APPROVER_TOO = ['approver', 'implementer', 'trading_centre'] as const;
const SUPERVISORS = ['approver', 'producer'] as const;
/** 政府网站, the designated media, 天津市公共资源交易平台 and the (provincial-level) platform it feeds. */
const TRADING = [
  'government_portal',
  'designated_media',
  'trading_centre_website',
  'provincial_trading_platform',
] as const;
/** 政府网站, 信用天津, 信用中国. */
const CREDIT = ['government_portal', 'public_credit_platform', 'credit_china'] as const;

const ROWS: CatalogueRow[] = [
  {
    eventTypes: ['AnnouncementPublished', 'AwardPublished'],
    domain: 'housing',
    title: TITLES.housingListingsAndResults,
    rules: formed20,
    publishers: ['approver', 'implementer'],
    channels: ['government_portal', 'department_website'],
    source: line(28),
  },
  {
    eventTypes: ['AnnouncementPublished', 'AwardPublished', 'ContractSigned'],
    domain: 'land',
    title: TITLES.landTransferItems,
    rules: formed20,
    publishers: IMPLEMENTERS,
    channels: TRADING,
    source: line(30),
  },
  {
    eventTypes: ['AnnouncementPublished', 'AwardPublished'],
    domain: 'mining',
    title: TITLES.miningTransferItems,
    rules: formed20,
    publishers: BY_APPROVER_TOO,
    channels: TRADING,
    source: line(32),
  },
  {
    eventTypes: ['AnnouncementPublished', 'AwardPublished', 'ContractSigned'],
    domain: 'procurement',
    title: TITLES.procurementItems,
    rules: formed20,
    publishers: IMPLEMENTERS,
    channels: TRADING,
    source: line(34),
  },
  {
    eventTypes: ['ComplaintDecided'],
    domain: 'procurement',
    title: TITLES.financeComplaintDecisions,
    rules: formed20,
    publishers: SUPERVISORS,
    channels: TRADING,
    source: line(34),
  },
  {
    eventTypes: ['PenaltyImposed'],
    domain: 'procurement',
    title: TITLES.procurementMisconduct,
    rules: penalty7,
    publishers: SUPERVISORS,
    channels: CREDIT,
    source: line(34),
  },
  {
    eventTypes: ['AnnouncementPublished', 'AwardPublished'],
    domain: 'state_property',
    title: TITLES.stateTransferItems,
    rules: formed20,
    publishers: BY_APPROVER_TOO,
    channels: TRADING,
    source: line(36),
  },
  {
    eventTypes: [
      'AnnouncementPublished',
      'CandidatesPublicized',
      'AwardPublished',
      'ContractSigned',
      'ContractChanged',
    ],
    domain: 'engineering',
    title: {
      en: 'Tender announcement, candidates, award result, contract signing and performance',
      zh: '招标公告、中标候选人、中标结果、合同订立及履行',
    },
    rules: formed20,
    publishers: IMPLEMENTERS,
    channels: TRADING,
    source: line(38),
  },
  {
    eventTypes: ['BlacklistEntered', 'BlacklistRemoved'],
    title: TITLES.blacklistByDepartment,
    rules: formed20,
    publishers: SUPERVISORS,
    channels: CREDIT,
    source: line(40),
  },
  {
    // A general item: it overrides the national penalty and licence defaults in every domain without its own item.
    eventTypes: ['PenaltyImposed', 'LicenceGranted'],
    title: {
      en: 'Administrative licences and penalties (online within 7 working days of the decision)',
      zh: '行政许可、行政处罚事项（自作出行政决定之日起7个工作日内上网公开）',
    },
    rules: penalty7,
    publishers: SUPERVISORS,
    channels: CREDIT,
    source: line(44),
  },
];

export const TIANJIN_CATALOGUE: Catalogue = {
  id: 'tianjin',
  name: { en: 'Tianjin', zh: '天津市' },
  regionCode: '120000',
  document: DOCUMENT,
  items: itemsFromRows('tianjin', ROWS),
};
