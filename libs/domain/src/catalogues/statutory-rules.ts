import type { DeadlineRule } from '../calendar';
import {
  atLeast,
  calendarDays,
  lawSource,
  PROCUREMENT_TENDERING,
  publishWithin,
  scoped,
  TENDERING_REQUIRED,
  within,
  workingDays,
} from './rule-builders';
import type { CatalogueDomain, CatalogueEventType } from './vocabulary';

/**
 * Periods fixed by national law. They apply in every jurisdiction on top of the catalogue item: a local
 * catalogue may make disclosure faster, it cannot shorten a statutory period.
 */
export interface StatutoryRuleSet {
  eventType: CatalogueEventType;
  domain: CatalogueDomain;
  rules: DeadlineRule[];
}

const TENDERING_LAW = '招标投标法';
const TENDERING_REGULATION = '招标投标法实施条例';
const PROCUREMENT_LAW = '政府采购法';
const PROCUREMENT_REGULATION = '政府采购法实施条例';
const PROCUREMENT_ORDER_87 = '政府采购货物和服务招标投标管理办法（财政部令第87号）';
const LAND_ORDER_39 = '招标拍卖挂牌出让国有建设用地使用权规定（国土资源部令第39号）';
const STATE_ASSETS_ORDER_32 = '企业国有资产交易监督管理办法（国务院国资委 财政部令第32号）';

/** 实施条例 第二十一条: only a clarification or change that may affect the preparation of bids or applications. */
const CORRECTION_AFFECTS_BIDS = {
  affectsPreparation: true,
  description: {
    en: 'corrections that may affect the preparation of bids or applications',
    zh: '澄清或者修改的内容可能影响投标文件或资格预审申请文件编制的',
  },
} as const;

export const STATUTORY_RULES: readonly StatutoryRuleSet[] = [
  {
    eventType: 'AnnouncementPublished',
    domain: 'engineering',
    rules: [
      scoped(
        atLeast(
          'engineering.tender.documents-to-bid-deadline-min-20d',
          calendarDays(20),
          'documentsIssueStart',
          'bidDeadline',
          {
            en: 'From the first issue of the tender documents to the bid deadline: at least 20 days',
            zh: '依法必须进行招标的项目，自招标文件开始发出之日起至投标人提交投标文件截止之日止，最短不得少于二十日',
          },
          lawSource(TENDERING_LAW, '第二十四条'),
        ),
        TENDERING_REQUIRED,
      ),
      atLeast(
        'engineering.tender.documents-sale-min-5d',
        calendarDays(5),
        'documentsIssueStart',
        'documentsIssueEnd',
        { en: 'Tender documents on sale for at least 5 days', zh: '招标文件的发售期不得少于5日' },
        lawSource(TENDERING_REGULATION, '第十六条'),
      ),
      scoped(
        atLeast(
          'engineering.prequalification.submission-min-5d',
          calendarDays(5),
          'prequalificationDocumentsIssueEnd',
          'prequalificationDeadline',
          {
            en: 'Prequalification applications due at least 5 days after the documents stop selling',
            zh: '依法必须进行招标的项目提交资格预审申请文件的时间，自资格预审文件停止发售之日起不得少于5日',
          },
          lawSource(TENDERING_REGULATION, '第十七条'),
        ),
        TENDERING_REQUIRED,
      ),
    ],
  },
  {
    eventType: 'AnnouncementCorrected',
    domain: 'engineering',
    rules: [
      scoped(
        atLeast(
          'engineering.correction.before-bid-deadline-min-15d',
          calendarDays(15),
          'correctedAt',
          'bidDeadline',
          {
            en: 'A clarification or change that may affect the bids comes at least 15 days before the bid deadline',
            zh: '澄清或者修改的内容可能影响投标文件编制的，应当在投标截止时间至少15日前通知',
          },
          lawSource(`${TENDERING_LAW} 第二十三条；${TENDERING_REGULATION}`, '第二十一条'),
        ),
        CORRECTION_AFFECTS_BIDS,
      ),
      scoped(
        atLeast(
          'engineering.correction.before-prequalification-deadline-min-3d',
          calendarDays(3),
          'correctedAt',
          'prequalificationDeadline',
          {
            en: 'A change that may affect prequalification applications comes at least 3 days before their deadline',
            zh: '澄清或者修改的内容可能影响资格预审申请文件编制的，应当在提交资格预审申请文件截止时间至少3日前通知',
          },
          lawSource(TENDERING_REGULATION, '第二十一条'),
        ),
        CORRECTION_AFFECTS_BIDS,
      ),
    ],
  },
  {
    eventType: 'CandidatesPublicized',
    domain: 'engineering',
    rules: [
      scoped(
        publishWithin(
          'engineering.candidates.publish-within-3d',
          calendarDays(3),
          'evaluationReportReceived',
          {
            en: 'Candidates publicized within 3 days of receiving the evaluation report',
            zh: '依法必须进行招标的项目，自收到评标报告之日起3日内公示中标候选人',
          },
          lawSource(TENDERING_REGULATION, '第五十四条'),
        ),
        TENDERING_REQUIRED,
      ),
      scoped(
        atLeast(
          'engineering.candidates.publicity-min-3d',
          calendarDays(3),
          'publicityStart',
          'publicityEnd',
          { en: 'Candidates publicity lasts at least 3 days', zh: '中标候选人公示期不得少于3日' },
          lawSource(TENDERING_REGULATION, '第五十四条'),
        ),
        TENDERING_REQUIRED,
      ),
    ],
  },
  {
    eventType: 'ContractSigned',
    domain: 'engineering',
    rules: [
      within(
        'engineering.contract.sign-within-30d-of-award-notice',
        calendarDays(30),
        'awardNoticeIssued',
        'signedAt',
        {
          en: 'Written contract signed within 30 days of issuing the award notice',
          zh: '自中标通知书发出之日起三十日内订立书面合同',
        },
        lawSource(TENDERING_LAW, '第四十六条'),
      ),
    ],
  },
  {
    eventType: 'AnnouncementPublished',
    domain: 'procurement',
    rules: [
      scoped(
        atLeast(
          'procurement.tender.documents-to-bid-deadline-min-20d',
          calendarDays(20),
          'documentsIssueStart',
          'bidDeadline',
          {
            en: 'Goods and services tendering: from the first issue of the documents to the bid deadline at least 20 days',
            zh: '货物和服务项目实行招标方式采购的，自招标文件开始发出之日起至投标人提交投标文件截止之日止，不得少于二十日',
          },
          lawSource(PROCUREMENT_LAW, '第三十五条'),
        ),
        PROCUREMENT_TENDERING,
      ),
      scoped(
        atLeast(
          'procurement.tender.announcement-min-5wd',
          workingDays(5),
          'announcementStart',
          'announcementEnd',
          {
            en: 'Open tender and prequalification announcements run for 5 working days',
            zh: '公开招标公告、资格预审公告的公告期限为5个工作日',
          },
          lawSource(PROCUREMENT_ORDER_87, '第十六条'),
        ),
        PROCUREMENT_TENDERING,
      ),
      scoped(
        atLeast(
          'procurement.tender.documents-available-min-5wd',
          workingDays(5),
          'documentsIssueStart',
          'documentsIssueEnd',
          {
            en: 'Tender documents available for at least 5 working days from their first issue',
            zh: '招标文件的提供期限自招标文件开始发出之日起不得少于5个工作日',
          },
          lawSource(PROCUREMENT_REGULATION, '第三十一条'),
        ),
        PROCUREMENT_TENDERING,
      ),
    ],
  },
  {
    eventType: 'AnnouncementCorrected',
    domain: 'procurement',
    rules: [
      scoped(
        atLeast(
          'procurement.correction.before-bid-deadline-min-15d',
          calendarDays(15),
          'correctedAt',
          'bidDeadline',
          {
            en: 'A clarification or change that may affect the bids comes at least 15 days before the bid deadline',
            zh: '澄清或者修改的内容可能影响投标文件编制的，应当在投标截止时间至少15日前通知',
          },
          lawSource(PROCUREMENT_REGULATION, '第三十一条'),
        ),
        { ...CORRECTION_AFFECTS_BIDS, methods: PROCUREMENT_TENDERING.methods! },
      ),
    ],
  },
  {
    eventType: 'AwardPublished',
    domain: 'procurement',
    rules: [
      publishWithin(
        'procurement.award.publish-within-2wd',
        workingDays(2),
        'winnerChosen',
        {
          en: 'Award result announced within 2 working days of choosing the supplier',
          zh: '自中标、成交供应商确定之日起2个工作日内公告中标、成交结果',
        },
        lawSource(PROCUREMENT_REGULATION, '第四十三条'),
      ),
      within(
        'procurement.award.choose-within-5wd-of-report',
        workingDays(5),
        'evaluationReportReceived',
        'winnerChosen',
        {
          en: 'Supplier chosen within 5 working days of receiving the evaluation report',
          zh: '采购人应当自收到评审报告之日起5个工作日内确定中标或者成交供应商',
        },
        lawSource(PROCUREMENT_REGULATION, '第四十三条'),
      ),
    ],
  },
  {
    eventType: 'ContractSigned',
    domain: 'procurement',
    rules: [
      within(
        'procurement.contract.sign-within-30d-of-award-notice',
        calendarDays(30),
        'awardNoticeIssued',
        'signedAt',
        {
          en: 'Procurement contract signed within 30 days of the award notice',
          zh: '自中标、成交通知书发出之日起三十日内签订政府采购合同',
        },
        lawSource(PROCUREMENT_LAW, '第四十六条'),
      ),
      publishWithin(
        'procurement.contract.publish-within-2wd',
        workingDays(2),
        'signedAt',
        {
          en: 'Procurement contract published within 2 working days of signing',
          zh: '自政府采购合同签订之日起2个工作日内公告',
        },
        lawSource(PROCUREMENT_REGULATION, '第五十条'),
      ),
    ],
  },
  {
    eventType: 'AnnouncementPublished',
    domain: 'land',
    rules: [
      atLeast(
        'land.transfer.announcement-lead-min-20d',
        calendarDays(20),
        'publishedAt',
        'tradingStart',
        {
          en: 'Transfer announcement published at least 20 days before bidding, auction or listing starts',
          zh: '至少在投标、拍卖或者挂牌开始日前20日发布公告',
        },
        lawSource(LAND_ORDER_39, '第十条'),
      ),
      scoped(
        atLeast(
          'land.transfer.listing-min-10d',
          calendarDays(10),
          'listingStart',
          'listingEnd',
          { en: 'Listing (挂牌) lasts at least 10 days', zh: '挂牌时间不得少于10日' },
          lawSource(LAND_ORDER_39, '第十九条'),
        ),
        { methods: ['listing'], description: { en: 'transfer by listing', zh: '挂牌出让' } },
      ),
    ],
  },
  {
    eventType: 'AwardPublished',
    domain: 'land',
    rules: [
      publishWithin(
        'land.deal.publish-within-10wd',
        workingDays(10),
        'winnerChosen',
        {
          en: 'Result published within 10 working days of the end of the tender, auction or listing',
          zh: '招标拍卖挂牌活动结束后10个工作日内公布出让结果',
        },
        lawSource(LAND_ORDER_39, '第二十二条'),
      ),
    ],
  },
  {
    eventType: 'AnnouncementPublished',
    domain: 'state_property',
    rules: [
      scoped(
        atLeast(
          'state-property.transfer.disclosure-min-20wd',
          workingDays(20),
          'announcementStart',
          'announcementEnd',
          {
            en: 'Property-rights transfer formally disclosed for at least 20 working days',
            zh: '产权转让项目正式披露信息时间不得少于20个工作日',
          },
          lawSource(STATE_ASSETS_ORDER_32, '第十三条'),
        ),
        {
          propertyTransactionKinds: ['equity_transfer'],
          description: { en: 'property-rights transfer', zh: '产权转让' },
        },
      ),
      scoped(
        atLeast(
          'state-property.capital-increase.disclosure-min-40wd',
          workingDays(40),
          'announcementStart',
          'announcementEnd',
          {
            en: 'Capital increase: investors sought by public disclosure for at least 40 working days',
            zh: '企业增资通过产权交易机构网站对外披露信息公开征集投资方，时间不得少于40个工作日',
          },
          lawSource(STATE_ASSETS_ORDER_32, '第四十一条'),
        ),
        {
          propertyTransactionKinds: ['capital_increase'],
          description: { en: 'capital increase', zh: '企业增资' },
        },
      ),
      scoped(
        atLeast(
          'state-property.asset-transfer.disclosure-min-10wd',
          workingDays(10),
          'announcementStart',
          'announcementEnd',
          {
            en: 'Asset transfer with a reserve price above 1 and up to 10 million yuan: announced at least 10 working days',
            zh: '转让底价高于100万元、低于1000万元的资产转让项目，信息公告期应不少于10个工作日',
          },
          lawSource(STATE_ASSETS_ORDER_32, '第四十八条'),
        ),
        {
          propertyTransactionKinds: ['asset_transfer'],
          reservePrice: { above: '1000000', atMost: '10000000' },
          description: {
            en: 'asset transfer, reserve price above 1 and up to 10 million yuan',
            zh: '资产转让，转让底价高于100万元、不高于1000万元',
          },
        },
      ),
      scoped(
        atLeast(
          'state-property.asset-transfer.disclosure-min-20wd',
          workingDays(20),
          'announcementStart',
          'announcementEnd',
          {
            en: 'Asset transfer with a reserve price above 10 million yuan: announced at least 20 working days',
            zh: '转让底价高于1000万元的资产转让项目，信息公告期应不少于20个工作日',
          },
          lawSource(STATE_ASSETS_ORDER_32, '第四十八条'),
        ),
        {
          propertyTransactionKinds: ['asset_transfer'],
          reservePrice: { above: '10000000' },
          description: {
            en: 'asset transfer, reserve price above 10 million yuan',
            zh: '资产转让，转让底价高于1000万元',
          },
        },
      ),
    ],
  },
  {
    eventType: 'AwardPublished',
    domain: 'state_property',
    rules: [
      atLeast(
        'state-property.deal.publicity-min-5wd',
        workingDays(5),
        'publicityStart',
        'publicityEnd',
        {
          en: 'Transaction result announced for at least 5 working days',
          zh: '交易结果公告期不少于5个工作日',
        },
        lawSource(STATE_ASSETS_ORDER_32, '第二十九条'),
      ),
    ],
  },
];

/** The statutory rules for an event type in a domain (none for a domain without special law). */
export function statutoryRulesFor(eventType: CatalogueEventType, domain?: CatalogueDomain): DeadlineRule[] {
  if (domain === undefined) return [];
  return STATUTORY_RULES.filter((set) => set.eventType === eventType && set.domain === domain).flatMap(
    (set) => set.rules,
  );
}
