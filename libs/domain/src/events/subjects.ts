import { z } from 'zod';
import type { CatalogueDomain } from '../catalogues';
import { bidSectionCodeSchema, investmentProjectCodeSchema, tenderProjectCodeSchema } from '../identifiers';
import { decimal, partySchema, platformCode, text } from './common';
import { MINING_RIGHT_FIELDS } from './national-record';

/**
 * What a transaction allocates, in each domain's own words. Every event of a transaction repeats its subject
 * group so a single event can be read (and pushed to a platform) on its own.
 */
export const SUBJECTS = {
  /** 工程建设项目招标投标: 招标项目 and 标段. */
  engineering: z.object({
    tenderProjectCode: tenderProjectCodeSchema,
    tenderProjectName: text,
    bidSectionCode: bidSectionCodeSchema.optional(),
    bidSectionName: text.optional(),
    /** 投资项目统一代码 of the approved project. */
    investmentProjectCode: investmentProjectCodeSchema.optional(),
    /** 招标人. */
    tenderer: partySchema.optional(),
    /** 是否依法必须招标 (IS_TO_LAW): 招标投标法 第二十四条 and 实施条例 第五十四条 bind only such projects. */
    tenderingRequired: z.boolean().optional(),
    /** 国有资金占控股或者主导地位 (实施条例 第五十五条: the first-ranked candidate wins). */
    stateFundedControlling: z.boolean().optional(),
  }),
  /** 政府采购: 采购项目 by 采购人 under a 采购方式. */
  procurement: z.object({
    procurementProjectCode: platformCode,
    procurementProjectName: text,
    procurementMethod: z.enum([
      'open_tender',
      'invited_tender',
      'competitive_negotiation',
      'competitive_consultation',
      'single_source',
      'inquiry',
    ]),
    purchaser: partySchema,
  }),
  /** 国有建设用地使用权出让: 宗地. */
  land: z.object({
    landParcelCode: platformCode,
    parcelLocation: text,
    landUse: text,
    areaSquareMetres: decimal,
    tenureYears: z.number().int().min(1).max(70),
    /** 招标 / 拍卖 / 挂牌. */
    transferMethod: z.enum(['tender', 'auction', 'listing']),
  }),
  /** 矿业权出让: 探矿权 or 采矿权. */
  mining: z.object({
    miningRightProjectCode: platformCode,
    miningRightName: text,
    mineralType: text,
    rightKind: z.enum(['exploration', 'mining']),
    areaSquareKilometres: decimal,
    transferMethod: z.enum(['tender', 'auction', 'listing', 'agreement']),
    ...MINING_RIGHT_FIELDS,
  }),
  /** 国有产权交易: 转让标的 offered by 转让方. */
  state_property: z.object({
    propertyProjectCode: platformCode,
    targetName: text,
    transferor: partySchema,
    /** 拟转让比例 in percent, for equity. */
    transferSharePercent: decimal.optional(),
    /** 产权转让, 企业增资 or 资产转让: 32号令 sets each its own disclosure period (§13, §41, §48). */
    transactionKind: z.enum(['equity_transfer', 'capital_increase', 'asset_transfer']).optional(),
  }),
  /** 医疗设备、药品、医用耗材采购. */
  medical: z.object({
    medicalProcurementCode: platformCode,
    medicalProcurementName: text,
    productCategory: z.enum(['equipment', 'drugs', 'consumables']),
    purchaser: partySchema,
  }),
  /** 排污权交易 and 排污权收储. */
  emission: z.object({
    emissionTradeCode: platformCode,
    pollutant: text,
    quantityTonnes: decimal,
    tradeKind: z.enum(['transfer', 'buy_back']),
  }),
  /** 海域使用权交易. */
  sea_area: z.object({
    seaAreaProjectCode: platformCode,
    seaAreaName: text,
    seaUseType: text,
    areaHectares: decimal,
    termYears: z.number().int().min(1).max(50),
  }),
  /** 林业产权交易 (林权流转). */
  forest: z.object({
    forestRightProjectCode: platformCode,
    forestLocation: text,
    forestRightCertificateNumber: text.optional(),
    areaMu: decimal,
    circulationMethod: z.enum(['transfer', 'lease', 'shareholding', 'cooperation']),
  }),
  /** 保障性住房分配: one allocation batch (分配批次) of a housing project. */
  housing: z.object({
    allocationBatchCode: platformCode,
    housingProjectName: text,
    housingType: z.enum(['public_rental', 'affordable', 'price_limited', 'resettlement']),
  }),
} as const satisfies Record<CatalogueDomain, z.ZodObject>;

/** The field of each subject group that identifies the transaction (its stream is `txn-<value>`). */
export const TRANSACTION_ID_FIELD = {
  engineering: 'tenderProjectCode',
  procurement: 'procurementProjectCode',
  land: 'landParcelCode',
  mining: 'miningRightProjectCode',
  state_property: 'propertyProjectCode',
  medical: 'medicalProcurementCode',
  emission: 'emissionTradeCode',
  sea_area: 'seaAreaProjectCode',
  forest: 'forestRightProjectCode',
  housing: 'allocationBatchCode',
} as const satisfies { [D in CatalogueDomain]: keyof z.infer<(typeof SUBJECTS)[D]> };

/** The transaction id carried by an event's data (`undefined` for data without a known domain). */
export function transactionIdOf(
  data: { domain: CatalogueDomain } & Record<string, unknown>,
): string | undefined {
  const value = data[TRANSACTION_ID_FIELD[data.domain]];
  return typeof value === 'string' ? value : undefined;
}
