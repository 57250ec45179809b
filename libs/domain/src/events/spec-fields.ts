import type { z } from 'zod';
import { CATALOGUE_DOMAINS, type CatalogueDomain } from '../catalogues';
import { type EventType, eventDataSchemas } from './catalogue';
import { type CreditEventType, isCreditEventType, isDisclosureEventType } from './streams';

/**
 * Our field names beside the national data specification's (公共资源交易平台系统数据规范 V2.0) and Credit
 * China's, for the sinks. Paths are dotted (`winBidder.creditCode`); the elements of a list share their list's
 * path (`candidates.name`), and a named list becomes a list of sub-records.
 *
 * Where the names come from (public implementations of the specification; see docs/sinks.md):
 * - engineering 503/511/513, the candidate rows, complaints and the blacklist: the data set tables of a
 *   provincial platform (github.com/lishanling/GGZY: TENDER_ANN_QUA_INQUERY_ANN, TENDER_CANDIDATE_ANNOUNCE,
 *   TENDER_CANDIDATE, WIN_RESULT_ANNO, COMPLAINT_INFO, BLACK_LIST) and Shanxi's GCJS_WIN_CANDIDATE XML binding;
 * - procurement: PURCHASE_PROJECT, PURCHASE_QUALI_INQUERY_ANN, BID_DEAL_ANNOUNCE, PURCHASE_CONTRACT;
 * - land: DEAL_LAND_INFO (宗地编号 LAND_CODE, 受让人 LENDING_NAME/LENDING_CODE, 成交价格 DEAL_PRICE).
 * A confirmed name is sometimes borrowed for the same concept in a domain the public sources do not cover
 * (受让人 LENDING_* for every transferee, 保证金 MARGIN_AMOUNT, 项目编号 PROJECT_CODE); the comments say so.
 * Names no public source confirms are wrapped in `provisional()` and listed in PROVISIONAL_SPEC_NAMES: the
 * sinks send them, but a platform's interface document may rename them.
 *
 * Not mapped on purpose: code-valued enumerations (采购方式, 出让方式…: the specification's code tables are not
 * at hand, and our enum words are not its codes), and natural persons' lists (housing applicants, recipients,
 * tenants), which the specification has no data set for.
 */

const PROVISIONAL = new Set<string>();

/** A national name no public implementation confirms yet (recorded so the docs and reviewers can see it). */
function provisional(name: string): string {
  PROVISIONAL.add(name);
  return name;
}

type FieldTable = Readonly<Record<string, string>>;

// ---------------------------------------------------------------------------------------------------------
// Shared groups
// ---------------------------------------------------------------------------------------------------------

/** 公告名称/内容 (503 and the other announcement data sets). */
const NOTICE: FieldTable = { title: 'NOTICE_NAME', content: 'NOTICE_CONTENT', url: 'URL' };

/** 公示 (511 TENDER_CANDIDATE_ANNOUNCE). */
const PUBLICITY: FieldTable = {
  publicityStart: 'PUBLICITY_START_TIME',
  publicityEnd: 'PUBLICITY_END_TIME',
  objectionChannel: 'OBJECTION_METHOD',
};

/** 合同 (PURCHASE_CONTRACT: SIGNING_TIME, CONTRACT_AMOUNT; CONTRACT_PERFORMANCE: CONTRACT_CODE). */
const CONTRACT: FieldTable = {
  signedAt: 'SIGNING_TIME',
  contractAmount: 'CONTRACT_AMOUNT',
  contractNumber: 'CONTRACT_CODE',
};

/** 履约及变更: the amount after a variation is the contract amount; the rest has no confirmed name. */
const CONTRACT_CHANGE: FieldTable = {
  newContractAmount: 'CONTRACT_AMOUNT',
  contractNumber: 'CONTRACT_CODE',
  changedAt: provisional('CHANGE_TIME'),
  description: provisional('CHANGE_CONTENT'),
};

/** 更正公告 / 终止公告 (503 with NOTICE_NATURE 2 or 3). */
const CORRECTION: FieldTable = {
  correctedAt: provisional('CHANGE_TIME'),
  reason: provisional('CHANGE_REASON'),
};
const TERMINATION: FieldTable = {
  terminatedAt: provisional('TERMINATE_TIME'),
  reason: provisional('TERMINATE_REASON'),
};

/** 投诉处理决定 (COMPLAINT_INFO); the 文号 borrows BLACK_LIST's 处理文件文号 DOCUMENT_CODE. */
const COMPLAINT: FieldTable = {
  decisionNumber: 'DOCUMENT_CODE',
  decidedAt: 'HANDLE_DATE',
  'decidingAuthority.name': 'DEALING_UNIT',
  complainantName: 'COMPLAINT_NAME',
  summary: 'HANDLE_RESULT',
  basis: 'HANDLE_BASIS',
};

/**
 * 中标候选人 rows (TENDER_CANDIDATE; Shanxi GCJS_WIN_CANDIDATE). The specification pushes each candidate as
 * its own row; we nest them in the 511 record under the candidate data set's table name (our packaging).
 */
const CANDIDATES: FieldTable = {
  candidates: provisional('TENDER_CANDIDATE'),
  'candidates.rank': 'WIN_CANDIDATE_ORDER',
  'candidates.name': 'WIN_CANDIDATE_NAME',
  'candidates.creditCode': 'WIN_CANDIDATE_CODE',
  'candidates.bidPrice': 'BID_PRICE',
  /** 评分结果. */
  'candidates.evaluationScore': 'EVALUATION_RESULT',
  /** 评标情况. */
  'candidates.evaluationSummary': 'EVALUATION_STATUS',
};

/** Engineering candidates also carry 工期, 项目负责人 and the qualifications they answered with. */
const ENGINEERING_CANDIDATES: FieldTable = {
  ...CANDIDATES,
  'candidates.durationDays': 'TIME_LIMIT',
  'candidates.projectManager.name': 'PM_NAME',
  /** 项目负责人相关证书和编号. */
  'candidates.projectManager.certificateNumber': 'PM_CERTIFICATES',
  /** 中标候选人响应招标文件的资格能力条件. */
  'candidates.declaredQualifications': 'WIN_CANDIDATE_QUALIFICATION',
};

/** 受让人 (DEAL_LAND_INFO), borrowed for every transferee / buyer of a right or asset. */
const transfereeAs = (path: string): FieldTable => ({
  [`${path}.name`]: 'LENDING_NAME',
  [`${path}.creditCode`]: 'LENDING_CODE',
});

/** 公告期 of the non-engineering announcements (PURCHASE_QUALI_INQUERY_ANN BULLETIN_START_TIME). */
const BULLETIN_PERIOD: FieldTable = {
  announcementStart: 'BULLETIN_START_TIME',
  announcementEnd: provisional('BULLETIN_END_TIME'),
};

/** Documents and deadlines, borrowed from 503 for the domains that sell tender documents. */
const DOCUMENTS: FieldTable = {
  documentsIssueStart: 'DOC_GET_START_TIME',
  documentsIssueEnd: 'DOC_GET_END_TIME',
};

/** Auction-style announcements (land, mining, sea area): 起始价, 保证金, 交易开始. */
const AUCTION: FieldTable = {
  startingPrice: provisional('START_PRICE'),
  bidDeposit: 'MARGIN_AMOUNT',
  tradingStart: provisional('TRADE_START_TIME'),
};

/** A domain's own transaction code and name where only the generic 项目编号/项目名称 is confirmed. */
const projectAs = (code: string, name?: string): FieldTable => ({
  [code]: 'PROJECT_CODE',
  ...(name !== undefined ? { [name]: 'PROJECT_NAME' } : {}),
});

// ---------------------------------------------------------------------------------------------------------
// Per domain: the subject group and the fields every stage shares
// ---------------------------------------------------------------------------------------------------------

const DOMAIN_FIELDS: Record<CatalogueDomain, FieldTable> = {
  engineering: {
    ...NOTICE,
    ...PUBLICITY,
    ...CONTRACT,
    tenderProjectCode: 'TENDER_PROJECT_CODE',
    tenderProjectName: 'TENDER_PROJECT_NAME',
    bidSectionCode: 'BID_SECTION_CODE',
    bidSectionName: 'BID_SECTION_NAME',
    investmentProjectCode: 'INVEST_PROJECT_CODE',
    'tenderer.name': 'TENDERER_NAME',
    'tenderer.creditCode': 'TENDERER_CODE',
    'winBidder.name': 'WIN_BIDDER_NAME',
    'winBidder.creditCode': 'WIN_BIDDER_CODE',
    bidAmount: 'BID_AMOUNT',
    projectManagerName: 'PROJECT_LEAD',
    durationDays: 'TIME_LIMIT',
    bidDeadline: 'BID_DOC_REFER_END_TIME',
    documentsIssueEnd: 'DOC_GET_END_TIME',
  },
  procurement: {
    ...PUBLICITY,
    ...CONTRACT,
    procurementProjectCode: 'PURCHASE_PROJECT_CODE',
    procurementProjectName: 'PURCHASE_PROJECT_NAME',
    'purchaser.name': 'PURCHASER_NAME',
    'purchaser.creditCode': 'PURCHASER_CODE',
    bidDeadline: 'BID_CLOSING_TIME',
    documentsIssueEnd: 'DOC_GET_END_TIME',
    announcementEnd: provisional('BULLETIN_END_TIME'),
  },
  land: {
    ...NOTICE,
    ...PUBLICITY,
    ...CONTRACT,
    ...transfereeAs('landee'),
    landParcelCode: 'LAND_CODE',
    parcelLocation: 'LAND_POSITION',
    landUse: 'LAND_USAGE',
    areaSquareMetres: 'LAND_AREA',
    tenureYears: 'LEND_AGE_LIMIT',
    dealPrice: 'DEAL_PRICE',
    tradingStart: provisional('TRADE_START_TIME'),
  },
  mining: {
    ...NOTICE,
    ...PUBLICITY,
    ...CONTRACT,
    ...transfereeAs('transferee'),
    ...projectAs('miningRightProjectCode'),
    miningRightName: provisional('MINING_RIGHT_NAME'),
    dealPrice: 'DEAL_PRICE',
    bidDeadline: 'BID_CLOSING_TIME',
    tradingStart: provisional('TRADE_START_TIME'),
  },
  state_property: {
    ...NOTICE,
    ...PUBLICITY,
    ...CONTRACT,
    ...transfereeAs('transferee'),
    ...projectAs('propertyProjectCode', 'targetName'),
    'transferor.name': provisional('TRANSFEROR_NAME'),
    'transferor.creditCode': provisional('TRANSFEROR_CODE'),
    dealPrice: 'DEAL_PRICE',
    announcementEnd: provisional('BULLETIN_END_TIME'),
  },
  medical: {
    ...NOTICE,
    ...PUBLICITY,
    ...CONTRACT,
    ...projectAs('medicalProcurementCode', 'medicalProcurementName'),
    'purchaser.name': 'PURCHASER_NAME',
    'purchaser.creditCode': 'PURCHASER_CODE',
    bidDeadline: 'BID_CLOSING_TIME',
    documentsIssueEnd: 'DOC_GET_END_TIME',
  },
  emission: {
    ...NOTICE,
    ...PUBLICITY,
    ...CONTRACT,
    ...transfereeAs('buyer'),
    ...projectAs('emissionTradeCode'),
    dealPrice: 'DEAL_PRICE',
    announcementEnd: provisional('BULLETIN_END_TIME'),
  },
  sea_area: {
    ...NOTICE,
    ...PUBLICITY,
    ...CONTRACT,
    ...transfereeAs('transferee'),
    ...projectAs('seaAreaProjectCode', 'seaAreaName'),
    dealPrice: 'DEAL_PRICE',
    tradingStart: provisional('TRADE_START_TIME'),
  },
  forest: {
    ...NOTICE,
    ...PUBLICITY,
    ...CONTRACT,
    ...transfereeAs('transferee'),
    ...projectAs('forestRightProjectCode'),
    dealPrice: 'DEAL_PRICE',
    announcementEnd: provisional('BULLETIN_END_TIME'),
  },
  housing: {
    ...NOTICE,
    ...PUBLICITY,
    ...CONTRACT,
    ...projectAs('allocationBatchCode', 'housingProjectName'),
  },
};

// ---------------------------------------------------------------------------------------------------------
// Per stage: fields whose name depends on the data set (a procurement supplier is WINNINGBIDDER_* in the
// 成交公告 but SUPPLIER_* in the contract), and the stage-only fields
// ---------------------------------------------------------------------------------------------------------

type StageTable = Partial<Record<CatalogueDomain | 'all', FieldTable>>;

const STAGE_FIELDS: Partial<Record<EventType, StageTable>> = {
  AnnouncementPublished: {
    engineering: {
      /** 招标内容. */
      scope: 'TENDER_CONTENT',
      /** 投标人资格条件. */
      qualificationRequirements: 'BID_QUALIFICATION',
      ...DOCUMENTS,
      submissionMethod: 'BID_DOC_REFER_METHOD',
    },
    procurement: {
      title: 'BULLETIN_TITLE',
      content: 'BULLETIN_CONTENT',
      url: 'URL',
      ...BULLETIN_PERIOD,
      ...DOCUMENTS,
      /** 项目预算 (PURCHASE_PROJECT). */
      budgetAmount: 'PROGRAM_BUDGET',
      /** 最高限价, borrowed from the engineering 招标控制价. */
      maximumPrice: 'CONTROL_PRICE',
    },
    land: {
      ...AUCTION,
      listingStart: provisional('LISTING_START_TIME'),
      listingEnd: provisional('LISTING_END_TIME'),
    },
    mining: AUCTION,
    state_property: {
      ...BULLETIN_PERIOD,
      listingPrice: provisional('LISTING_PRICE'),
      appraisedValue: provisional('APPRAISED_PRICE'),
    },
    medical: { ...DOCUMENTS, budgetAmount: 'PROGRAM_BUDGET' },
    emission: { ...BULLETIN_PERIOD, listingPrice: provisional('LISTING_PRICE') },
    sea_area: AUCTION,
    forest: { ...BULLETIN_PERIOD, listingPrice: provisional('LISTING_PRICE') },
    housing: {
      applicationStart: provisional('APPLY_START_TIME'),
      applicationEnd: provisional('APPLY_END_TIME'),
    },
  },
  CandidatesPublicized: {
    engineering: ENGINEERING_CANDIDATES,
    procurement: CANDIDATES,
    land: CANDIDATES,
    mining: CANDIDATES,
    state_property: CANDIDATES,
    medical: { ...CANDIDATES, 'candidates.productName': provisional('PRODUCT_NAME') },
    emission: CANDIDATES,
    sea_area: CANDIDATES,
    forest: CANDIDATES,
  },
  AwardPublished: {
    procurement: {
      'supplier.name': 'WINNINGBIDDER_NAME',
      'supplier.creditCode': 'WINNINGBIDDER_CODE',
      dealAmount: 'WIN_BID_PRICE',
    },
    medical: {
      'supplier.name': 'WINNINGBIDDER_NAME',
      'supplier.creditCode': 'WINNINGBIDDER_CODE',
      dealAmount: 'WIN_BID_PRICE',
    },
    emission: { dealQuantityTonnes: provisional('DEAL_QUANTITY') },
  },
  ContractSigned: {
    procurement: { 'supplier.name': 'SUPPLIER_NAME', 'supplier.creditCode': 'SUPPLIER_CODE' },
    medical: { 'supplier.name': 'SUPPLIER_NAME', 'supplier.creditCode': 'SUPPLIER_CODE' },
  },
  ContractChanged: { all: CONTRACT_CHANGE },
  AnnouncementCorrected: { all: CORRECTION },
  TransactionTerminated: { all: TERMINATION },
  ComplaintDecided: { all: COMPLAINT },
};

// ---------------------------------------------------------------------------------------------------------
// Credit events
// ---------------------------------------------------------------------------------------------------------

/** Credit China 双公示 administrative penalty record (行政处罚), the published `cf_*` standard. */
const CREDIT_CHINA_PENALTY: FieldTable = {
  'subject.name': 'cf_xdr_mc',
  'subject.creditCode': 'cf_xdr_shxym',
  legalRepresentative: 'cf_fr',
  decisionNumber: 'cf_wsh',
  facts: 'cf_sy',
  basis: 'cf_yj',
  categories: 'cf_cflb',
  content: 'cf_nr',
  fineAmount: 'cf_nr_fk',
  decidedOn: 'cf_jdrq',
  validUntil: 'cf_yxq',
  displayUntil: 'cf_gsjzq',
  'authority.name': 'cf_cfjg',
  'authority.creditCode': 'cf_cfjgdm',
  'dataSource.name': 'cf_sjly',
  'dataSource.creditCode': 'cf_sjlydm',
};

/** 黑名单 on the trading platform (302/303, BLACK_LIST): 主体, 处罚原因/日期/部门, 处理文件文号, 限制行为. */
const PLATFORM_BLACKLIST: FieldTable = {
  'subject.name': 'BODY_NAME',
  'subject.creditCode': 'BODY_CODE',
  'authority.name': 'GOVERNMENT',
};

/** What the provincial platform takes of each credit event (PenaltyImposed keeps the 双公示 names). */
const PLATFORM_CREDIT_FIELDS: Record<CreditEventType, FieldTable> = {
  PenaltyImposed: CREDIT_CHINA_PENALTY,
  /** Licences go to Credit China only. */
  LicenceGranted: {},
  CreditRecorded: {},
  BlacklistEntered: {
    ...PLATFORM_BLACKLIST,
    decisionNumber: 'DOCUMENT_CODE',
    reason: 'RECORD_REASON',
    decidedOn: 'RECORD_DATE',
    restrictions: 'CONFINED_ACTION',
    displayUntil: provisional('END_DATE'),
  },
  BlacklistRemoved: {
    ...PLATFORM_BLACKLIST,
    entryDecisionNumber: 'DOCUMENT_CODE',
    removedOn: provisional('REVOCATION_DATE'),
    // removalReason is an enumeration: BLACK_LIST's REVOCATION_STATUS is a yes/no flag, not a reason code.
  },
};

const CREDIT_CHINA_BLACKLIST_SUBJECT: FieldTable = {
  'subject.name': 'hmd_xdr_mc',
  'subject.creditCode': 'hmd_xdr_shxym',
  'authority.name': 'hmd_rdjg',
  'authority.creditCode': 'hmd_rdjgdm',
};

/**
 * Credit China records per credit event type. Penalties use the published 双公示 `cf_*` names. Blacklist
 * entries/removals and credit records have no public field list: their `hmd_*` (黑名单) and `xy_*` (信用记录)
 * names follow the `cf_*` pattern (pinyin initials) and are all PROVISIONAL until the platform's interface
 * document is at hand.
 */
export const CREDIT_CHINA_FIELDS: Readonly<Record<CreditEventType, FieldTable>> = {
  PenaltyImposed: CREDIT_CHINA_PENALTY,
  /** 双公示 行政许可 (`xk_*`), named after the penalty record's pattern until the interface document is at hand. */
  LicenceGranted: provisionalTable({
    'subject.name': 'xk_xdr_mc',
    'subject.creditCode': 'xk_xdr_shxym',
    legalRepresentative: 'xk_fr',
    decisionDocumentName: 'xk_xkws',
    decisionNumber: 'xk_wsh',
    categories: 'xk_xklb',
    certificateName: 'xk_xkzs',
    licenceNumber: 'xk_xkbh',
    content: 'xk_nr',
    decidedOn: 'xk_jdrq',
    validFrom: 'xk_yxqz',
    validUntil: 'xk_yxqzi',
    'authority.name': 'xk_xkjg',
    'authority.creditCode': 'xk_xkjgdm',
    'dataSource.name': 'xk_lydw',
    'dataSource.creditCode': 'xk_lydwdm',
  }),
  BlacklistEntered: provisionalTable({
    ...CREDIT_CHINA_BLACKLIST_SUBJECT,
    decisionNumber: 'hmd_wsh',
    severity: 'hmd_sxdj',
    reason: 'hmd_lrly',
    basis: 'hmd_yj',
    decidedOn: 'hmd_rdrq',
    displayUntil: 'hmd_gsjzq',
    restrictions: 'hmd_cjcs',
  }),
  BlacklistRemoved: provisionalTable({
    ...CREDIT_CHINA_BLACKLIST_SUBJECT,
    /** On removal, the decision that put the subject on the list. */
    entryDecisionNumber: 'hmd_wsh',
    removalReason: 'hmd_ycyy',
    removedOn: 'hmd_ycrq',
    repairDecisionNumber: 'hmd_xfwsh',
  }),
  CreditRecorded: provisionalTable({
    'subject.name': 'xy_xdr_mc',
    'subject.creditCode': 'xy_xdr_shxym',
    recordKind: 'xy_jllb',
    severity: 'xy_sxdj',
    recordNumber: 'xy_jlbh',
    title: 'xy_bt',
    description: 'xy_nr',
    decidedOn: 'xy_rdrq',
    displayUntil: 'xy_gsjzq',
    'authority.name': 'xy_rdjg',
    'authority.creditCode': 'xy_rdjgdm',
  }),
};

function provisionalTable(table: FieldTable): FieldTable {
  Object.values(table).forEach(provisional);
  return table;
}

/** Names recorded here that no public implementation of the specification (or of Credit China) confirms. */
export const PROVISIONAL_SPEC_NAMES: ReadonlySet<string> = PROVISIONAL;

/** Data set numbers (as numbered in public implementations) a variant is pushed as. */
const DATA_SETS: Partial<Record<EventType, Partial<Record<CatalogueDomain, string>>>> = {
  AnnouncementPublished: {
    engineering: '503',
    procurement: '550-557',
    land: '600',
    mining: '650-660',
    state_property: '700-753',
  },
  QualificationResultPublished: { engineering: '516', procurement: '550-557' },
  CandidatesPublicized: { engineering: '511' },
  AwardPublished: {
    engineering: '513',
    procurement: '550-557 (BID_DEAL_ANNOUNCE)',
    land: '601',
    mining: '650-660',
    state_property: '700-753',
  },
  ContractSigned: {
    engineering: '512/522',
    procurement: '550-557 (PURCHASE_CONTRACT)',
    land: '601',
    mining: '650-660',
    state_property: '700-753',
  },
  ContractChanged: { engineering: '512/522', procurement: '550-557' },
};

const CREDIT_DATA_SETS: Partial<Record<EventType, string>> = {
  PenaltyImposed: '300 违法违规信息 (provincial platform); Credit China 双公示 行政处罚 (cf_*)',
  BlacklistEntered: '302',
  BlacklistRemoved: '303',
};

export interface SpecMapping {
  dataSet?: string;
  /** our field path → national field name. */
  fields: Record<string, string>;
}

function topLevelKeys(schema: z.ZodType): Set<string> {
  const def = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return new Set(Object.keys(def ?? {}));
}

function mappingFor(fields: FieldTable, keys: Set<string>, dataSet?: string): SpecMapping {
  const present = Object.entries(fields).filter(([path]) => keys.has(path.split('.')[0]!));
  return { ...(dataSet ? { dataSet } : {}), fields: Object.fromEntries(present) };
}

function variantsOf(schema: z.ZodType): Array<{ domain: CatalogueDomain; schema: z.ZodType }> {
  const options = (schema as unknown as { options?: z.ZodType[] }).options ?? [];
  return options.map((option) => {
    const shape = (option as unknown as { shape: { domain: { value: CatalogueDomain } } }).shape;
    return { domain: shape.domain.value, schema: option };
  });
}

/** The domain's fields, then the stage's (which win where both name a path). */
function stageFields(type: EventType, domain: CatalogueDomain): FieldTable {
  const stage = STAGE_FIELDS[type];
  return { ...DOMAIN_FIELDS[domain], ...stage?.all, ...stage?.[domain] };
}

/**
 * The mapping per event type and domain variant, for the provincial platform (and, for penalties, the 双公示
 * record). Credit events are the same record in every domain, so each domain gets the same mapping. Only
 * fields the variant's schema declares are kept.
 */
export const SPEC_FIELDS: Readonly<Record<EventType, Record<CatalogueDomain, SpecMapping>>> =
  Object.fromEntries(
    (Object.keys(eventDataSchemas) as EventType[]).map((type) => {
      const schema = eventDataSchemas[type];
      // No national data set means a disclosure outside a transaction (docs/sinks.md): nothing mapped.
      if (isDisclosureEventType(type)) {
        return [type, Object.fromEntries(CATALOGUE_DOMAINS.map((domain) => [domain, { fields: {} }]))];
      }
      if (isCreditEventType(type)) {
        const mapping = mappingFor(
          PLATFORM_CREDIT_FIELDS[type],
          topLevelKeys(schema),
          CREDIT_DATA_SETS[type],
        );
        return [type, Object.fromEntries(CATALOGUE_DOMAINS.map((domain) => [domain, mapping]))];
      }
      const perDomain = variantsOf(schema).map(({ domain, schema: variantSchema }) => [
        domain,
        mappingFor(stageFields(type, domain), topLevelKeys(variantSchema), DATA_SETS[type]?.[domain]),
      ]);
      return [type, Object.fromEntries(perDomain)];
    }),
  ) as Record<EventType, Record<CatalogueDomain, SpecMapping>>;

/** Every record pushed to the platform also carries these (filled by the sink, not by the event). */
export const PLATFORM_ENVELOPE_FIELDS = {
  platformCode: 'PLATFORM_CODE',
  pubServicePlatCode: 'PUB_SERVICE_PLAT_CODE',
  dataTimestamp: 'DATA_TIMESTAMP',
} as const;
