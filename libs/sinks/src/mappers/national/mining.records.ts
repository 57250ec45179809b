import type { BaseContext, DataOf, NationalRecord, RecordBuilder } from './record-kit';
import { dateTime, day, publicationOf, venueFields } from './record-kit';

/**
 * 矿业权出让: the announcement as 650 (探矿权) or 651 (采矿权) 招拍挂出让公告信息, resent on a correction;
 * the award as 652 (探矿权) or 653 (采矿权) 出让结果公示信息. The specification has no mining data set for the
 * candidates, the contract or a withdrawal: those stages are not sent.
 */

type Subject = Pick<
  DataOf<'AnnouncementPublished', 'mining'>,
  | 'miningRightName'
  | 'rightKind'
  | 'transferMethod'
  | 'mineralCode'
  | 'termYears'
  | 'areaSquareKilometres'
  | 'location'
  | 'areaCoordinates'
  | 'tradingVenue'
>;

function rightFields(context: BaseContext, data: Subject) {
  return {
    NA_APP_NAME: data.miningRightName,
    PUBLISHING_TIME: dateTime(context.metadata.publishedAt),
    UNIFIED_DEAL_CODE: context.unifiedDealCode,
    URL: publicationOf(context).url,
    IN_BUY_KIND: context.codes.miningTransferKind[data.transferMethod],
    QT_PLAN_YEARS: data.termYears === undefined ? undefined : String(data.termYears),
    QT_TOTAL_AREA: data.areaSquareKilometres,
    NA_GEOGRAPHY_POSITION: data.location,
    REGION_CODE: context.metadata.regionCode,
    ...venueFields(context),
    NA_AREA_COORDINATE: data.areaCoordinates,
  };
}

function announcementRecord(context: BaseContext, data: Subject): NationalRecord {
  return {
    dataSet: data.rightKind === 'exploration' ? '650' : '651',
    fields: { ...rightFields(context, data), IN_MINE_COME: data.mineralCode },
  };
}

const announced: RecordBuilder<'AnnouncementPublished', 'mining'> = (context) => [
  announcementRecord(context, context.data),
];

/** A correction resends the announcement record with the right as it now stands. */
const corrected: RecordBuilder<'AnnouncementCorrected', 'mining'> = (context) => [
  announcementRecord(context, context.data),
];

/** 出让收益缴纳方式: 1 一次性, 2 分期. */
const PAYMENT_STYLE = { lump_sum: '1', instalments: '2' } as const;

const awarded: RecordBuilder<'AwardPublished', 'mining'> = (context) => {
  const { data, codes } = context;
  return [
    {
      dataSet: data.rightKind === 'exploration' ? '652' : '653',
      fields: {
        ...rightFields(context, data),
        NA_PUBLIC_BIDDER: data.transferee.name,
        BIDDER_TYPE: codes.partyCodeType,
        BIDDER_CODE: data.transferee.creditCode,
        BIDDER_ROLE: codes.role.transferee,
        QT_PUBLIC_PRICE: data.dealPrice,
        NA_REG_ADDRESS: data.transfereeAddress,
        NA_TD_ADDRESS: data.dealPlace,
        DT_BUY_DATE: day(data.winnerChosen),
        IN_COST_STYLE: data.paymentStyle === undefined ? undefined : PAYMENT_STYLE[data.paymentStyle],
        DT_COST_DATE: day(data.paymentDueOn),
      },
    },
  ];
};

export const MINING_RECORDS = {
  AnnouncementPublished: announced,
  AnnouncementCorrected: corrected,
  AwardPublished: awarded,
};
