import { z } from 'zod';
import type { DisclosureKind } from '../catalogues';
import { investmentProjectCodeSchema } from '../identifiers';
import {
  decimal,
  localDate,
  longText,
  naturalPersonSchema,
  partySchema,
  platformCode,
  text,
  yuan,
} from './common';

/**
 * Disclosures outside a transaction (土地供应计划, 集中采购目录, 审批核准备案, 产权交易决策及批准, 中介机构审计评估结果,
 * 住房保障 plans, projects, policies and results, 农村危房改造). Each lives in its own stream
 * (`disclosure-<disclosureId>`); `transactionIds` names the transactions it concerns, which it only links to:
 * nothing is written into them. Publishers, deadlines and sources per kind: catalogues/disclosure-kinds.ts.
 */

/** Most transactions one disclosure may name (a plan lists its parcels, a catalogue none). */
export const DISCLOSURE_MAX_LINKS = 500;
/** Most rows of a list inside a disclosure (plan uses, catalogue items, households). */
const MAX_ROWS = 5_000;

const year = z.number().int().min(1900).max(2200);
const count = z.number().int().min(0).max(100_000_000);
const rows = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(MAX_ROWS);

/** The transactions a disclosure concerns, each named once. */
const transactionIds = z
  .array(platformCode)
  .max(DISCLOSURE_MAX_LINKS)
  .refine((ids) => new Set(ids).size === ids.length, 'names a transaction twice');

const common = {
  /** The publisher's own code for the disclosure (信息编号); its stream is `disclosure-<disclosureId>`. */
  disclosureId: platformCode,
  title: text,
  /** 文号 of the document, when it has one. */
  documentNumber: text.optional(),
  /** The document's text or summary as published. */
  content: longText.optional(),
  transactionIds: transactionIds.optional(),
};

/** Housing types of 住房保障 (公租房, 经济适用房, 限价房, 安置房), as in allocation batches. */
const housingType = z.enum(['public_rental', 'affordable', 'price_limited', 'resettlement']);

const kinds = {
  /** 土地供应计划: 计划供应面积、用途、比例 (晋江清单); dated by the government's approval. */
  land_supply_plan: {
    domain: z.literal('land'),
    year,
    /** 政府批复供地计划之日: the 20 working days run from it (晋江清单). */
    decidedOn: localDate,
    plannedAreaHectares: decimal,
    /** 用途 and the area planned for each (比例 follows from it). */
    uses: rows(z.object({ use: text, areaHectares: decimal })),
  },
  /** 集中采购目录、政府采购限额标准和公开招标数额标准. */
  procurement_catalogue: {
    domain: z.literal('procurement'),
    /** 印发之日. */
    decidedOn: localDate,
    validFrom: localDate,
    validUntil: localDate.optional(),
    /** 集中采购目录: the items bought centrally. */
    centralItems: rows(text),
    /** 政府采购限额标准 (分散采购限额). */
    procurementThreshold: yuan,
    /** 公开招标数额标准. */
    openTenderThreshold: yuan,
  },
  /** 审批核准备案 of a project that must be tendered (含投资项目统一代码). */
  project_approval: {
    domain: z.literal('engineering'),
    approvalKind: z.enum(['approval', 'ratification', 'filing']),
    investmentProjectCode: investmentProjectCodeSchema,
    projectName: text,
    /** 项目单位. */
    projectOwner: partySchema,
    decisionNumber: text,
    decidedOn: localDate,
    /** 招标范围、招标方式、招标组织形式 as approved. */
    tenderingScope: text.optional(),
    totalInvestment: yuan.optional(),
  },
  /** 产权交易决策及批准信息: 交易项目简要情况、批准时间、批准单位 (晋江清单). */
  transfer_decision: {
    domain: z.enum(['state_property', 'emission', 'sea_area', 'forest']),
    decisionKind: z.enum(['decision', 'approval']),
    projectSummary: text,
    /** 批准单位. */
    approvingAuthority: partySchema,
    decisionNumber: text,
    /** 批准时间. */
    decidedOn: localDate,
  },
  /** 中介机构对转让（处置）标的审计及评估结果. */
  intermediary_report: {
    domain: z.literal('state_property'),
    reportKind: z.enum(['audit', 'valuation']),
    /** The audit firm or valuer. */
    intermediary: partySchema,
    reportNumber: text,
    issuedOn: localDate,
    /** 转让（处置）标的. */
    subjectMatter: text,
    /** 审计/评估值. */
    value: yuan.optional(),
    /** 评估基准日. */
    baseDate: localDate.optional(),
  },
  /** 规划建设方案 or 年度建设计划: 建设计划任务量 (开工套数、基本建成套数), 计划户型. */
  housing_plan: {
    domain: z.literal('housing'),
    planKind: z.enum(['construction_scheme', 'annual_plan']),
    year,
    plannedStarts: count,
    plannedCompletions: count,
    unitTypes: rows(z.object({ unitType: text, dwellings: count })).optional(),
  },
  /** 计划项目 / 已开工 / 已竣工项目: 项目名称、建设地址、建设单位、建设规模、总投资, 配套设施. */
  housing_project: {
    domain: z.literal('housing'),
    status: z.enum(['planned', 'started', 'completed']),
    projectName: text,
    /** 建设地址 (a site, not a person's home). */
    siteAddress: text,
    constructionUnit: partySchema,
    housingType,
    dwellings: count,
    floorAreaSquareMetres: decimal.optional(),
    totalInvestment: yuan.optional(),
    facilities: text.optional(),
  },
  /** 分配政策, 保障标准 (申请条件), 分配程序, 办事指南. */
  housing_allocation_policy: {
    domain: z.literal('housing'),
    policyKind: z.enum(['allocation_policy', 'eligibility_standard', 'procedure', 'service_guide']),
    decidedOn: localDate,
    housingTypes: z.array(housingType).min(1).max(4).optional(),
  },
  /** 分配结果 in figures for a period; the named recipients are each batch's award (its transaction). */
  housing_allocation_result: {
    domain: z.literal('housing'),
    periodStart: localDate,
    periodEnd: localDate,
    allocations: rows(z.object({ housingType, households: count })),
    /** 退出: households that left the scheme in the period. */
    exits: count.optional(),
  },
  /** 农村危房改造: 政策、对象认定过程、补助资金分配、改造结果; households are natural persons (masked publicly). */
  rural_renovation: {
    domain: z.literal('housing'),
    aspect: z.enum(['policy', 'eligibility', 'subsidy', 'result']),
    year,
    households: rows(
      naturalPersonSchema.extend({
        village: text,
        subsidy: yuan.optional(),
        renovated: z.boolean().optional(),
      }),
    ).optional(),
    totalSubsidy: yuan.optional(),
  },
} as const satisfies Record<DisclosureKind, z.ZodRawShape>;

type Kinds = typeof kinds;

function disclosureUnion<S extends z.ZodRawShape>(extra: S) {
  const variant = <K extends keyof Kinds>(kind: K) =>
    z.object({ kind: z.literal(kind), ...common, ...kinds[kind], ...extra });
  return z.discriminatedUnion('kind', [
    variant('land_supply_plan'),
    variant('procurement_catalogue'),
    variant('project_approval'),
    variant('transfer_decision'),
    variant('intermediary_report'),
    variant('housing_plan'),
    variant('housing_project'),
    variant('housing_allocation_policy'),
    variant('housing_allocation_result'),
    variant('rural_renovation'),
  ]);
}

/** A disclosure outside a transaction, first published. */
export const disclosurePublishedSchema = disclosureUnion({});

/**
 * A change to it (信息变更: the 20 working days run again from the change): the disclosure as it now stands,
 * in full, and why it changed. Same id, kind and domain as published; only its publisher amends it.
 */
export const disclosureAmendedSchema = disclosureUnion({ reason: text });

export type DisclosureData = z.infer<typeof disclosurePublishedSchema>;
