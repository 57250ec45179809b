import type { DateAnchor, PeriodUnit } from '../../calendar';
import type { Catalogue } from '../catalogue';
import { atLeast, calendarDays, publishWithin, scoped, seedSource, workingDays } from '../rule-builders';
import { type CatalogueRow, type RuleFactory, formed20, itemsFromRows, withTheAnnouncement } from './catalogue-rows';
import { TITLES } from './shared-titles';

/** Jinjiang's catalogue is the only seed table giving a deadline on each row; those deadlines are used as written. */
const DOCUMENT = '晋政办〔2018〕114号';
const line = (n: number) => seedSource('jinjiang', DOCUMENT, n);

/** A row's own 公开时限: published within n units of the fact the row names (`from`, a field of the event). */
function publishedWithin(
  period: { unit: PeriodUnit; n: number },
  from: DateAnchor,
  zh: string,
  en: string,
): RuleFactory {
  const suffix = `${period.n}${period.unit === 'workingDays' ? 'wd' : 'd'}`;
  return (idPrefix, source) => [
    publishWithin(`${idPrefix}.publish-within-${suffix}`, period, from, { en, zh }, source),
  ];
}

/**
 * 在投标截止日、公开拍卖日或者挂牌起始日２０个工作日前: a tender counts to its bid deadline, an auction or listing
 * to the day trading starts; an agreement (协议出让) has no announcement lead.
 */
const miningAnnouncementLead: RuleFactory = (idPrefix, source) => [
  scoped(
    atLeast(
      `${idPrefix}.bid-deadline-lead-min-20wd`,
      workingDays(20),
      'publishedAt',
      'bidDeadline',
      {
        en: 'Tender announced at least 20 working days before the bid deadline',
        zh: '在投标截止日20个工作日前发布',
      },
      source,
    ),
    { methods: ['tender'], description: { en: 'transfer by tender', zh: '招标出让' } },
  ),
  scoped(
    atLeast(
      `${idPrefix}.announcement-lead-min-20wd`,
      workingDays(20),
      'publishedAt',
      'tradingStart',
      {
        en: 'Auction or listing announced at least 20 working days before it starts',
        zh: '在公开拍卖日或者挂牌起始日20个工作日前发布',
      },
      source,
    ),
    { methods: ['auction', 'listing'], description: { en: 'transfer by auction or listing', zh: '拍卖、挂牌出让' } },
  ),
];

/** The responsible department (市住建局, 林业, 环保) on the government website. */
const DEPARTMENT_ON_PORTAL = { publishers: ['approver', 'implementer'], channels: ['government_portal'] } as const;
/** 中国土地市场网. */
const LAND = { publishers: ['approver', 'implementer'], channels: ['designated_media'] } as const;
/** 国土资源部门门户网站 and the trading platform. */
const MINING = {
  publishers: ['approver', 'implementer', 'trading_centre'],
  channels: ['department_website', 'trading_centre_website'],
} as const;
/** 省级以上财政部门指定的政府采购信息发布媒体. */
const PROCUREMENT_CHANNELS = ['designated_media'] as const;
/** 产权交易机构门户网站. */
const STATE_PROPERTY_CHANNELS = ['trading_centre_website'] as const;
/** 国家、省、市指定的媒介. */
const TENDER = {
  publishers: ['implementer'],
  channels: ['designated_media', 'trading_centre_website', 'provincial_trading_platform'],
} as const;
const SUPERVISORS = ['approver', 'producer'] as const;

const ROWS: CatalogueRow[] = [
  // 保障性住房
  {
    eventTypes: ['AnnouncementPublished'],
    domain: 'housing',
    title: { en: 'Housing units offered for allocation', zh: '分配房源信息' },
    rules: formed20,
    ...DEPARTMENT_ON_PORTAL,
    source: line(127),
  },
  {
    eventTypes: ['AwardPublished'],
    domain: 'housing',
    title: {
      en: 'Allocation result (recipients, type of affordable housing…)',
      zh: '分配结果信息（分配对象姓名、分配保障性住房类型等）',
    },
    rules: formed20,
    ...DEPARTMENT_ON_PORTAL,
    source: line(154),
  },
  {
    eventTypes: ['ContractChanged'],
    domain: 'housing',
    title: { en: 'Exit from affordable housing', zh: '保障性住房退出信息' },
    rules: formed20,
    ...DEPARTMENT_ON_PORTAL,
    source: line(162),
  },
  // 国有土地使用权出让
  {
    eventTypes: ['AnnouncementPublished'],
    domain: 'land',
    title: {
      en: 'Transfer announcement (published the day it is issued)',
      zh: '出让公告（与出让公告发布之日同时发布）',
    },
    rules: withTheAnnouncement,
    ...LAND,
    source: line(199),
  },
  {
    eventTypes: ['AwardPublished'],
    domain: 'land',
    title: { en: 'Deal publicity', zh: '成交公示' },
    // 交易结束: the auction's fall of the hammer or the listing's close, when the winner is known (winnerChosen).
    rules: publishedWithin(workingDays(10), 'winnerChosen', '交易结束后10个工作日内', 'Within 10 working days of the end of trading'),
    ...LAND,
    source: line(209),
  },
  {
    eventTypes: ['ContractSigned'],
    domain: 'land',
    title: { en: 'Supply result', zh: '供应结果' },
    rules: publishedWithin(
      workingDays(10),
      'signedAt',
      '出让合同签订后10个工作日内',
      'Within 10 working days of signing the transfer contract',
    ),
    ...LAND,
    source: line(219),
  },
  // 矿业权出让
  {
    eventTypes: ['AnnouncementPublished'],
    domain: 'mining',
    title: { en: 'Mining right transfer announcement', zh: '矿业权出让公告信息' },
    rules: miningAnnouncementLead,
    ...MINING,
    source: line(229),
  },
  {
    eventTypes: ['AwardPublished'],
    domain: 'mining',
    title: { en: 'Mining right transfer result publicity', zh: '矿业权出让结果公示信息' },
    // The award notice, or for an auction or listing the deal confirmation (成交确认书), is awardNoticeIssued.
    rules: publishedWithin(
      workingDays(5),
      'awardNoticeIssued',
      '在发出中标通知书或者签订成交确认书后5个工作日内',
      'Within 5 working days of the award notice or deal confirmation',
    ),
    ...MINING,
    source: line(238),
  },
  // 政府采购
  {
    eventTypes: ['AnnouncementPublished'],
    domain: 'procurement',
    title: {
      en: 'Procurement announcement, documents and budget (announced together)',
      zh: '采购项目公告、采购文件、采购项目预算金额（与采购项目公告同时公告）',
    },
    rules: withTheAnnouncement,
    publishers: ['implementer'],
    channels: PROCUREMENT_CHANNELS,
    source: line(248),
  },
  {
    eventTypes: ['AwardPublished'],
    domain: 'procurement',
    title: { en: 'Procurement result', zh: '采购结果' },
    rules: publishedWithin(
      workingDays(2),
      'winnerChosen',
      '自中标、成交供应商确定之日起2个工作日内公告',
      'Within 2 working days of the supplier being chosen',
    ),
    publishers: ['implementer'],
    channels: PROCUREMENT_CHANNELS,
    source: line(267),
  },
  {
    eventTypes: ['ContractSigned'],
    domain: 'procurement',
    title: { en: 'Procurement contract', zh: '采购合同' },
    rules: publishedWithin(
      workingDays(2),
      'signedAt',
      '自政府采购合同签订之日起2个工作日内公告',
      'Within 2 working days of signing the contract',
    ),
    publishers: ['implementer'],
    channels: PROCUREMENT_CHANNELS,
    source: line(276),
  },
  {
    eventTypes: ['ComplaintDecided'],
    domain: 'procurement',
    title: TITLES.financeComplaintDecisions,
    // Not the decision date: the procedure ends later, and without its date the rule is unchecked, never guessed.
    rules: publishedWithin(
      workingDays(5),
      'approvalProcedureCompletedAt',
      '自完成并履行有关报审程序后5个工作日内',
      'Within 5 working days of completing the review procedure',
    ),
    publishers: SUPERVISORS,
    channels: PROCUREMENT_CHANNELS,
    source: line(285),
  },
  {
    eventTypes: ['PenaltyImposed'],
    domain: 'procurement',
    title: TITLES.procurementMisconduct,
    rules: publishedWithin(
      workingDays(7),
      'decidedOn',
      '作出或者变更行政处罚决定之日起7个工作日内',
      'Within 7 working days of the penalty decision or its change',
    ),
    publishers: SUPERVISORS,
    channels: PROCUREMENT_CHANNELS,
    source: line(294),
  },
  // 国有产权交易
  {
    eventTypes: ['AnnouncementPublished'],
    domain: 'state_property',
    title: { en: 'Transaction project (with listing price and audit result)', zh: '交易项目信息（含挂牌价格、审计结果）' },
    rules: formed20,
    publishers: ['approver', 'implementer', 'trading_centre'],
    channels: STATE_PROPERTY_CHANNELS,
    source: line(313),
  },
  {
    eventTypes: ['AwardPublished'],
    domain: 'state_property',
    title: { en: 'Deal announcement (with deal price)', zh: '成交公告（含交易价格）' },
    rules: formed20,
    publishers: ['approver', 'implementer', 'trading_centre'],
    channels: STATE_PROPERTY_CHANNELS,
    source: line(322),
  },
  {
    eventTypes: ['PenaltyImposed'],
    domain: 'state_property',
    title: { en: 'Violations, dishonesty and supervisory penalties', zh: '违法失信行为及监督处罚信息' },
    // A penalty record is formed when the penalty is decided (cf_jdrq).
    rules: publishedWithin(
      workingDays(7),
      'decidedOn',
      '自信息形成或变更之日起7个工作日内',
      'Within 7 working days of being formed or changed',
    ),
    publishers: SUPERVISORS,
    channels: STATE_PROPERTY_CHANNELS,
    source: line(331),
  },
  // 工程建设招标投标
  {
    eventTypes: ['CreditRecorded'],
    domain: 'engineering',
    title: { en: 'Credit information of market participants', zh: '市场主体信用信息' },
    rules: formed20,
    publishers: SUPERVISORS,
    channels: ['government_portal', 'public_credit_platform'],
    source: line(350),
  },
  {
    eventTypes: ['AnnouncementPublished'],
    domain: 'engineering',
    title: { en: 'Tender announcement', zh: '招标公告' },
    rules: formed20,
    ...TENDER,
    source: line(360),
  },
  {
    eventTypes: ['CandidatesPublicized'],
    domain: 'engineering',
    title: { en: 'Winning candidates', zh: '中标候选人' },
    rules: formed20,
    ...TENDER,
    source: line(369),
  },
  {
    eventTypes: ['AwardPublished'],
    domain: 'engineering',
    title: { en: 'Award result', zh: '中标结果' },
    rules: publishedWithin(calendarDays(3), 'winnerChosen', '确定中标人之日起3日内', 'Within 3 days of choosing the winner'),
    ...TENDER,
    source: line(378),
  },
  {
    eventTypes: ['ContractSigned'],
    domain: 'engineering',
    title: { en: 'Contract signing and performance', zh: '合同订立和履行等信息' },
    rules: publishedWithin(calendarDays(7), 'signedAt', '订立合同之日起7日内', 'Within 7 days of signing the contract'),
    ...TENDER,
    source: line(387),
  },
  {
    // The row's 7 days run from signing; a later change or performance report has no signing to count from, so
    // it falls back to the plan's 20 working days from the change itself.
    eventTypes: ['ContractChanged'],
    domain: 'engineering',
    title: { en: 'Contract signing and performance', zh: '合同订立和履行等信息' },
    rules: formed20,
    ...TENDER,
    source: line(387),
  },
  // 林业产权交易, 排污权交易
  {
    eventTypes: ['AnnouncementPublished', 'AwardPublished'],
    domain: 'forest',
    // 林权变更之日: the right changes hands at the deal (winnerChosen); the decision and project information of the
    // announcement is formed when it is issued. Registration (林权登记) comes later and is not disclosed here.
    title: {
      en: 'Transfer of provincial and county state forest rights (decision and approval, project, transfer and deal prices)',
      zh: '省属和县属国有林权流转（流转决策及批准信息、交易项目信息、转让价格、交易价格）',
    },
    rules: formed20,
    ...DEPARTMENT_ON_PORTAL,
    source: line(396),
  },
  {
    eventTypes: ['AwardPublished'],
    domain: 'emission',
    title: { en: 'Emission right buy-back (project, quantity)', zh: '排污权收储（收储项目名称、收储量）' },
    rules: formed20,
    ...DEPARTMENT_ON_PORTAL,
    source: line(405),
  },
  // 建立“黑名单”制度 (plan text, not the table)
  {
    eventTypes: ['BlacklistEntered', 'BlacklistRemoved'],
    title: { en: 'Public resource allocation blacklist', zh: '公共资源配置“黑名单”信息' },
    rules: formed20,
    publishers: SUPERVISORS,
    channels: ['government_portal', 'designated_media', 'public_credit_platform'],
    source: line(53),
  },
];

export const JINJIANG_CATALOGUE: Catalogue = {
  id: 'jinjiang',
  name: { en: 'Jinjiang', zh: '晋江市' },
  regionCode: '350582',
  document: DOCUMENT,
  items: itemsFromRows('jinjiang', ROWS),
};
