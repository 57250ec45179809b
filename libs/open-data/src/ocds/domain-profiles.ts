import type { CatalogueDomain, Party } from '@gongkai/domain';

/**
 * How each gongkai domain fits OCDS (docs/ocds.md has the table and the reasons):
 * - engineering, procurement, medical: public contracting as OCDS means it: a public buyer pays a supplier;
 * - land, mining, state_property, sea_area: a public body allocates a right or an asset and the winner pays it,
 *   as in a concession: OCDS's convention is a negative value ("payments from the supplier to the buyer");
 * - emission, forest, housing: left out (see OCDS_EXCLUDED_DOMAINS).
 */

type Data = Record<string, unknown>;

export type OcdsDomainCode =
  'engineering' | 'procurement' | 'medical' | 'land' | 'mining' | 'stateProperty' | 'seaArea';

export interface ProcurementMethod {
  method?: 'open' | 'selective' | 'limited' | 'direct';
  /** The local name (procurementMethodDetails). */
  details?: string;
}

export interface OcdsItem {
  id: string;
  description: string;
  quantity?: number;
  unit?: { name: string };
}

export interface DomainProfile {
  code: OcdsDomainCode;
  /** Payments flow from the winner to the public body: amounts are published negative. */
  revenue: boolean;
  category?: 'goods' | 'works' | 'services';
  title(data: Data): string;
  /** The public body paying (non-revenue domains). */
  buyer(data: Data): Party | undefined;
  /** The body transferring the right or asset (revenue domains), when the event names it. */
  transferor(data: Data): Party | undefined;
  method(data: Data): ProcurementMethod;
  items(data: Data): OcdsItem[];
  /** Field naming the winner in awards and contracts. */
  winnerField: string;
  /** Field holding the awarded amount. */
  awardAmountField: string;
}

const str = (data: Data, field: string): string | undefined =>
  typeof data[field] === 'string' ? (data[field] as string) : undefined;
const party = (data: Data, field: string): Party | undefined => data[field] as Party | undefined;
const none = (): undefined => undefined;
const quantity = (value: string | undefined): number | undefined =>
  value === undefined ? undefined : Number(value);

const TRANSFER_METHOD: Record<string, ProcurementMethod> = {
  tender: { method: 'open', details: '招标' },
  auction: { method: 'open', details: '拍卖' },
  listing: { method: 'open', details: '挂牌' },
  agreement: { method: 'direct', details: '协议出让' },
};

const PROCUREMENT_METHOD: Record<string, ProcurementMethod> = {
  open_tender: { method: 'open', details: '公开招标' },
  invited_tender: { method: 'selective', details: '邀请招标' },
  competitive_negotiation: { method: 'limited', details: '竞争性谈判' },
  competitive_consultation: { method: 'limited', details: '竞争性磋商' },
  inquiry: { method: 'limited', details: '询价' },
  single_source: { method: 'direct', details: '单一来源采购' },
};

export const DOMAIN_PROFILES: Partial<Record<CatalogueDomain, DomainProfile>> = {
  engineering: {
    code: 'engineering',
    revenue: false,
    category: 'works',
    title: (d) => [str(d, 'tenderProjectName'), str(d, 'bidSectionName')].filter(Boolean).join(' '),
    buyer: (d) => party(d, 'tenderer'),
    transferor: none,
    method: (d) =>
      d['prequalification'] === true
        ? { method: 'selective', details: '公开招标（资格预审）' }
        : { method: 'open', details: '公开招标' },
    items: () => [],
    winnerField: 'winBidder',
    awardAmountField: 'bidAmount',
  },
  procurement: {
    code: 'procurement',
    revenue: false,
    title: (d) => str(d, 'procurementProjectName') ?? '',
    buyer: (d) => party(d, 'purchaser'),
    transferor: none,
    method: (d) => PROCUREMENT_METHOD[str(d, 'procurementMethod') ?? ''] ?? {},
    items: () => [],
    winnerField: 'supplier',
    awardAmountField: 'dealAmount',
  },
  medical: {
    code: 'medical',
    revenue: false,
    category: 'goods',
    title: (d) => str(d, 'medicalProcurementName') ?? '',
    buyer: (d) => party(d, 'purchaser'),
    transferor: none,
    method: () => ({}),
    items: (d) => [
      {
        id: '1',
        description: { equipment: '医疗设备', drugs: '药品', consumables: '医用耗材' }[
          str(d, 'productCategory') ?? 'equipment'
        ]!,
      },
    ],
    winnerField: 'supplier',
    awardAmountField: 'dealAmount',
  },
  land: {
    code: 'land',
    revenue: true,
    title: (d) => `${str(d, 'parcelLocation') ?? ''} ${str(d, 'landUse') ?? ''}`.trim(),
    buyer: none,
    transferor: none,
    method: (d) => TRANSFER_METHOD[str(d, 'transferMethod') ?? ''] ?? {},
    items: (d) => [
      {
        id: '1',
        description: `国有建设用地使用权 ${str(d, 'landParcelCode') ?? ''}：${str(d, 'parcelLocation') ?? ''}，${str(d, 'landUse') ?? ''}，出让年限${String(d['tenureYears'] ?? '')}年`,
        quantity: quantity(str(d, 'areaSquareMetres')),
        unit: { name: '平方米' },
      },
    ],
    winnerField: 'landee',
    awardAmountField: 'dealPrice',
  },
  mining: {
    code: 'mining',
    revenue: true,
    title: (d) => str(d, 'miningRightName') ?? '',
    buyer: none,
    transferor: none,
    method: (d) => TRANSFER_METHOD[str(d, 'transferMethod') ?? ''] ?? {},
    items: (d) => [
      {
        id: '1',
        description: `${d['rightKind'] === 'exploration' ? '探矿权' : '采矿权'}：${str(d, 'mineralType') ?? ''}${
          str(d, 'location') ? `，${str(d, 'location')}` : ''
        }`,
        quantity: quantity(str(d, 'areaSquareKilometres')),
        unit: { name: '平方千米' },
      },
    ],
    winnerField: 'transferee',
    awardAmountField: 'dealPrice',
  },
  state_property: {
    code: 'stateProperty',
    revenue: true,
    title: (d) => str(d, 'targetName') ?? '',
    buyer: none,
    transferor: (d) => party(d, 'transferor'),
    method: () => ({ method: 'open', details: '公开挂牌' }),
    items: (d) => [{ id: '1', description: str(d, 'targetName') ?? '' }],
    winnerField: 'transferee',
    awardAmountField: 'dealPrice',
  },
  sea_area: {
    code: 'seaArea',
    revenue: true,
    title: (d) => str(d, 'seaAreaName') ?? '',
    buyer: none,
    transferor: none,
    method: () => ({ method: 'open' }),
    items: (d) => [
      {
        id: '1',
        description: `海域使用权：${str(d, 'seaAreaName') ?? ''}，${str(d, 'seaUseType') ?? ''}，${String(d['termYears'] ?? '')}年`,
        quantity: quantity(str(d, 'areaHectares')),
        unit: { name: '公顷' },
      },
    ],
    winnerField: 'transferee',
    awardAmountField: 'dealPrice',
  },
};

/** Domains without an OCDS export, and why (docs/ocds.md). */
export const OCDS_EXCLUDED_DOMAINS: Partial<Record<CatalogueDomain, string>> = {
  housing:
    'Allocation of social housing to households: the parties are natural persons and there is no public contract ' +
    'for goods, works or services; publishing it as OCDS would put personal data in open data.',
  emission:
    'Emission rights trade between enterprises on a market (and buy-backs of permits): no public buyer and no ' +
    'public contracting process.',
  forest:
    'Forest rights circulate between rights holders, mostly collectives and households: no public buyer and ' +
    'often natural persons on both sides.',
};

export function ocdsDomainOf(domain: string): DomainProfile | undefined {
  return DOMAIN_PROFILES[domain as CatalogueDomain];
}
