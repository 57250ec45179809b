import type { Catalogue } from '../catalogue';
import { seedSource } from '../rule-builders';
import { type CatalogueRow, formed20, itemsFromRows, penalty7 } from './catalogue-rows';
import { TITLES } from './shared-titles';

/** Shaoguan publishes a plan without a catalogue table: items come from its 公开内容 paragraphs. */
const DOCUMENT = '韶关市人民政府办公室 关于推进公共资源配置领域政府信息公开实施方案';
const line = (n: number) => seedSource('shaoguan', DOCUMENT, n);

const IMPLEMENTERS = ['implementer', 'trading_centre'] as const;
const BY_APPROVER_TOO = ['approver', 'implementer', 'trading_centre'] as const;
const SUPERVISORS = ['approver', 'producer'] as const;
/** 政府门户网站, 韶关市公共资源交易网 and the designated media. */
const TRADING = ['government_portal', 'trading_centre_website', 'designated_media'] as const;
/** 政府门户网站, 信用韶关. */
const CREDIT = ['government_portal', 'public_credit_platform'] as const;

const ROWS: CatalogueRow[] = [
  {
    eventTypes: ['AnnouncementPublished', 'AwardPublished'],
    domain: 'housing',
    title: TITLES.housingListingsAndResults,
    rules: formed20,
    publishers: ['approver', 'implementer'],
    channels: ['government_portal', 'department_website'],
    source: line(24),
  },
  {
    eventTypes: ['AnnouncementPublished', 'AwardPublished', 'ContractSigned'],
    domain: 'land',
    title: TITLES.landTransferItems,
    rules: formed20,
    publishers: IMPLEMENTERS,
    channels: TRADING,
    source: line(25),
  },
  {
    eventTypes: ['AnnouncementPublished', 'AwardPublished'],
    domain: 'mining',
    title: TITLES.miningTransferItems,
    rules: formed20,
    publishers: BY_APPROVER_TOO,
    channels: TRADING,
    source: line(26),
  },
  {
    eventTypes: ['AnnouncementPublished', 'AwardPublished', 'ContractSigned'],
    domain: 'procurement',
    title: TITLES.procurementItems,
    rules: formed20,
    publishers: IMPLEMENTERS,
    channels: TRADING,
    source: line(28),
  },
  {
    eventTypes: ['ComplaintDecided'],
    domain: 'procurement',
    title: TITLES.financeComplaintDecisions,
    rules: formed20,
    publishers: SUPERVISORS,
    channels: TRADING,
    source: line(28),
  },
  {
    eventTypes: ['PenaltyImposed'],
    domain: 'procurement',
    title: TITLES.procurementMisconduct,
    rules: penalty7,
    publishers: SUPERVISORS,
    channels: CREDIT,
    source: line(28),
  },
  {
    eventTypes: ['AnnouncementPublished', 'AwardPublished'],
    domain: 'state_property',
    title: TITLES.stateTransferItems,
    rules: formed20,
    publishers: BY_APPROVER_TOO,
    channels: TRADING,
    source: line(29),
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
      en: "Tender announcement, candidates' bids, evaluation process and result, award, contract signing and performance",
      zh: '招标公告、中标候选人投标文件、评标过程、评标结果、中标结果、合同订立及履行',
    },
    rules: formed20,
    publishers: IMPLEMENTERS,
    channels: TRADING,
    source: line(31),
  },
  {
    eventTypes: ['PenaltyImposed'],
    domain: 'engineering',
    title: { en: 'Public record of tendering violations', zh: '招标投标违法行为记录公告' },
    rules: penalty7,
    publishers: SUPERVISORS,
    channels: CREDIT,
    source: line(31),
  },
  {
    eventTypes: ['BlacklistEntered', 'BlacklistRemoved'],
    title: TITLES.blacklistByDepartment,
    rules: formed20,
    publishers: SUPERVISORS,
    channels: CREDIT,
    source: line(22),
  },
];

export const SHAOGUAN_CATALOGUE: Catalogue = {
  id: 'shaoguan',
  name: { en: 'Shaoguan', zh: '韶关市' },
  regionCode: '440200',
  document: DOCUMENT,
  items: itemsFromRows('shaoguan', ROWS),
};
