import type { z } from 'zod';
import { CATALOGUE_DOMAINS, type CatalogueDomain } from '../catalogues';
import { type EventType, eventDataSchemas } from './catalogue';
import { isCreditEventType } from './streams';

/**
 * Our field names beside the national data specification's (公共资源交易平台系统数据规范) and Credit China's,
 * for the sinks. Only names confirmed in DOMAIN.md or in public implementations of the specification are
 * recorded; a field without an entry has no agreed national name yet. Paths are dotted (`winBidder.creditCode`).
 */
const PLATFORM_COMMON: Record<string, string> = {
  title: 'NOTICE_NAME',
  content: 'NOTICE_CONTENT',
  url: 'URL',
  publicityStart: 'PUBLICITY_START_TIME',
  publicityEnd: 'PUBLICITY_END_TIME',
  objectionChannel: 'OBJECTION_METHOD',
  signedAt: 'SIGNING_TIME',
  contractAmount: 'CONTRACT_AMOUNT',
};

const ENGINEERING: Record<string, string> = {
  ...PLATFORM_COMMON,
  tenderProjectCode: 'TENDER_PROJECT_CODE',
  tenderProjectName: 'TENDER_PROJECT_NAME',
  bidSectionCode: 'BID_SECTION_CODE',
  bidSectionName: 'BID_SECTION_NAME',
  'winBidder.name': 'WIN_BIDDER_NAME',
  'winBidder.creditCode': 'WIN_BIDDER_CODE',
  bidAmount: 'BID_AMOUNT',
  projectManagerName: 'PROJECT_LEAD',
  durationDays: 'TIME_LIMIT',
};

/** Credit China 双公示 administrative penalty record (行政处罚). */
const CREDIT_CHINA_PENALTY: Record<string, string> = {
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

const DOMAIN_FIELDS: Record<CatalogueDomain, Record<string, string>> = {
  engineering: ENGINEERING,
  procurement: {
    ...PLATFORM_COMMON,
    'supplier.name': 'WIN_BIDDER_NAME',
    'supplier.creditCode': 'WIN_BIDDER_CODE',
  },
  land: PLATFORM_COMMON,
  mining: PLATFORM_COMMON,
  state_property: PLATFORM_COMMON,
  medical: PLATFORM_COMMON,
  emission: PLATFORM_COMMON,
  sea_area: PLATFORM_COMMON,
  forest: PLATFORM_COMMON,
  housing: {},
};

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
  PenaltyImposed: 'Credit China 双公示 行政处罚 (cf_*)',
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

function mappingFor(fields: Record<string, string>, keys: Set<string>, dataSet?: string): SpecMapping {
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

/**
 * The mapping per event type and domain variant. Credit events are the same record in every domain, so each
 * domain gets the same mapping.
 */
export const SPEC_FIELDS: Readonly<Record<EventType, Record<CatalogueDomain, SpecMapping>>> =
  Object.fromEntries(
    (Object.keys(eventDataSchemas) as EventType[]).map((type) => {
      const schema = eventDataSchemas[type];
      if (isCreditEventType(type)) {
        const mapping = mappingFor(
          type === 'PenaltyImposed' ? CREDIT_CHINA_PENALTY : {},
          topLevelKeys(schema),
          CREDIT_DATA_SETS[type],
        );
        return [type, Object.fromEntries(CATALOGUE_DOMAINS.map((domain) => [domain, mapping]))];
      }
      const perDomain = variantsOf(schema).map(({ domain, schema: variantSchema }) => [
        domain,
        mappingFor(DOMAIN_FIELDS[domain], topLevelKeys(variantSchema), DATA_SETS[type]?.[domain]),
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
