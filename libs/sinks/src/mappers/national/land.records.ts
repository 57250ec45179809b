import type { BaseContext, DataOf, NationalRecord, RecordBuilder } from './record-kit';
import {
  CURRENCY_CNY,
  PRICE_UNIT_YUAN,
  dateTime,
  day,
  publicationOf,
  squareMetresToHectares,
  venueFields,
} from './record-kit';

/**
 * 国有建设用地使用权出让: 600 出让公告信息 (公示类型 1 on the announcement, 2 resent on a correction, 3 with 撤回时间
 * and 撤销原因 on a termination) and 601 成交宗地信息 on the award. The specification has no land data set for
 * candidates, the contract or its performance: those stages are not sent.
 */

type Subject = Omit<
  DataOf<'AnnouncementCorrected', 'land'>,
  'correctedAt' | 'reason' | 'corrections' | 'restatedAnnouncement'
>;
type Announcement = NonNullable<DataOf<'AnnouncementCorrected', 'land'>['restatedAnnouncement']>;

const projectNameOf = (data: Pick<Subject, 'parcelLocation' | 'landParcelCode'>) =>
  `${data.parcelLocation}（${data.landParcelCode}）`;

function announcementRecord(
  context: BaseContext,
  data: Subject,
  announcement: Partial<Announcement>,
  nature: string,
  extra: { changedOn?: string; withdrawnOn?: string; cancelReason?: string },
): NationalRecord {
  const { metadata, codes } = context;
  const publication = publicationOf(context);
  const notice = data.notice ?? { title: announcement.title, content: announcement.content };
  const closes = announcement.listingEnd ?? announcement.tradingStart;
  return {
    dataSet: '600',
    fields: {
      ANNOUNCEMENT_GUID: data.landParcelCode,
      LAND_PROJECT_NAME: projectNameOf(data),
      UNIFIED_DEAL_CODE: context.unifiedDealCode,
      ANNOUNCEMENT_TITLE: notice.title,
      ANNOUNCEMENT_CONNECT: notice.content,
      LAND_DISTRICT: metadata.regionCode,
      ...venueFields(context),
      URL: publication.url ?? announcement.url,
      END_DATE: day(closes),
      CREATE_TIME: day(metadata.occurredAt),
      PUBLISHING_TIME: day(metadata.publishedAt),
      SUPPLY_TYPE: codes.landSupplyType[data.transferMethod],
      CHANGE_TIME: day(extra.changedOn),
      RETREAT_TIME: day(extra.withdrawnOn),
      ANNOUNCEMENT_UNIT: metadata.publisher.name,
      ANNOUNCEMENT_START_TIME: day(metadata.publishedAt),
      ANNOUNCEMENT_DEADLINE: day(closes),
      FIELD_NUM: '1',
      LISTING_START_TIME: dateTime(announcement.listingStart ?? announcement.tradingStart),
      LISTING_DEADLINE: dateTime(announcement.listingEnd),
      LISTING_TYPE: codes.landSupplyType[data.transferMethod],
      ANNOUNCEMENT_TYPE: nature,
      LIAISON_UNIT: metadata.publisher.name,
      UNIT_ADDRESS: data.contact?.address,
      CONTACT_PERSON: data.contact?.person,
      CONTACT_NUMBER: data.contact?.telephone,
      EMAIL: data.contact?.email,
      CANCEL_REASON: extra.cancelReason,
      ANNOUNCEMENT_CODE: data.landParcelCode,
    },
  };
}

const announced: RecordBuilder<'AnnouncementPublished', 'land'> = (context) => [
  announcementRecord(context, context.data, context.data, context.codes.noticeNature.normal, {}),
];

const corrected: RecordBuilder<'AnnouncementCorrected', 'land'> = (context) => {
  const { data } = context;
  const announcement = {
    ...data.restatedAnnouncement,
    ...(data.tradingStart ? { tradingStart: data.tradingStart } : {}),
  };
  return [
    announcementRecord(context, data, announcement, context.codes.noticeNature.correction, {
      changedOn: data.correctedAt,
    }),
  ];
};

const terminated: RecordBuilder<'TransactionTerminated', 'land'> = (context) => {
  const { data } = context;
  return [
    announcementRecord(
      context,
      data,
      data.restatedAnnouncement ?? {},
      context.codes.noticeNature.termination,
      {
        withdrawnOn: data.terminatedAt,
        cancelReason: data.reason,
      },
    ),
  ];
};

const awarded: RecordBuilder<'AwardPublished', 'land'> = (context) => {
  const { data, metadata, codes } = context;
  const publication = publicationOf(context);
  return [
    {
      dataSet: '601',
      fields: {
        DEAL_LAND_CODE: data.landParcelCode,
        DEAL_ANNOUNCEMENT_GUID: data.landParcelCode,
        UNIFIED_DEAL_CODE: context.unifiedDealCode,
        // A land-use right transfer is not a fixed-asset investment project itself.
        RELATE_CODE: '0',
        LAND_PROJECT_NAME: projectNameOf(data),
        REGION_CODE: metadata.regionCode,
        ...venueFields(context),
        LAND_CODE: data.landParcelCode,
        // 土地面积 in 公顷, as land supply statistics keep it; gongkai records square metres.
        LAND_AREA: squareMetresToHectares(data.areaSquareMetres),
        LAND_USAGE: data.landUse,
        LEND_AGE_LIMIT: String(data.tenureYears),
        LAND_POSITION: data.parcelLocation,
        DEAL_PRICE: data.dealPrice,
        CURRENCY_CODE: CURRENCY_CNY,
        PRICE_UNIT: PRICE_UNIT_YUAN,
        LENDING_NAME: data.landee.name,
        LENDING_TYPE: codes.partyCodeType,
        LENDING_CODE: data.landee.creditCode,
        LAND_URL: publication.url,
        ANNOUNCEMENT_TITLE: data.notice?.title,
        ANNOUNCEMENT_CONNECT: data.notice?.content,
        PUBLISHING_TIME: dateTime(metadata.publishedAt),
      },
    },
  ];
};

export const LAND_RECORDS = {
  AnnouncementPublished: announced,
  AnnouncementCorrected: corrected,
  TransactionTerminated: terminated,
  AwardPublished: awarded,
};
