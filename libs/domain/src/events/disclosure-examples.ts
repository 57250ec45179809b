import type { DisclosureKind } from '../catalogues';
import type { EventMetadata } from './metadata';

/** Departments of Nantong publishing disclosures outside a transaction (codes with real check characters). */
export const EXAMPLE_DEPARTMENTS = {
  naturalResources: { name: '南通市自然资源和规划局', creditCode: '11320600014123457B' },
  finance: { name: '南通市财政局', creditCode: '11320600014123458E' },
  approvals: { name: '南通市行政审批局', creditCode: '11320600014123459H' },
  stateAssets: { name: '南通市人民政府国有资产监督管理委员会', creditCode: '11320600014123460N' },
  housing: { name: '南通市住房和城乡建设局', creditCode: '113206000141234568' },
  /** 项目的实施主体 of a state property transfer. */
  transferor: { name: '南通市崇川区城市建设投资有限公司', creditCode: '91320602MA1X5Y2L0F' },
} as const;

const auditor = { name: '南通天华会计师事务所有限公司', creditCode: '91320600MA1Q2W3E4U' };
const builder = { name: '南通市保障性住房建设有限公司', creditCode: '91320600MA1Q2W3E5Y' };

/** Formed on 2 March 2026, published on 10 March: within every deadline of disclosure-kinds.ts. */
export const DISCLOSURE_EXAMPLE_TIMES = {
  decidedOn: '2026-03-02',
  occurredAt: '2026-03-02T09:00:00+08:00',
  publishedAt: '2026-03-10T09:00:00+08:00',
} as const;

const { decidedOn } = DISCLOSURE_EXAMPLE_TIMES;

/** One example per kind: its data and who publishes it. */
export const DISCLOSURE_EXAMPLES: Readonly<
  Record<
    DisclosureKind,
    {
      publisher: EventMetadata['publisher'];
      publisherRole: EventMetadata['publisherRole'];
      data: Record<string, unknown>;
    }
  >
> = {
  land_supply_plan: {
    publisher: EXAMPLE_DEPARTMENTS.naturalResources,
    publisherRole: 'producer',
    data: {
      kind: 'land_supply_plan',
      domain: 'land',
      disclosureId: 'NT-LSP-2026',
      title: '南通市2026年度国有建设用地供应计划',
      documentNumber: '通政复〔2026〕12号',
      year: 2026,
      decidedOn,
      plannedAreaHectares: '1250.5',
      uses: [
        { use: '住宅用地', areaHectares: '420' },
        { use: '工矿仓储用地', areaHectares: '530.5' },
        { use: '商服用地', areaHectares: '300' },
      ],
      transactionIds: ['3206022026G0001'],
    },
  },
  procurement_catalogue: {
    publisher: EXAMPLE_DEPARTMENTS.finance,
    publisherRole: 'producer',
    data: {
      kind: 'procurement_catalogue',
      domain: 'procurement',
      disclosureId: 'NT-PC-2026',
      title: '南通市2026年度政府集中采购目录及限额标准',
      documentNumber: '通财购〔2026〕3号',
      decidedOn,
      validFrom: '2026-04-01',
      centralItems: ['台式计算机', '便携式计算机', '复印机', '空调机'],
      procurementThreshold: '500000',
      openTenderThreshold: '4000000',
    },
  },
  project_approval: {
    publisher: EXAMPLE_DEPARTMENTS.approvals,
    publisherRole: 'approver',
    data: {
      kind: 'project_approval',
      domain: 'engineering',
      disclosureId: 'NT-APR-2026-0031',
      title: '崇川区学田街道老旧小区改造工程可行性研究报告批复',
      approvalKind: 'approval',
      investmentProjectCode: '2026-320602-48-01-000127',
      projectName: '崇川区学田街道老旧小区改造工程',
      projectOwner: EXAMPLE_DEPARTMENTS.transferor,
      decisionNumber: '通行审投〔2026〕31号',
      decidedOn,
      tenderingScope: '勘察、设计、施工、监理全部公开招标，委托招标',
      totalInvestment: '32000000',
      transactionIds: ['3206022026A000127001'],
    },
  },
  transfer_decision: {
    publisher: EXAMPLE_DEPARTMENTS.stateAssets,
    publisherRole: 'approver',
    data: {
      kind: 'transfer_decision',
      domain: 'state_property',
      disclosureId: 'NT-SASAC-2026-07',
      title: '关于同意转让南通某国有企业30%股权的批复',
      decisionKind: 'approval',
      projectSummary: '南通市崇川区城市建设投资有限公司持有的南通某置业有限公司30%股权公开挂牌转让',
      approvingAuthority: EXAMPLE_DEPARTMENTS.stateAssets,
      decisionNumber: '通国资复〔2026〕7号',
      decidedOn,
    },
  },
  intermediary_report: {
    publisher: EXAMPLE_DEPARTMENTS.transferor,
    publisherRole: 'implementer',
    data: {
      kind: 'intermediary_report',
      domain: 'state_property',
      disclosureId: 'NT-VAL-2026-011',
      title: '南通某置业有限公司股东全部权益价值资产评估报告',
      reportKind: 'valuation',
      intermediary: auditor,
      reportNumber: '天华评报字〔2026〕第011号',
      issuedOn: '2026-02-27',
      subjectMatter: '南通某置业有限公司30%股权',
      value: '18600000',
      baseDate: '2025-12-31',
    },
  },
  housing_plan: {
    publisher: EXAMPLE_DEPARTMENTS.housing,
    publisherRole: 'producer',
    data: {
      kind: 'housing_plan',
      domain: 'housing',
      disclosureId: 'NT-HP-2026',
      title: '南通市2026年城镇保障性安居工程年度建设计划',
      planKind: 'annual_plan',
      year: 2026,
      plannedStarts: 3200,
      plannedCompletions: 2800,
      unitTypes: [
        { unitType: '一室一厅（40平方米）', dwellings: 1800 },
        { unitType: '两室一厅（60平方米）', dwellings: 1400 },
      ],
    },
  },
  housing_project: {
    publisher: EXAMPLE_DEPARTMENTS.housing,
    publisherRole: 'producer',
    data: {
      kind: 'housing_project',
      domain: 'housing',
      disclosureId: 'NT-HPRJ-2026-004',
      title: '崇川区永兴公租房项目开工信息',
      status: 'started',
      projectName: '崇川区永兴公租房项目',
      siteAddress: '南通市崇川区永兴街道永和路以南',
      constructionUnit: builder,
      housingType: 'public_rental',
      dwellings: 640,
      floorAreaSquareMetres: '38400',
      totalInvestment: '156000000',
    },
  },
  housing_allocation_policy: {
    publisher: EXAMPLE_DEPARTMENTS.housing,
    publisherRole: 'approver',
    data: {
      kind: 'housing_allocation_policy',
      domain: 'housing',
      disclosureId: 'NT-HAP-2026-01',
      title: '南通市市区公共租赁住房保障准入标准',
      documentNumber: '通住建规〔2026〕1号',
      policyKind: 'eligibility_standard',
      decidedOn,
      housingTypes: ['public_rental'],
      content: '申请家庭人均可支配收入低于上年度市区人均可支配收入的60%，人均住房建筑面积低于15平方米。',
    },
  },
  housing_allocation_result: {
    publisher: EXAMPLE_DEPARTMENTS.housing,
    publisherRole: 'producer',
    data: {
      kind: 'housing_allocation_result',
      domain: 'housing',
      disclosureId: 'NT-HAR-2026-Q1',
      title: '南通市2026年第一季度保障性住房分配结果',
      periodStart: '2026-01-01',
      periodEnd: '2026-03-01',
      allocations: [
        { housingType: 'public_rental', households: 212 },
        { housingType: 'resettlement', households: 35 },
      ],
      exits: 18,
      transactionIds: ['NT-HS-2026-03'],
    },
  },
  rural_renovation: {
    publisher: EXAMPLE_DEPARTMENTS.housing,
    publisherRole: 'producer',
    data: {
      kind: 'rural_renovation',
      domain: 'housing',
      disclosureId: 'NT-RR-2026-ELIG-01',
      title: '2026年度农村危房改造对象认定结果公示',
      aspect: 'eligibility',
      year: 2026,
      households: [
        { name: '李小红', idNumber: '350582199001014563', village: '通州区兴东街道黄金村', subsidy: '30000' },
        { name: '王五', idNumber: '120101197808087892', village: '海门区三星镇汤家村', subsidy: '25000' },
      ],
      totalSubsidy: '55000',
    },
  },
};
