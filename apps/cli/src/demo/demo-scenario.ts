import {
  exampleEvent,
  transactionIdOf,
  type CatalogueDomain,
  type DomainEvent,
  type Party,
  type RejectionCode,
  type TransactionEventType,
} from '@gongkai/domain';
import { DEMO_DISCLOSURES } from './demo-disclosures';
import { DEMO_PARTIES as P } from './sample-parties';
import { buildStage, demoEventId, shiftDates, shiftInstant, type StageSpec } from './stage-builder';

/**
 * The sample a newcomer loads with `gongkai demo`: complete lifecycles in four cities and three domains, one
 * disclosure published late (accepted, with a finding), and one award to a blacklisted bidder (rejected).
 */

/** What the demo expects the service to answer for a step; the summary flags any surprise. */
export type Expectation =
  { outcome: 'accepted'; late?: boolean } | { outcome: 'rejected'; code: RejectionCode };

export interface DemoStep {
  event: DomainEvent;
  /** One line for the summary, in Chinese, of what this step is. */
  label: string;
  expect: Expectation;
}

export interface DemoTransaction {
  transactionId: string;
  title: string;
  city: string;
  domain: CatalogueDomain;
  regionCode: string;
  publisher: Party;
  steps: DemoStep[];
}

export interface DemoScenario {
  /** Credit decisions appended before the transactions (the blacklist the award check reads). */
  credit: DemoStep[];
  /** Disclosures outside a transaction (plans, approvals…), each in its own stream. */
  disclosures: DemoStep[];
  transactions: DemoTransaction[];
}

const STAGE_LABEL: Record<string, string> = {
  AnnouncementPublished: '招标（出让）公告',
  QualificationResultPublished: '资格审查结果',
  CandidatesPublicized: '中标候选人公示',
  AwardPublished: '中标（成交）结果',
  ContractSigned: '合同订立',
  ContractChanged: '履约及变更',
};

const LIFECYCLE: TransactionEventType[] = [
  'AnnouncementPublished',
  'QualificationResultPublished',
  'CandidatesPublicized',
  'AwardPublished',
  'ContractSigned',
  'ContractChanged',
];

interface LifecycleSpec {
  key: string;
  title: string;
  city: string;
  domain: CatalogueDomain;
  regionCode: string;
  publisher: Party;
  shiftDays: number;
  /** The subject group (transaction id field, names) repeated on every event. */
  subject: Record<string, unknown>;
  /** Per stage: fields replacing the example's, and optional times. */
  stages?: Partial<
    Record<TransactionEventType, Partial<Pick<StageSpec, 'data' | 'occurredAt' | 'publishedAt'>>>
  >;
  late?: TransactionEventType;
}

function lifecycle(spec: LifecycleSpec): DemoTransaction {
  const steps = LIFECYCLE.map((type): DemoStep => {
    const overrides = spec.stages?.[type] ?? {};
    const event = buildStage({
      name: `${spec.key}/${type}`,
      type,
      domain: spec.domain,
      shiftDays: spec.shiftDays,
      data: { ...spec.subject, ...overrides.data },
      publisher: spec.publisher,
      regionCode: spec.regionCode,
      sourceSystem: `${spec.city}公共资源交易平台`,
      occurredAt: overrides.occurredAt,
      publishedAt: overrides.publishedAt,
    });
    return {
      event,
      label: STAGE_LABEL[type] ?? type,
      expect: { outcome: 'accepted', ...(spec.late === type ? { late: true } : {}) },
    };
  });
  const transactionId = transactionIdOf(
    steps[0]!.event.data as { domain: CatalogueDomain } & Record<string, unknown>,
  );
  if (!transactionId) throw new Error(`demo data: ${spec.key} has no transaction id`);
  return {
    transactionId,
    title: spec.title,
    city: spec.city,
    domain: spec.domain,
    regionCode: spec.regionCode,
    publisher: spec.publisher,
    steps,
  };
}

type Bid = { party: Party; bidPrice: string; evaluationScore: string };

const candidateList = (bids: Bid[]) =>
  bids.map((bid, index) => ({
    rank: index + 1,
    name: bid.party.name,
    creditCode: bid.party.creditCode,
    bidPrice: bid.bidPrice,
    evaluationScore: bid.evaluationScore,
  }));

/** Engineering candidates also name a project manager and the declared qualifications (实施条例 §54). */
const engineeringCandidates = (bids: Bid[], managers: string[]) =>
  candidateList(bids).map((candidate, index) => ({
    ...candidate,
    durationDays: 210 + index * 15,
    projectManager: { name: managers[index]!, certificateNumber: `苏132202${String(3100 + index)}` },
    declaredQualifications: ['市政公用工程施工总承包一级'],
  }));

// 1. 南通 · engineering: the domain's own example lifecycle, as a transaction centre would publish it.
const nantongEngineering = lifecycle({
  key: 'nantong-engineering',
  title: '崇川区学田街道老旧小区改造工程',
  city: '南通',
  domain: 'engineering',
  regionCode: '320602',
  publisher: P.nantongTenderer,
  shiftDays: 0,
  subject: { tenderer: P.nantongTenderer },
});

// 2. 苏州 · government procurement.
const suzhouBids: Bid[] = [
  { party: P.kedaEdu, bidPrice: '1742000.00', evaluationScore: '93.20' },
  { party: P.zhiyuanTech, bidPrice: '1768500.00', evaluationScore: '90.45' },
  { party: P.hongqiaoEquip, bidPrice: '1795000.00', evaluationScore: '87.60' },
];
const suzhouProcurement = lifecycle({
  key: 'suzhou-procurement',
  title: '苏州市第十中学智慧教室设备采购',
  city: '苏州',
  domain: 'procurement',
  regionCode: '320500',
  publisher: P.suzhouPurchaser,
  shiftDays: 14,
  subject: {
    procurementProjectCode: 'SZCG2026-0118',
    procurementProjectName: '苏州市第十中学智慧教室设备采购',
    procurementMethod: 'open_tender',
    purchaser: P.suzhouPurchaser,
  },
  stages: {
    AnnouncementPublished: {
      data: {
        title: '苏州市第十中学智慧教室设备采购公开招标公告',
        content: '采购交互式智慧黑板60套、录播系统2套，详见招标文件。',
        budgetAmount: '1860000.00',
      },
    },
    QualificationResultPublished: {
      data: {
        passed: suzhouBids.map((bid) => bid.party),
        rejected: [{ ...P.huaxinElectronics, reason: '未按要求提供近三年同类项目业绩' }],
      },
    },
    CandidatesPublicized: {
      data: {
        candidates: candidateList(suzhouBids),
        objectionChannel: '书面质疑递交至苏州市教育局，电话0512-65220000',
      },
    },
    AwardPublished: { data: { supplier: P.kedaEdu, dealAmount: '1742000.00' } },
    ContractSigned: {
      data: { supplier: P.kedaEdu, contractAmount: '1742000.00', contractNumber: 'SZJY-HT-2026-027' },
    },
    ContractChanged: { data: { description: '设备安装调试完成并通过验收，支付合同价款的70%' } },
  },
});

// 3. 晋江 · state-owned construction land, listed for sale (挂牌出让).
const jinjiangBids: Bid[] = [
  { party: P.landDeveloper, bidPrice: '348600000', evaluationScore: '100' },
  { party: P.landRunnerUp, bidPrice: '346000000', evaluationScore: '99' },
  { party: P.landThird, bidPrice: '331000000', evaluationScore: '95' },
];
const jinjiangLand = lifecycle({
  key: 'jinjiang-land',
  title: '晋江市梅岭街道2026P07号地块国有建设用地使用权挂牌出让',
  city: '晋江',
  domain: 'land',
  regionCode: '350582',
  publisher: P.jinjiangLandBureau,
  shiftDays: 49,
  subject: {
    landParcelCode: 'JJ2026P07',
    parcelLocation: '晋江市梅岭街道世纪大道东侧',
    landUse: '城镇住宅用地',
    areaSquareMetres: '42316.8',
    tenureYears: 70,
    transferMethod: 'listing',
  },
  stages: {
    AnnouncementPublished: {
      data: {
        title: '晋江市国有建设用地使用权挂牌出让公告（2026-07号）',
        content: '经晋江市人民政府批准，晋江市自然资源局决定以挂牌方式出让一宗国有建设用地使用权。',
      },
    },
    QualificationResultPublished: { data: { passed: jinjiangBids.map((bid) => bid.party), rejected: [] } },
    CandidatesPublicized: {
      data: {
        candidates: candidateList(jinjiangBids),
        objectionChannel: '书面异议递交至晋江市自然资源局，电话0595-85600000',
      },
    },
    AwardPublished: { data: { landee: P.landDeveloper, dealPrice: '348600000' } },
    ContractSigned: {
      data: { landee: P.landDeveloper, contractAmount: '348600000', contractNumber: 'JJCR-2026-07' },
    },
    ContractChanged: { data: { description: '受让人已缴清全部土地出让价款，宗地交付完成' } },
  },
});

// 4. 天津 · engineering, with the candidates publicized 9 days after the evaluation report instead of within
// 3 (招标投标法实施条例 第五十四条): accepted, and the finding is stored with the event.
const tianjinBids: Bid[] = [
  { party: P.binhaiBuild, bidPrice: '48650000.00', evaluationScore: '94.10' },
  { party: P.tianjinRoad, bidPrice: '49120000.00', evaluationScore: '91.85' },
  { party: P.hebeiBuild, bidPrice: '49580000.00', evaluationScore: '88.30' },
];
const tianjinShift = 42;
const tianjinReport = shiftInstant('2026-03-26T17:00:00+08:00', tianjinShift);
const tianjinLatePublicity = shiftInstant(tianjinReport, 9);
const tianjinPublicityEnd = shiftInstant(tianjinLatePublicity, 3);
const tianjinWinnerChosen = shiftInstant(tianjinPublicityEnd, 1);
const tianjinEngineering = lifecycle({
  key: 'tianjin-engineering',
  title: '滨海新区中新生态城道路及配套管网工程',
  city: '天津',
  domain: 'engineering',
  regionCode: '120116',
  publisher: P.tianjinTenderer,
  shiftDays: tianjinShift,
  subject: {
    tenderProjectCode: '1201162026E000058001',
    tenderProjectName: '滨海新区中新生态城道路及配套管网工程',
    bidSectionCode: '1201162026E000058001001',
    bidSectionName: '施工一标段',
    investmentProjectCode: '2026-120116-48-01-000358',
    tenderer: P.tianjinTenderer,
  },
  late: 'CandidatesPublicized',
  stages: {
    AnnouncementPublished: {
      data: {
        title: '中新生态城道路及配套管网工程施工招标公告',
        scope: '新建道路3.2公里及雨污水、给水管网',
        qualificationRequirements: '市政公用工程施工总承包一级及以上资质',
      },
    },
    QualificationResultPublished: { data: { passed: tianjinBids.map((bid) => bid.party), rejected: [] } },
    CandidatesPublicized: {
      data: {
        candidates: engineeringCandidates(tianjinBids, ['赵卫东', '孙海涛', '刘志刚']),
        evaluationReportReceived: tianjinReport,
        publicityStart: tianjinLatePublicity,
        publicityEnd: tianjinPublicityEnd,
        objectionChannel: '书面异议递交至招标人，电话022-66700000',
      },
      occurredAt: tianjinReport,
      publishedAt: tianjinLatePublicity,
    },
    AwardPublished: {
      data: {
        winBidder: P.binhaiBuild,
        bidAmount: '48650000.00',
        winnerChosen: tianjinWinnerChosen,
        awardNoticeIssued: tianjinWinnerChosen,
        projectManagerName: '赵卫东',
        durationDays: 210,
      },
      occurredAt: tianjinWinnerChosen,
      publishedAt: shiftInstant(tianjinWinnerChosen, 1),
    },
    ContractSigned: {
      data: {
        winBidder: P.binhaiBuild,
        contractAmount: '48650000.00',
        contractNumber: 'BHJS-2026-058',
        awardNoticeIssued: tianjinWinnerChosen,
      },
    },
    ContractChanged: {
      data: {
        changeKind: 'variation',
        description: '因管线迁改增加雨水管道460米，合同价款增加1260000.00元',
        newContractAmount: '49910000.00',
      },
    },
  },
});

// 5. 苏州 · engineering, where the first-ranked bidder was blacklisted after the candidates were publicized:
// the award to it is rejected (BLACKLISTED_PARTY), and the award to the second-ranked bidder goes through.
const blacklistShift = 70;
const wuzhongBids: Bid[] = [
  { party: P.xinchengBuild, bidPrice: '12380000.00', evaluationScore: '92.80' },
  { party: P.wuzhongBuild, bidPrice: '12465000.00', evaluationScore: '91.25' },
  { party: P.quJiangRoad, bidPrice: '12590000.00', evaluationScore: '88.40' },
];
const wuzhongSubject = {
  tenderProjectCode: '3205062026A000215001',
  tenderProjectName: '吴中区木渎镇中心小学改扩建工程',
  bidSectionCode: '3205062026A000215001001',
  bidSectionName: '施工总承包',
  investmentProjectCode: '2026-320506-83-01-004127',
  tenderer: P.suzhouTenderer,
};
const wuzhongBase = lifecycle({
  key: 'suzhou-blacklist',
  title: '吴中区木渎镇中心小学改扩建工程',
  city: '苏州',
  domain: 'engineering',
  regionCode: '320506',
  publisher: P.suzhouTenderer,
  shiftDays: blacklistShift,
  subject: wuzhongSubject,
  stages: {
    AnnouncementPublished: {
      data: {
        title: '木渎镇中心小学改扩建工程施工招标公告',
        scope: '教学楼、风雨操场新建及既有校舍改造',
        qualificationRequirements: '建筑工程施工总承包二级及以上资质',
      },
    },
    QualificationResultPublished: { data: { passed: wuzhongBids.map((bid) => bid.party), rejected: [] } },
    CandidatesPublicized: {
      data: { candidates: engineeringCandidates(wuzhongBids, ['钱国平', '吴建军', '黄海']) },
    },
    AwardPublished: {
      data: {
        winBidder: P.wuzhongBuild,
        bidAmount: '12465000.00',
        projectManagerName: '吴建军',
        durationDays: 225,
      },
    },
    ContractSigned: {
      data: { winBidder: P.wuzhongBuild, contractAmount: '12465000.00', contractNumber: 'WZCX-2026-0215' },
    },
    ContractChanged: { data: { description: '主体结构封顶，按合同约定支付进度款40%' } },
  },
});

/** The decision putting 南通鑫诚 on the blacklist, dated between the candidates' publicity and the award. */
const blacklistDecidedOn = shiftDates('2026-03-30', blacklistShift);
const blacklistEntered: DemoStep = {
  label: '列入严重失信主体名单（黑名单）',
  expect: { outcome: 'accepted' },
  event: (() => {
    const example = exampleEvent('BlacklistEntered');
    return {
      ...example,
      id: demoEventId('suzhou-blacklist/BlacklistEntered'),
      data: {
        ...(example.data as Record<string, unknown>),
        subject: P.xinchengBuild,
        transactionId: wuzhongSubject.tenderProjectCode,
        authority: P.suzhouHousingBureau,
        decisionNumber: '苏住建失信〔2026〕第7号',
        reason: '在多个依法必须招标项目中串通投标',
        basis: '《中华人民共和国招标投标法》第五十三条',
        decidedOn: blacklistDecidedOn,
        displayUntil: shiftDates('2029-03-30', blacklistShift),
        restrictions: ['限制参与本市依法必须招标项目的投标', '限制参与政府采购活动'],
      },
      metadata: {
        ...example.metadata,
        publisher: P.suzhouHousingBureau,
        publisherRole: 'approver',
        regionCode: '320500',
        sourceSystem: '信用苏州',
        occurredAt: `${blacklistDecidedOn}T10:00:00+08:00`,
        publishedAt: `${blacklistDecidedOn}T16:00:00+08:00`,
        correlationId: undefined,
      },
    } as DomainEvent;
  })(),
};

const awardStep = wuzhongBase.steps.find((step) => step.event.type === 'AwardPublished')!;
const rejectedAward: DemoStep = {
  label: '中标结果（中标人为黑名单企业）',
  expect: { outcome: 'rejected', code: 'BLACKLISTED_PARTY' },
  event: {
    ...awardStep.event,
    id: demoEventId('suzhou-blacklist/AwardPublished-blacklisted'),
    data: {
      ...awardStep.event.data,
      winBidder: P.xinchengBuild,
      bidAmount: '12380000.00',
      projectManagerName: '钱国平',
      durationDays: 210,
    },
  } as DomainEvent,
};
const awardIndex = wuzhongBase.steps.indexOf(awardStep);
const suzhouBlacklist: DemoTransaction = {
  ...wuzhongBase,
  steps: [...wuzhongBase.steps.slice(0, awardIndex), rejectedAward, ...wuzhongBase.steps.slice(awardIndex)],
};

export const DEMO_SCENARIO: DemoScenario = {
  credit: [blacklistEntered],
  disclosures: DEMO_DISCLOSURES.map(({ label, late, event }) => ({
    label,
    event,
    expect: { outcome: 'accepted', ...(late ? { late } : {}) },
  })),
  transactions: [nantongEngineering, suzhouProcurement, jinjiangLand, tianjinEngineering, suzhouBlacklist],
};
