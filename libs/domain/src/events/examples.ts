import {
  CATALOGUE_DOMAINS,
  DISCLOSURE_KINDS,
  type CatalogueDomain,
  type DisclosureKind,
} from '../catalogues';
import { DISCLOSURE_EXAMPLE_TIMES, DISCLOSURE_EXAMPLES } from './disclosure-examples';
import type { DomainEvent, EventType } from './catalogue';
import type { EventMetadata } from './metadata';
import { isCreditEventType, TRANSACTION_EVENT_TYPES, type TransactionEventType } from './streams';

/**
 * One valid example per event type and domain variant. The transaction examples of a domain form one
 * lifecycle that the decider accepts in the order of `LIFECYCLE_ORDER` (announcement → … → contract change),
 * with dates on the 2026 statutory calendar. Credit codes and ID numbers carry real check characters.
 */
export const EXAMPLE_PARTIES = {
  /** 南通市公共资源交易中心 (public institution, code starting 12). */
  tradingCentre: { name: '南通市公共资源交易中心', creditCode: '123206004667891235' },
  tenderer: { name: '南通市崇川区城市建设投资有限公司', creditCode: '91320602MA1X5Y2L0F' },
  winner: { name: '晋江市恒信建设工程有限公司', creditCode: '91350582MA2Y3K4P5A' },
  runnerUp: { name: '苏州市吴中建筑安装有限公司', creditCode: '91320500MA1N2P3Q4P' },
  third: { name: '韶关市曲江路桥工程有限公司', creditCode: '91440200MA4W7D8E99' },
  /** 招标代理机构 / 采购代理机构. */
  agency: { name: '江苏中诚工程咨询有限公司', creditCode: '91320600MA1P8R2K3E' },
  /** 南通市住房和城乡建设局 (organ of state, code starting 11). */
  authority: { name: '南通市住房和城乡建设局', creditCode: '113206000141234568' },
} as const;

export const EXAMPLE_PERSONS = [
  {
    name: '张三丰',
    idNumber: '320602198503151238',
    phone: '13812345678',
    homeAddress: '南通市崇川区青年中路8号',
  },
  { name: '李小红', idNumber: '350582199001014563' },
  { name: '王五', idNumber: '120101197808087892' },
] as const;

export const EXAMPLE_TENDER_PROJECT_CODE = '3206022026A000127001';

/** The order in which a domain's transaction examples form an accepted lifecycle. */
export const LIFECYCLE_ORDER = [
  'AnnouncementPublished',
  'AnnouncementCorrected',
  'QualificationResultPublished',
  'CandidatesPublicized',
  'ComplaintDecided',
  'AwardPublished',
  'ContractSigned',
  'ContractChanged',
] as const satisfies readonly EventType[];

/** The same lifecycle with every later stage corrected once after it (更正公告 of each stage). */
export const CORRECTED_LIFECYCLE_ORDER = [
  'AnnouncementPublished',
  'AnnouncementCorrected',
  'QualificationResultPublished',
  'QualificationResultCorrected',
  'CandidatesPublicized',
  'CandidatesCorrected',
  'ComplaintDecided',
  'AwardPublished',
  'AwardCorrected',
  'ContractSigned',
  'ContractCorrected',
  'ContractChanged',
] as const satisfies readonly EventType[];

const T = {
  announced: '2026-03-02T09:00:00+08:00',
  documentsIssueStart: '2026-03-03T09:00:00+08:00',
  documentsIssueEnd: '2026-03-09T17:00:00+08:00',
  corrected: '2026-03-05T10:00:00+08:00',
  qualificationCorrected: '2026-03-26T09:00:00+08:00',
  candidatesCorrected: '2026-03-28T10:00:00+08:00',
  awardCorrected: '2026-04-01T10:00:00+08:00',
  contractCorrected: '2026-04-22T10:00:00+08:00',
  announcementEnd: '2026-03-20T17:00:00+08:00',
  bidDeadline: '2026-03-25T09:30:00+08:00',
  tradingStart: '2026-03-25T09:30:00+08:00',
  listingEnd: '2026-04-07T15:00:00+08:00',
  reviewed: '2026-03-25T15:00:00+08:00',
  reportReceived: '2026-03-26T17:00:00+08:00',
  publicityStart: '2026-03-27T09:00:00+08:00',
  publicityEnd: '2026-03-30T17:00:00+08:00',
  complaintDecided: '2026-03-30T16:00:00+08:00',
  winnerChosen: '2026-03-31T10:00:00+08:00',
  awardNotice: '2026-03-31T16:00:00+08:00',
  signed: '2026-04-20T10:00:00+08:00',
  changed: '2026-06-15T10:00:00+08:00',
  terminated: '2026-03-26T10:00:00+08:00',
} as const;

const SUBJECT: Record<CatalogueDomain, Record<string, unknown>> = {
  engineering: {
    tenderProjectCode: EXAMPLE_TENDER_PROJECT_CODE,
    tenderProjectName: '崇川区学田街道老旧小区改造工程',
    bidSectionCode: `${EXAMPLE_TENDER_PROJECT_CODE}001`,
    bidSectionName: '一标段',
    investmentProjectCode: '2025-320602-47-01-012345',
    tenderer: EXAMPLE_PARTIES.tenderer,
    tenderingRequired: true,
  },
  procurement: {
    procurementProjectCode: 'NTCG2026-0031',
    procurementProjectName: '南通市第一中学教学设备采购',
    procurementMethod: 'open_tender',
    purchaser: EXAMPLE_PARTIES.tenderer,
  },
  land: {
    landParcelCode: 'R2026-012',
    parcelLocation: '崇川区永兴路北侧',
    landUse: '城镇住宅用地',
    areaSquareMetres: '35210.5',
    tenureYears: 70,
    transferMethod: 'listing',
  },
  mining: {
    miningRightProjectCode: 'CK-2026-007',
    miningRightName: '晋江市安海镇建筑用花岗岩矿',
    mineralType: '建筑用花岗岩',
    rightKind: 'mining',
    areaSquareKilometres: '0.1832',
    transferMethod: 'auction',
    mineralCode: '6511',
    termYears: 10,
    location: '晋江市安海镇后坑村',
    areaCoordinates: '1,2731205.12,39512306.45;2,2731205.12,39512706.45;3,2730747.12,39512706.45',
  },
  state_property: {
    propertyProjectCode: 'G32026TJ1000015',
    targetName: '天津某国有企业所持某公司40%股权',
    transferor: EXAMPLE_PARTIES.tenderer,
    transferSharePercent: '40',
    transactionKind: 'equity_transfer',
  },
  medical: {
    medicalProcurementCode: 'SGYL-2026-004',
    medicalProcurementName: '韶关市第一人民医院CT设备采购',
    productCategory: 'equipment',
    purchaser: EXAMPLE_PARTIES.tenderer,
  },
  emission: {
    emissionTradeCode: 'PWQ-2026-019',
    pollutant: '化学需氧量',
    quantityTonnes: '12.5',
    tradeKind: 'transfer',
  },
  sea_area: {
    seaAreaProjectCode: 'HY-2026-003',
    seaAreaName: '通州湾某养殖用海',
    seaUseType: '渔业用海',
    areaHectares: '86.4',
    termYears: 15,
  },
  forest: {
    forestRightProjectCode: 'LQ-2026-011',
    forestLocation: '乳源瑶族自治县大桥镇',
    forestRightCertificateNumber: '粤(2019)乳源县不动产权第0001234号',
    areaMu: '1200',
    circulationMethod: 'lease',
  },
  housing: {
    allocationBatchCode: 'GZF-2026-02',
    housingProjectName: '崇川区公共租赁住房（幸福里）',
    housingType: 'public_rental',
  },
};

const notice = (title: string) => ({ title, content: `${title}（全文见附件）` });

function announcementFields(domain: CatalogueDomain): Record<string, unknown> {
  switch (domain) {
    case 'engineering':
      return {
        ...notice('招标公告'),
        scope: '老旧小区道路、管网及外立面改造',
        qualificationRequirements: '建筑工程施工总承包三级及以上资质',
        documentsIssueStart: T.documentsIssueStart,
        documentsIssueEnd: T.documentsIssueEnd,
        bidDeadline: T.bidDeadline,
        submissionMethod: '通过南通市公共资源交易平台在线递交电子投标文件',
        project: {
          name: '崇川区学田街道老旧小区改造项目',
          address: '南通市崇川区学田街道',
          legalPerson: EXAMPLE_PARTIES.tenderer.name,
          fixedAssetInvestment: true,
          industryCode: 'E48',
          fundSource: '财政资金100%',
          scale: '改造住宅小区12个，建筑面积约36万平方米',
          approvalDocument: '关于崇川区学田街道老旧小区改造项目可行性研究报告的批复',
          approvalNumber: '崇发改投〔2025〕118号',
          approvalAuthority: '南通市崇川区发展和改革委员会',
          registeredAt: '2026-02-16T09:00:00+08:00',
        },
        estimatedContractPrice: '2800000.00',
        bidOpeningAt: T.bidDeadline,
        documentsMethod: '在南通市公共资源交易平台免费下载',
        consortiumBidsAllowed: false,
        supervisor: EXAMPLE_PARTIES.authority,
      };
    case 'procurement':
      return {
        ...notice('公开招标公告'),
        budgetAmount: '2800000.00',
        announcementStart: T.announced,
        announcementEnd: T.announcementEnd,
        documentsIssueStart: T.documentsIssueStart,
        // 政府采购法实施条例 第三十一条: documents available for at least 5 working days.
        documentsIssueEnd: '2026-03-10T17:00:00+08:00',
        bidDeadline: T.bidDeadline,
      };
    case 'land':
      return {
        ...notice('国有建设用地使用权挂牌出让公告'),
        startingPrice: '312000000',
        bidDeposit: '62400000',
        tradingStart: T.tradingStart,
        listingStart: T.tradingStart,
        listingEnd: T.listingEnd,
      };
    case 'mining':
      return { ...notice('采矿权拍卖出让公告'), startingPrice: '18600000', tradingStart: T.tradingStart };
    case 'state_property':
      return {
        ...notice('产权转让公告'),
        listingPrice: '52000000',
        appraisedValue: '51800000',
        announcementStart: T.announced,
        announcementEnd: '2026-03-30T17:00:00+08:00',
        autoExtension: true,
      };
    case 'medical':
      return { ...notice('CT设备采购公告'), budgetAmount: '9800000', bidDeadline: T.bidDeadline };
    case 'emission':
      return {
        ...notice('排污权交易公告'),
        listingPrice: '45000',
        announcementStart: T.announced,
        announcementEnd: T.announcementEnd,
      };
    case 'sea_area':
      return { ...notice('海域使用权挂牌出让公告'), startingPrice: '2600000', tradingStart: T.tradingStart };
    case 'forest':
      return {
        ...notice('林权流转交易公告'),
        listingPrice: '360000',
        announcementStart: T.announced,
        announcementEnd: T.announcementEnd,
      };
    case 'housing':
      return {
        ...notice('公共租赁住房分配房源公告'),
        dwellingsOffered: 120,
        eligibility: '本市城镇户籍中低收入住房困难家庭',
        applicationStart: T.announced,
        applicationEnd: T.announcementEnd,
      };
  }
}

const candidates = [
  {
    rank: 1,
    name: EXAMPLE_PARTIES.winner.name,
    creditCode: EXAMPLE_PARTIES.winner.creditCode,
    bidPrice: '2650000.00',
    evaluationScore: '92.35',
  },
  {
    rank: 2,
    name: EXAMPLE_PARTIES.runnerUp.name,
    creditCode: EXAMPLE_PARTIES.runnerUp.creditCode,
    bidPrice: '2688000.00',
    evaluationScore: '89.10',
  },
  {
    rank: 3,
    name: EXAMPLE_PARTIES.third.name,
    creditCode: EXAMPLE_PARTIES.third.creditCode,
    bidPrice: '2710500.50',
    evaluationScore: '86.72',
  },
];

function candidatesFields(domain: CatalogueDomain): Record<string, unknown> {
  const publicity = {
    publicityStart: T.publicityStart,
    publicityEnd: T.publicityEnd,
    objectionChannel: '书面异议递交至招标人，电话0513-85000000',
  };
  if (domain === 'housing') {
    return {
      ...publicity,
      applicants: EXAMPLE_PERSONS.map((person, index) => ({ ...person, householdSize: index + 2 })),
    };
  }
  if (domain === 'engineering') {
    return {
      ...publicity,
      evaluationReportReceived: T.reportReceived,
      candidates: candidates.map((candidate, index) => ({
        ...candidate,
        durationDays: 180 + index * 10,
        projectManager: {
          name: ['陈建国', '周立新', '黄海'][index]!,
          certificateNumber: `苏1322019${String(2001 + index)}`,
        },
        declaredQualifications: ['建筑工程施工总承包二级'],
        qualityCommitment: '合格',
      })),
    };
  }
  return { ...publicity, evaluationReportReceived: T.reportReceived, candidates };
}

const WINNER_FIELD: Record<Exclude<CatalogueDomain, 'housing'>, string> = {
  engineering: 'winBidder',
  procurement: 'supplier',
  land: 'landee',
  mining: 'transferee',
  state_property: 'transferee',
  medical: 'supplier',
  emission: 'buyer',
  sea_area: 'transferee',
  forest: 'transferee',
};

const WINNING_PRICE = candidates[0]!.bidPrice;

function awardFields(domain: CatalogueDomain): Record<string, unknown> {
  const award = { winnerChosen: T.winnerChosen, awardNoticeIssued: T.awardNotice };
  switch (domain) {
    case 'housing':
      return {
        ...award,
        recipients: EXAMPLE_PERSONS.map((person, index) => ({
          ...person,
          dwelling: `幸福里${index + 1}幢${101 + index}室`,
        })),
      };
    case 'engineering':
      return {
        ...award,
        winBidder: EXAMPLE_PARTIES.winner,
        bidAmount: WINNING_PRICE,
        durationDays: 180,
        projectManagerName: '陈建国',
      };
    case 'procurement':
    case 'medical':
      return { ...award, supplier: EXAMPLE_PARTIES.winner, dealAmount: WINNING_PRICE };
    case 'mining':
      return {
        ...award,
        transferee: EXAMPLE_PARTIES.winner,
        dealPrice: WINNING_PRICE,
        transfereeAddress: '晋江市青阳街道世纪大道100号',
        dealPlace: '晋江市公共资源交易中心开标一室',
        paymentStyle: 'instalments',
        paymentDueOn: '2026-05-15',
      };
    case 'state_property':
      return {
        ...award,
        transferee: EXAMPLE_PARTIES.winner,
        dealPrice: WINNING_PRICE,
        appraisedValue: '51800000',
        publicityStart: T.winnerChosen,
        publicityEnd: '2026-04-08T17:00:00+08:00',
      };
    case 'emission':
      return {
        ...award,
        buyer: EXAMPLE_PARTIES.winner,
        dealPrice: WINNING_PRICE,
        dealQuantityTonnes: '12.5',
      };
    default:
      return { ...award, [WINNER_FIELD[domain]]: EXAMPLE_PARTIES.winner, dealPrice: WINNING_PRICE };
  }
}

function contractFields(domain: CatalogueDomain): Record<string, unknown> {
  const contract = { contractNumber: 'HT-2026-0415', signedAt: T.signed, awardNoticeIssued: T.awardNotice };
  if (domain === 'housing') {
    return { ...contract, tenant: EXAMPLE_PERSONS[0], dwelling: '幸福里1幢101室', contractAmount: '9600.00' };
  }
  if (domain === 'state_property') {
    return {
      ...contract,
      transferee: EXAMPLE_PARTIES.winner,
      contractAmount: WINNING_PRICE,
      settlementAccount: { bankName: '中国银行天津分行', accountNumber: '274563218901' },
    };
  }
  return { ...contract, [WINNER_FIELD[domain]]: EXAMPLE_PARTIES.winner, contractAmount: WINNING_PRICE };
}

/** A correction of a later stage: what changed, and the stage restated as it now reads. */
function stageCorrection(
  correctedAt: string,
  reason: string,
  restated: Record<string, unknown>,
): Record<string, unknown> {
  return {
    correctedAt,
    reason,
    corrections: [{ field: 'notice.content', before: '原表述', after: '更正后的表述' }],
    notice: { title: '更正公告', content: `${reason}，其余内容不变。` },
    restated,
  };
}

function transactionFields(type: TransactionEventType, domain: CatalogueDomain): Record<string, unknown> {
  switch (type) {
    case 'AnnouncementPublished':
      return announcementFields(domain);
    case 'AnnouncementCorrected':
      return {
        correctedAt: T.corrected,
        reason: '更正投标人资格要求中的资质等级表述',
        corrections: [{ field: 'qualificationRequirements', before: '三级', after: '三级及以上' }],
        notice: {
          title: '更正公告',
          content: '原公告中投标人资格要求“三级”更正为“三级及以上”，其余内容不变。',
        },
        restatedAnnouncement: announcementFields(domain),
      };
    case 'QualificationResultCorrected':
      return stageCorrection(T.qualificationCorrected, '更正未通过资格审查原因的表述', {
        ...(transactionFields('QualificationResultPublished', domain) as Record<string, unknown>),
      });
    case 'CandidatesCorrected':
      return stageCorrection(T.candidatesCorrected, '更正提出异议的渠道', {
        ...candidatesFields(domain),
        objectionChannel: '书面形式向招标人提出，联系电话0513-85000001',
      });
    case 'AwardCorrected':
      return stageCorrection(T.awardCorrected, '更正中标结果公告中的联系电话', awardFields(domain));
    case 'ContractCorrected':
      return stageCorrection(T.contractCorrected, '更正合同编号', {
        ...contractFields(domain),
        contractNumber: 'HT-2026-0415-1',
      });
    case 'QualificationResultPublished':
      if (domain === 'housing') {
        return {
          reviewKind: 'eligibility_review',
          reviewedAt: T.reviewed,
          passed: EXAMPLE_PERSONS,
          rejected: [
            { name: '赵六', idNumber: '110101199003074477', reason: '家庭人均收入超过本市保障标准' },
          ],
        };
      }
      return {
        reviewKind: 'post_qualification',
        reviewedAt: T.reviewed,
        passed: [EXAMPLE_PARTIES.winner, EXAMPLE_PARTIES.runnerUp, EXAMPLE_PARTIES.third],
        rejected: [
          { name: '南通某建设有限公司', creditCode: '91320602MA1X5Y2L1J', reason: '项目经理注册证书已过期' },
        ],
      };
    case 'CandidatesPublicized':
      return candidatesFields(domain);
    case 'ComplaintDecided':
      return {
        decisionNumber: '通住建投处〔2026〕3号',
        decidedAt: T.complaintDecided,
        decidingAuthority: EXAMPLE_PARTIES.authority,
        complainantName: EXAMPLE_PARTIES.third.name,
        proceeding: 'complaint',
        outcome: 'dismissed',
        summary: '投诉人称第一中标候选人业绩造假，经查不属实',
        basis: '《工程建设项目招标投标活动投诉处理办法》第二十条',
      };
    case 'AwardPublished':
      return awardFields(domain);
    case 'ContractSigned':
      return contractFields(domain);
    case 'ContractChanged':
      return {
        changeKind: 'performance',
        changedAt: T.changed,
        description: '按合同约定完成主体工程，支付进度款30%',
        ...(domain === 'housing' ? {} : { performingParty: EXAMPLE_PARTIES.winner }),
      };
    case 'TransactionTerminated':
      return {
        terminationKind: 'failed_bid',
        terminatedAt: T.terminated,
        reason: '递交投标文件的投标人少于三个',
        notice: {
          title: '流标公告',
          content: '因递交投标文件的投标人少于三个，本次招标失败，将依法重新招标。',
        },
        approval: { result: '同意重新招标', approvedAt: T.terminated },
        restatedAnnouncement: announcementFields(domain),
      };
  }
}

/** When each example's fact was formed and published (disclosure a day later, on a working day). */
function timesOf(
  type: EventType,
  domain: CatalogueDomain,
  data: Record<string, unknown>,
): { occurredAt: string; publishedAt: string } {
  const occurred: Record<TransactionEventType, string> = {
    AnnouncementPublished: T.announced,
    AnnouncementCorrected: T.corrected,
    QualificationResultPublished: T.reviewed,
    CandidatesPublicized: domain === 'housing' ? T.publicityStart : T.reportReceived,
    ComplaintDecided: T.complaintDecided,
    AwardPublished: T.winnerChosen,
    ContractSigned: T.signed,
    ContractChanged: T.changed,
    TransactionTerminated: T.terminated,
    QualificationResultCorrected: T.qualificationCorrected,
    CandidatesCorrected: T.candidatesCorrected,
    AwardCorrected: T.awardCorrected,
    ContractCorrected: T.contractCorrected,
  };
  const occurredAt =
    occurred[type as TransactionEventType] ??
    `${String(data['decidedOn'] ?? data['removedOn'])}T10:00:00+08:00`;
  const sameDay =
    type === 'AnnouncementPublished' || type === 'CandidatesPublicized' || type === 'AnnouncementCorrected';
  const publishedAt = sameDay
    ? type === 'CandidatesPublicized'
      ? T.publicityStart
      : occurredAt
    : new Date(Date.parse(occurredAt) + 24 * 3600_000).toISOString();
  return { occurredAt, publishedAt };
}

export function exampleMetadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  return {
    publisher: EXAMPLE_PARTIES.tradingCentre,
    publisherRole: 'trading_centre',
    regionCode: '320602',
    sourceSystem: '南通市公共资源交易平台',
    occurredAt: T.announced,
    publishedAt: T.announced,
    ...overrides,
  };
}

/** A publisher role that the seed catalogues allow for the example's item in every jurisdiction. */
function roleFor(type: EventType, domain: CatalogueDomain): EventMetadata['publisherRole'] {
  if (type === 'ComplaintDecided') return 'producer';
  if (domain === 'housing') return 'implementer';
  if (
    type === 'PenaltyImposed' ||
    type === 'LicenceGranted' ||
    type === 'BlacklistEntered' ||
    type === 'BlacklistRemoved' ||
    type === 'CreditRecorded'
  ) {
    return 'approver';
  }
  return 'implementer';
}

let sequence = 0;
/** Deterministic UUID-shaped ids, so the examples are stable across runs and documentation builds. */
function exampleId(): string {
  sequence += 1;
  return `00000000-0000-4000-8000-${sequence.toString(16).padStart(12, '0')}`;
}

function build(type: EventType, domain: CatalogueDomain, data: Record<string, unknown>): DomainEvent {
  const { occurredAt, publishedAt } = timesOf(type, domain, data);
  const role = roleFor(type, domain);
  // 谁实施谁公开: the body running the allocation publishes the stages; the authority its own decisions.
  const publisher = role === 'implementer' ? EXAMPLE_PARTIES.tenderer : EXAMPLE_PARTIES.authority;
  return {
    id: exampleId(),
    type,
    schemaVersion: 1,
    data,
    metadata: exampleMetadata({
      publisher,
      publisherRole: role,
      occurredAt,
      publishedAt,
      correlationId: `example-${domain}`,
    }),
  } as DomainEvent;
}

const creditCommon = {
  subject: EXAMPLE_PARTIES.third,
  domain: 'engineering',
  transactionId: EXAMPLE_TENDER_PROJECT_CODE,
  transactionName: '崇川区学田街道老旧小区改造工程',
  bidSectionCode: `${EXAMPLE_TENDER_PROJECT_CODE}001`,
  bidSectionName: '一标段',
  authority: EXAMPLE_PARTIES.authority,
} as const;

const CREDIT_EXAMPLE_DATA: Record<
  'PenaltyImposed' | 'LicenceGranted' | 'CreditRecorded' | 'BlacklistEntered' | 'BlacklistRemoved',
  Record<string, unknown>
> = {
  PenaltyImposed: {
    ...creditCommon,
    legalRepresentative: '刘强',
    decisionNumber: '通住建罚字〔2026〕第12号',
    facts: '以他人名义投标',
    basis: '《中华人民共和国招标投标法》第五十四条',
    categories: ['罚款'],
    content: '处中标项目金额千分之五的罚款',
    fineAmount: '13550.00',
    decidedOn: '2026-04-10',
    validUntil: '2027-04-10',
    displayUntil: '2027-04-10',
    dataSource: EXAMPLE_PARTIES.authority,
  },
  LicenceGranted: {
    // A licence is granted to the subject, not within a transaction.
    subject: creditCommon.subject,
    domain: creditCommon.domain,
    authority: creditCommon.authority,
    legalRepresentative: '刘强',
    decisionDocumentName: '建筑业企业资质证书核准决定书',
    decisionNumber: '通住建许字〔2026〕第57号',
    categories: ['核准'],
    certificateName: '建筑业企业资质证书',
    licenceNumber: 'D232060123',
    content: '建筑工程施工总承包二级',
    decidedOn: '2026-04-08',
    validFrom: '2026-04-08',
    validUntil: '2031-04-07',
    dataSource: EXAMPLE_PARTIES.authority,
  },
  CreditRecorded: {
    ...creditCommon,
    recordKind: 'dishonesty',
    severity: 'ordinary',
    recordNumber: 'XY-2026-0088',
    title: '投标活动中提供虚假材料',
    description: '在崇川区学田街道老旧小区改造工程投标中提供虚假业绩证明',
    decidedOn: '2026-04-10',
    displayUntil: '2027-04-10',
  },
  BlacklistEntered: {
    ...creditCommon,
    severity: 'serious',
    decisionNumber: '通住建失信〔2026〕第3号',
    reason: '弄虚作假骗取中标',
    basis: '《中华人民共和国招标投标法》第五十四条',
    decidedOn: '2026-04-15',
    displayUntil: '2029-04-15',
    restrictions: ['限制参与本市依法必须招标项目的投标'],
  },
  BlacklistRemoved: {
    ...creditCommon,
    entryDecisionNumber: '通住建失信〔2026〕第3号',
    removalReason: 'credit_repaired',
    removedOn: '2027-05-20',
    repairDecisionNumber: '通发改信修〔2027〕第41号',
  },
};

/** The trading centre's published facts the national data specification asks for (NATIONAL_RECORD_FIELDS). */
/** The notice each structured stage is published as. */
const STAGE_NOTICES: Partial<Record<TransactionEventType, { title: string; content: string }>> = {
  QualificationResultPublished: {
    title: '资格审查结果公示',
    content: '资格审查结果详见附件，未通过资格审查的申请人及原因一并公示。',
  },
  CandidatesPublicized: {
    title: '中标候选人公示',
    content: '评标委员会推荐的中标候选人及排序详见公示正文。',
  },
  ComplaintDecided: { title: '投诉处理决定', content: '投诉处理决定书全文见附件。' },
  AwardPublished: {
    title: '中标结果公告',
    content: '经评标委员会评审并公示，确定中标人，中标结果详见公告正文。',
  },
  ContractSigned: { title: '施工合同', content: '按招标文件和中标人投标文件订立合同，合同主要条款见附件。' },
  ContractChanged: { title: '合同履约情况报告', content: '合同履约情况详见报告正文。' },
};

function nationalRecordFields(type: TransactionEventType, domain: CatalogueDomain): Record<string, unknown> {
  const slug = type.replace(
    /[A-Z]/g,
    (letter, index: number) => (index === 0 ? '' : '-') + letter.toLowerCase(),
  );
  const notice = STAGE_NOTICES[type];
  return {
    ...(notice !== undefined ? { notice } : {}),
    tradingVenue: { ...EXAMPLE_PARTIES.tradingCentre, regionCode: '320600' },
    publication: {
      url: `https://ggzy.nantong.gov.cn/${domain}/${slug}/2026-0031.html`,
      media: '南通市公共资源交易网',
      bulletinDuty: '张敏',
      examinerName: '李卫东',
    },
    ...(domain === 'engineering' || domain === 'procurement' || domain === 'medical'
      ? { agency: { ...EXAMPLE_PARTIES.agency, contact: { person: '王磊', telephone: '0513-85123456' } } }
      : {}),
    contact: {
      person: '刘芳',
      telephone: '0513-85000000',
      email: 'zb@cjtz.example.cn',
      address: '南通市崇川区工农路150号',
    },
  };
}

function buildExamples(): DomainEvent[] {
  sequence = 0;
  const events: DomainEvent[] = [];
  for (const domain of CATALOGUE_DOMAINS) {
    for (const type of TRANSACTION_EVENT_TYPES) {
      events.push(
        build(type, domain, {
          domain,
          ...SUBJECT[domain],
          ...nationalRecordFields(type, domain),
          ...transactionFields(type, domain),
        }),
      );
    }
  }
  for (const [type, data] of Object.entries(CREDIT_EXAMPLE_DATA)) {
    events.push(build(type as EventType, 'engineering', data));
  }
  // Disclosures outside a transaction: one per kind, and an amendment of the project approval.
  for (const kind of DISCLOSURE_KINDS) events.push(buildDisclosure('DisclosurePublished', kind));
  events.push(
    buildDisclosure(
      'DisclosureAmended',
      'project_approval',
      {
        reason: '批复的招标组织形式由委托招标调整为自行招标',
        tenderingScope: '勘察、设计、施工、监理全部公开招标，自行招标',
      },
      { occurredAt: '2026-03-20T09:00:00+08:00', publishedAt: '2026-03-23T09:00:00+08:00' },
    ),
  );
  return events;
}

function buildDisclosure(
  type: 'DisclosurePublished' | 'DisclosureAmended',
  kind: DisclosureKind,
  extra: Record<string, unknown> = {},
  times: { occurredAt: string; publishedAt: string } = DISCLOSURE_EXAMPLE_TIMES,
): DomainEvent {
  const { publisher, publisherRole, data } = DISCLOSURE_EXAMPLES[kind];
  return {
    id: exampleId(),
    type,
    schemaVersion: 1,
    data: { ...data, ...extra },
    metadata: exampleMetadata({
      publisher,
      publisherRole,
      sourceSystem: '南通市政府信息公开平台',
      occurredAt: times.occurredAt,
      publishedAt: times.publishedAt,
    }),
  } as DomainEvent;
}

/** The example of a disclosure outside a transaction, by kind. */
export function exampleDisclosure(kind: DisclosureKind): DomainEvent {
  const found = EVENT_EXAMPLES.find(
    (event) => event.type === 'DisclosurePublished' && (event.data as { kind: string }).kind === kind,
  );
  if (!found) throw new Error(`No example for ${kind}`);
  return structuredClone(found);
}

/** One example per (event type, domain variant); credit types once each. */
export const EVENT_EXAMPLES: readonly DomainEvent[] = buildExamples();

/** The example of a type (in a domain, for transaction types). */
export function exampleEvent(type: EventType, domain: CatalogueDomain = 'engineering'): DomainEvent {
  const found = EVENT_EXAMPLES.find(
    (event) =>
      event.type === type &&
      (isCreditEventType(type) || (event.data as { domain: string }).domain === domain),
  );
  if (!found) throw new Error(`No example for ${type}/${domain}`);
  return structuredClone(found);
}
