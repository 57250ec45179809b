import type { BilingualText, DateAnchor, DeadlineRule, RuleSource } from '../calendar';
import type { CatalogueId } from './catalogue';
import { resolveCatalogue } from './resolve';
import {
  GOVERNMENT_INFORMATION_REGULATION,
  SEED_FILES,
  publishWithin,
  seedSource,
  workingDays,
} from './rule-builders';
import type { CatalogueDomain, CataloguePublisherRole, DisclosureChannel } from './vocabulary';

/**
 * What a department discloses outside any one transaction (国办发〔2017〕97号 and the five seeds' catalogues):
 * each kind is published in a stream of its own (`disclosure-<disclosureId>`) by the department the
 * catalogues name, and may name the transactions it concerns.
 */
export const DISCLOSURE_KINDS = [
  /** 土地供应计划 (计划供应面积、用途、比例). */
  'land_supply_plan',
  /** 集中采购目录、政府采购限额标准和公开招标数额标准. */
  'procurement_catalogue',
  /** 依法必须招标项目的审批核准备案信息 (含投资项目统一代码). */
  'project_approval',
  /** 产权交易决策及批准信息 (国有产权; 排污权, 海域使用权, 林权 alike). */
  'transfer_decision',
  /** 中介机构对转让（处置）标的审计及评估结果. */
  'intermediary_report',
  /** 城镇保障性安居工程规划建设方案、年度建设计划 (任务量、计划户型). */
  'housing_plan',
  /** 计划项目信息、建设计划完成情况 (已开工、已竣工项目, 配套设施). */
  'housing_project',
  /** 保障性住房分配政策、保障标准、分配程序、办事指南. */
  'housing_allocation_policy',
  /** 分配结果 of a period, in figures (each batch's named recipients are its transaction's award). */
  'housing_allocation_result',
  /** 农村危房改造相关政策措施执行情况 (政策、对象认定过程、补助资金分配、改造结果). */
  'rural_renovation',
] as const;
export type DisclosureKind = (typeof DISCLOSURE_KINDS)[number];

export interface DisclosureKindEntry {
  title: BilingualText;
  /** The domains the kind belongs to (the publisher's token must hold it). */
  domains: readonly [CatalogueDomain, ...CatalogueDomain[]];
  /** Roles that may publish it (谁批准谁公开、谁制作谁公开); a trading centre never does. */
  publishers: readonly CataloguePublisherRole[];
  /** The publishing body in the seeds' words (各级自然资源部门, 各级财政部门…). */
  department: BilingualText;
  channels: readonly DisclosureChannel[];
  /** The day the period runs from: `decidedOn` of the data (a decision, an approval), else `occurredAt`. */
  fact: Extract<DateAnchor, 'decidedOn' | 'occurredAt'>;
  /** The catalogue rows listing it (Nantong, Suzhou, Jinjiang tables; the plans' text). */
  listedIn: readonly RuleSource[];
  /** Deadlines by catalogue, the most specific applying; `national` always. */
  rules: { national: readonly DeadlineRule[] } & Partial<Record<CatalogueId, readonly DeadlineRule[]>>;
}

const NANTONG = '通政办发〔2019〕19号 附件';
const SUZHOU = '苏府办〔2018〕248号 附件';
const JINJIANG = '晋政办〔2018〕114号 附件';
const nantong = (line: number) => seedSource('nantong', NANTONG, line);
const suzhou = (line: number) => seedSource('suzhou', SUZHOU, line);
const jinjiang = (line: number) => seedSource('jinjiang', JINJIANG, line);

/**
 * 自政府信息形成或变更之日起20个工作日内 (政府信息公开条例 第二十六条), restated by the Shaoguan plan (line 43) and
 * the Tianjin plan (line 44) for everything proactively disclosed without a deadline of its own.
 */
function formed20(kind: DisclosureKind, fact: DateAnchor): DeadlineRule {
  return publishWithin(
    `national.disclosure.${kind}.publish-within-20wd`,
    workingDays(20),
    fact,
    {
      en: 'Published within 20 working days of being formed or changed',
      zh: '自信息形成或变更之日起20个工作日内公开',
    },
    {
      document: GOVERNMENT_INFORMATION_REGULATION,
      article: '第二十六条',
      seed: { file: SEED_FILES.tianjin, line: 44 },
    },
  );
}

/** A Jinjiang row's own 公开时限 (the only seed table with a deadline per row). */
function jinjiangWithin(kind: DisclosureKind, n: number, fact: DateAnchor, zh: string, line: number) {
  return publishWithin(
    `jinjiang.disclosure.${kind}.publish-within-${n}wd`,
    workingDays(n),
    fact,
    { en: `Published within ${n} working days (${JINJIANG})`, zh },
    jinjiang(line),
  );
}

const PORTALS: readonly DisclosureChannel[] = ['government_portal', 'department_website'];
const HOUSING_DEPARTMENT = {
  en: 'housing security department (市、县住房保障主管部门)',
  zh: '各级住房保障主管部门',
};

function entry(
  kind: DisclosureKind,
  fields: Omit<DisclosureKindEntry, 'rules'> & { jinjiang?: { n: number; zh: string; line: number } },
): DisclosureKindEntry {
  const { jinjiang: local, ...rest } = fields;
  return {
    ...rest,
    rules: {
      national: [formed20(kind, fields.fact)],
      ...(local ? { jinjiang: [jinjiangWithin(kind, local.n, fields.fact, local.zh, local.line)] } : {}),
    },
  };
}

export const DISCLOSURE_KIND_CATALOGUE: Readonly<Record<DisclosureKind, DisclosureKindEntry>> = {
  land_supply_plan: entry('land_supply_plan', {
    title: { en: 'Land supply plan', zh: '土地供应计划' },
    domains: ['land'],
    publishers: ['approver', 'producer'],
    department: { en: 'natural resources department (各级自然资源部门)', zh: '各级自然资源部门' },
    channels: [...PORTALS, 'designated_media'],
    // 政府批复供地计划之日: the plan's `decidedOn`.
    fact: 'decidedOn',
    listedIn: [nantong(103), suzhou(124), jinjiang(189)],
    jinjiang: { n: 20, zh: '政府批复供地计划之日起20个工作日内', line: 191 },
  }),
  procurement_catalogue: entry('procurement_catalogue', {
    title: {
      en: 'Central procurement catalogue, procurement thresholds and open-tender thresholds',
      zh: '集中采购目录、政府采购限额标准和公开招标数额标准',
    },
    domains: ['procurement'],
    publishers: ['approver', 'producer'],
    department: { en: 'finance department (各级财政部门)', zh: '各级财政部门' },
    channels: [...PORTALS, 'provincial_trading_platform'],
    fact: 'decidedOn',
    listedIn: [nantong(108), suzhou(130)],
  }),
  project_approval: entry('project_approval', {
    title: {
      en: 'Approval, ratification or filing of projects that must be tendered',
      zh: '依法必须招标项目的审批核准备案信息',
    },
    domains: ['engineering'],
    publishers: ['approver'],
    department: {
      en: 'the approving, ratifying or filing department (development and reform, 行政审批局, sector departments)',
      zh: '各级招标事项审批核准备案实施部门',
    },
    channels: PORTALS,
    fact: 'decidedOn',
    listedIn: [nantong(97), suzhou(118), jinjiang(340)],
    jinjiang: { n: 20, zh: '自信息形成或变更之日起20个工作日内', line: 343 },
  }),
  transfer_decision: entry('transfer_decision', {
    title: { en: 'Transfer decision and approval', zh: '产权交易决策及批准信息' },
    domains: ['state_property', 'emission', 'sea_area', 'forest'],
    publishers: ['approver'],
    department: {
      en: 'the approving body (国资委, 财政局 for administrative units, 环保/海洋/林业 departments)',
      zh: '履行出资人职责的部门、财政部门等批准单位',
    },
    channels: [...PORTALS, 'trading_centre_website'],
    fact: 'decidedOn',
    listedIn: [nantong(41), jinjiang(304)],
    jinjiang: { n: 5, zh: '自信息形成或变更之日起5个工作日内', line: 306 },
  }),
  intermediary_report: entry('intermediary_report', {
    title: {
      en: 'Intermediary audit and valuation results of the transferred asset',
      zh: '中介机构对转让（处置）标的审计及评估结果',
    },
    domains: ['state_property'],
    publishers: ['implementer'],
    department: { en: 'the transferor (项目的实施主体)', zh: '项目的实施主体' },
    channels: ['provincial_trading_platform', 'trading_centre_website'],
    fact: 'occurredAt',
    listedIn: [nantong(114), suzhou(138), jinjiang(313)],
    // 交易项目信息（含挂牌价格、审计结果）.
    jinjiang: { n: 20, zh: '自信息形成或变更之日起20个工作日内', line: 315 },
  }),
  housing_plan: entry('housing_plan', {
    title: {
      en: 'Affordable housing scheme and annual construction plan',
      zh: '城镇保障性安居工程规划建设方案、年度建设计划',
    },
    domains: ['housing'],
    publishers: ['approver', 'producer'],
    department: HOUSING_DEPARTMENT,
    channels: PORTALS,
    fact: 'occurredAt',
    listedIn: [nantong(141), suzhou(152), jinjiang(90)],
    jinjiang: { n: 20, zh: '自信息形成或变更之日起20个工作日内', line: 92 },
  }),
  housing_project: entry('housing_project', {
    title: {
      en: 'Planned, started and completed affordable housing projects',
      zh: '计划项目信息、建设计划完成情况',
    },
    domains: ['housing'],
    publishers: ['approver', 'producer'],
    department: HOUSING_DEPARTMENT,
    channels: PORTALS,
    fact: 'occurredAt',
    listedIn: [nantong(143), suzhou(154), jinjiang(100)],
    jinjiang: { n: 20, zh: '自信息形成或变更之日起20个工作日内', line: 101 },
  }),
  housing_allocation_policy: entry('housing_allocation_policy', {
    title: { en: 'Affordable housing allocation policy and standards', zh: '保障性住房分配政策、保障标准' },
    domains: ['housing'],
    publishers: ['approver', 'producer'],
    department: HOUSING_DEPARTMENT,
    channels: PORTALS,
    fact: 'decidedOn',
    listedIn: [nantong(153), suzhou(164), jinjiang(117)],
    jinjiang: { n: 20, zh: '自信息形成或变更之日起20个工作日内', line: 119 },
  }),
  housing_allocation_result: entry('housing_allocation_result', {
    title: { en: 'Affordable housing allocation results (figures)', zh: '保障性住房分配结果' },
    domains: ['housing'],
    publishers: ['approver', 'producer'],
    department: HOUSING_DEPARTMENT,
    channels: [...PORTALS, 'notice_board'],
    fact: 'occurredAt',
    listedIn: [nantong(158), suzhou(169), jinjiang(154)],
    jinjiang: { n: 20, zh: '自信息形成或变更之日起20个工作日内', line: 155 },
  }),
  rural_renovation: entry('rural_renovation', {
    title: {
      en: 'Rural dilapidated-housing renovation: policy, eligibility, subsidies, results',
      zh: '农村危房改造相关政策措施执行情况信息',
    },
    domains: ['housing'],
    publishers: ['approver', 'producer'],
    department: HOUSING_DEPARTMENT,
    channels: [...PORTALS, 'notice_board'],
    fact: 'occurredAt',
    listedIn: [nantong(149), suzhou(160), jinjiang(180)],
    jinjiang: { n: 20, zh: '自信息形成或变更之日起20个工作日内', line: 182 },
  }),
};

/** The deadlines of a kind in a region: the most specific catalogue of the region's chain that has its own. */
export function disclosureRulesFor(
  regionCode: string,
  kind: DisclosureKind,
): { catalogueId: CatalogueId; rules: readonly DeadlineRule[] } {
  const { rules } = DISCLOSURE_KIND_CATALOGUE[kind];
  const chain = resolveCatalogue(regionCode).chain;
  for (let i = chain.length - 1; i >= 0; i--) {
    const id = chain[i]!;
    const own = rules[id];
    if (own) return { catalogueId: id, rules: own };
  }
  return { catalogueId: 'national', rules: rules.national };
}
