import type { CatalogueDomain, EventData, EventMetadata, EventType } from '@gongkai/domain';
import { toSpecDate, toSpecDateTime } from '../data-timestamp';
import type { SinkFieldValue } from '../sink-record';
import type { NationalCodes } from './national-codes';

/** One record of a data set, before the envelope; `undefined` values are left out. */
export interface NationalRecord {
  dataSet: string;
  fields: Readonly<Record<string, SinkFieldValue | undefined>>;
}

/** The data of one event type in one domain. */
export type DataOf<T extends EventType, D extends CatalogueDomain> = Extract<EventData<T>, { domain: D }>;

/** What a builder has: the (redacted) event data, its metadata, the transaction's code and the codes table. */
export interface RecordContext<T extends EventType = EventType, D extends CatalogueDomain = CatalogueDomain> {
  type: T;
  data: DataOf<T, D>;
  metadata: EventMetadata;
  /** 统一交易标识码 of the transaction. */
  unifiedDealCode: string;
  codes: NationalCodes;
}

/** What the shared helpers need of any context. */
export type BaseContext = Pick<RecordContext, 'metadata' | 'unifiedDealCode' | 'codes'> & { data: unknown };

export type RecordBuilder<T extends EventType = EventType, D extends CatalogueDomain = CatalogueDomain> = (
  context: RecordContext<T, D>,
) => NationalRecord[];

/** `yyyyMMddHHmmss` in Beijing time. */
export const dateTime = (instant: string | undefined): string | undefined =>
  instant === undefined ? undefined : toSpecDateTime(instant);

/** `yyyyMMdd` (Beijing date) of an instant, or of a `yyyy-MM-dd` date. */
export const day = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? toSpecDate(value) : toSpecDateTime(value).slice(0, 8);
};

export const flag = (value: boolean | undefined): string | undefined =>
  value === undefined ? undefined : value ? '1' : '0';

/** 价款形式代码. */
export const priceFormCode = (form: 'amount' | 'rate' | 'unit_price' | 'other' | undefined): string =>
  ({ amount: '1', rate: '2', unit_price: '3', other: '9' })[form ?? 'amount'];

/**
 * Amounts are the domain's yuan decimal strings, sent as they are with 价格单位 0 (元) and 币种 CNY: the
 * specification takes 元 or 万元, so no conversion (and no rounding) is needed.
 */
export const PRICE_UNIT_YUAN = '0';
export const CURRENCY_CNY = 'CNY';

/** GB/T 4754 industry classification version the 500 record's INDUSTRIES_TYPE follows (2017 edition). */
export const INDUSTRY_CLASS_VERSION = '2';

/** Square metres as hectares (公顷), exactly: a decimal string shifted four places. */
export function squareMetresToHectares(squareMetres: string): string {
  const [whole = '0', fraction = ''] = squareMetres.split('.');
  const digits = (whole + fraction).replace(/^0+(?=\d)/, '');
  const scale = fraction.length + 4;
  const padded = digits.padStart(scale + 1, '0');
  const integer = padded.slice(0, padded.length - scale).replace(/^0+(?=\d)/, '');
  const decimals = padded.slice(padded.length - scale).replace(/0+$/, '');
  return decimals === '' ? integer : `${integer}.${decimals}`;
}

/** Common fields of the trading venue (交易机构) and where the transaction happens. */
export function venueFields(context: BaseContext): Record<string, string | undefined> {
  const venue = (context.data as { tradingVenue?: { name: string; creditCode: string; regionCode: string } })
    .tradingVenue;
  return {
    TRA_PLACE_CODE: venue?.regionCode,
    TRA_AGENCY_NAME: venue?.name,
    TRA_AGENCY_CODE: venue?.creditCode,
  };
}

interface Publication {
  url: string;
  media: string;
  bulletinDuty: string;
  examinerName: string;
}

/** The event's publication group (URL, media, 责任人), with the announcement's own `url` as a fallback. */
export function publicationOf(context: BaseContext): Partial<Publication> {
  const data = context.data as { publication?: Publication; url?: string };
  return { ...data.publication, url: data.publication?.url ?? data.url };
}
