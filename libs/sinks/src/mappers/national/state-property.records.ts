import type { BaseContext, DataOf, NationalRecord, RecordBuilder } from './record-kit';
import { CURRENCY_CNY, PRICE_UNIT_YUAN, day, priceFormCode, publicationOf, venueFields } from './record-kit';

/**
 * 国有产权交易: 700 挂牌披露信息 when the listing opens (resent on a correction), then 701 交易结果信息 on the
 * award: 700 before 701, as the platform links a result to its listing. The specification has no data set
 * for the qualification of transferees, the contract or its change here: those stages are not sent.
 */

type Subject = Pick<
  DataOf<'AnnouncementPublished', 'state_property'>,
  'propertyProjectCode' | 'targetName' | 'transferor'
>;
type Listing = NonNullable<DataOf<'AnnouncementCorrected', 'state_property'>['restatedAnnouncement']>;

const DAY_MS = 24 * 3600_000;

function common(context: BaseContext, data: Subject) {
  return {
    PROJECT_NAME: data.targetName,
    PROJECT_CODE: data.propertyProjectCode,
    UNIFIED_DEAL_CODE: context.unifiedDealCode,
    REGION_CODE: context.metadata.regionCode,
    ...venueFields(context),
  };
}

function listingRecord(
  context: BaseContext,
  data: Subject & { priceForm?: 'amount' | 'rate' | 'unit_price' | 'other' },
  listing: Partial<Listing>,
): NationalRecord {
  const { codes } = context;
  const days =
    listing.announcementStart && listing.announcementEnd
      ? Math.ceil((Date.parse(listing.announcementEnd) - Date.parse(listing.announcementStart)) / DAY_MS)
      : undefined;
  return {
    dataSet: '700',
    fields: {
      ...common(context, data),
      PROJECT_TYPE: codes.propertyAssetType,
      SELLER_NAME: data.transferor.name,
      SELLER_CODE: data.transferor.creditCode,
      SELLER_TYPE: codes.partyCodeType,
      SELLER_ROLE: codes.role.transferor,
      PRICE_FORM_CODE: priceFormCode(data.priceForm),
      PROJECT_PRICE: listing.listingPrice,
      CURRENCY_CODE: CURRENCY_CNY,
      PRICE_UNIT: PRICE_UNIT_YUAN,
      // 挂牌期间 in calendar days.
      PUBLISH_DURATION: days === undefined ? undefined : String(days),
      PUBLISH_DATE: day(listing.announcementStart),
      POST_PONE: listing.autoExtension === undefined ? undefined : listing.autoExtension ? 'T' : 'F',
      PRE_EXCHANGE_TYPE: codes.propertyExchangeType,
      TRANSFER_NOTES: listing.transfereeConditions ?? listing.content,
      PROJECT_URL: publicationOf(context).url ?? listing.url,
    },
  };
}

const announced: RecordBuilder<'AnnouncementPublished', 'state_property'> = (context) => [
  listingRecord(context, context.data, context.data),
];

const corrected: RecordBuilder<'AnnouncementCorrected', 'state_property'> = (context) => [
  listingRecord(context, context.data, {
    ...context.data.restatedAnnouncement,
    ...(context.data.announcementEnd ? { announcementEnd: context.data.announcementEnd } : {}),
  }),
];

const awarded: RecordBuilder<'AwardPublished', 'state_property'> = (context) => {
  const { data, codes } = context;
  return [
    {
      dataSet: '701',
      fields: {
        ...common(context, data),
        EXCHANGE_TYPE: codes.propertyExchangeType,
        // 701's SELLER_* are, by its own Chinese names, the 受让方 (the buyer).
        SELLER_NAME: data.transferee.name,
        SELLER_CODE: data.transferee.creditCode,
        SELLER_TYPE: codes.partyCodeType,
        SELLER_ROLE: codes.role.transferee,
        OBJECT_EVALUATE_VALUE: data.appraisedValue,
        PRICE_FORM_CODE: priceFormCode(data.priceForm),
        TRADE_VALUE: data.dealPrice,
        CURRENCY_CODE: CURRENCY_CNY,
        PRICE_UNIT: PRICE_UNIT_YUAN,
        TRADE_DATE: day(data.winnerChosen),
        PROJECT_URL: publicationOf(context).url,
      },
    },
  ];
};

export const STATE_PROPERTY_RECORDS = {
  AnnouncementPublished: announced,
  AnnouncementCorrected: corrected,
  AwardPublished: awarded,
};
