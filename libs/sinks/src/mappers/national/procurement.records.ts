import type { BaseContext, DataOf, NationalRecord, RecordBuilder } from './record-kit';
import {
  CURRENCY_CNY,
  PRICE_UNIT_YUAN,
  dateTime,
  priceFormCode,
  publicationOf,
  venueFields,
} from './record-kit';

/**
 * 政府采购: 550 采购项目 and 551 采购公告 when the procurement opens; 552 更正事项 on a correction or a
 * termination; 553 中标(成交)结果公告; 554 采购合同. The specification has no procurement data set for the
 * qualification result, the candidates or the contract's performance: those stages are not sent.
 */

type Subject = Pick<
  DataOf<'AnnouncementPublished', 'procurement'>,
  'procurementProjectCode' | 'procurementProjectName'
>;

/** 采购项目子包: gongkai's procurement is one package, numbered as its project. */
const sectionCodeOf = (data: Subject) => data.procurementProjectCode;

function keys(context: BaseContext, data: Subject) {
  return {
    PURCHASE_PROJECT_CODE: data.procurementProjectCode,
    PURCHASE_PROJECT_NAME: data.procurementProjectName,
    PURCHASE_SECTION_CODE: sectionCodeOf(data),
    UNIFIED_DEAL_CODE: context.unifiedDealCode,
  };
}

const announced: RecordBuilder<'AnnouncementPublished', 'procurement'> = (context) => {
  const { data, codes, metadata } = context;
  const publication = publicationOf(context);
  const project: NationalRecord = {
    dataSet: '550',
    fields: {
      ...keys(context, data),
      // 政府采购 of goods and services is not a fixed-asset investment project (工程 goes through 501).
      RELATE_CODE: '0',
      TENDER_PROJECT_TYPE: codes.projectType.procurement,
      PURCHASER_NAME: data.purchaser.name,
      PURCHASER_CODE: data.purchaser.creditCode,
      PURCHASER_ROLE: codes.role.tenderer,
      PRICE_FORM_CODE: priceFormCode(data.priceForm),
      PROGRAM_BUDGET: data.budgetAmount,
      BUDGET_CURRENCY: CURRENCY_CNY,
      UNIT_BUDGET: PRICE_UNIT_YUAN,
      PURCHASER_MODE: codes.procurementMode[data.procurementMethod],
      PURCHASER_CONTENT: data.content,
      PURCHASER_ORGANIZE_FORM: data.agency
        ? codes.procurementOrganizeForm.entrusted
        : codes.procurementOrganizeForm.self,
      PURCHASER_AGENCY_NAME: data.agency?.name,
      PURCHASER_AGENCY_CODE: data.agency?.creditCode,
      PURCHASER_AGENCY_ROLE: data.agency ? codes.role.agency : undefined,
      PURCHASER_AGENCY_CONNECTOR: data.agency?.contact?.person,
      PURCHASER_AGENCY_INFORMATION: data.agency?.contact?.telephone,
      PURCHASE_SECTION_NAME: data.procurementProjectName,
      REGION_CODE: metadata.regionCode,
      TRA_PLACE_CODE: venueFields(context).TRA_PLACE_CODE,
      CREATE_TIME: dateTime(metadata.occurredAt),
    },
  };
  const bulletin: NationalRecord = {
    dataSet: '551',
    fields: {
      PURCHASE_PROJECT_CODE: data.procurementProjectCode,
      PURCHASE_PROJECT_NAME: data.procurementProjectName,
      BULLETIN_BID_NUM: '1',
      PURCHASE_SECTION_CODE: sectionCodeOf(data),
      UNIFIED_DEAL_CODE: context.unifiedDealCode,
      BULLETIN_TITLE: data.title,
      BULLETIN_CONTENT: data.content,
      BULLETIN_START_TIME: dateTime(data.announcementStart),
      BULLETIN_MEDIA: publication.media,
      URL: publication.url,
      BID_CLOSING_TIME: dateTime(data.bidDeadline),
    },
  };
  return [project, bulletin];
};

function correctionItem(
  context: BaseContext,
  data: Subject & { notice?: { title: string; content: string } },
  bidDeadline: string | undefined,
): NationalRecord {
  const publication = publicationOf(context);
  return {
    dataSet: '552',
    fields: {
      ...keys(context, data),
      TERMINATION_BULLETIN_TITLE: data.notice?.title,
      TERMINATION_BULLETIN_CONTENT: data.notice?.content,
      MODIFICATION_START_TIME: dateTime(context.metadata.publishedAt),
      IS_POSTPONE: bidDeadline !== undefined ? '1' : '0',
      POST_BID_CLOSING_TIME: dateTime(bidDeadline),
      URL: publication.url,
    },
  };
}

const corrected: RecordBuilder<'AnnouncementCorrected', 'procurement'> = (context) => [
  correctionItem(context, context.data, context.data.bidDeadline),
];

const terminated: RecordBuilder<'TransactionTerminated', 'procurement'> = (context) => [
  correctionItem(context, context.data, undefined),
];

const awarded: RecordBuilder<'AwardPublished', 'procurement'> = (context) => {
  const { data, codes, metadata } = context;
  const publication = publicationOf(context);
  return [
    {
      dataSet: '553',
      fields: {
        ...keys(context, data),
        REGION_CODE: metadata.regionCode,
        TRA_PLACE_CODE: venueFields(context).TRA_PLACE_CODE,
        PURCHASER_AGENCY_NAME: data.agency?.name,
        PURCHASER_AGENCY_CODE: data.agency?.creditCode,
        WIN_BID_BULLETIN_TITLE: data.notice?.title,
        WIN_BID_BULLETIN_CONTENT: data.notice?.content,
        WIN_BID_BULLETIN_START_TIME: dateTime(metadata.publishedAt),
        URL: publication.url,
        WINNINGBIDDER_NAME: data.supplier.name,
        WINNINGBIDDER_TYPE: codes.partyCodeType,
        WINNINGBIDDER_CODE: data.supplier.creditCode,
        PRICE_FORM_CODE: priceFormCode(data.priceForm),
        WIN_BID_PRICE: data.dealAmount,
        CURRENCY_CODE: CURRENCY_CNY,
        PRICE_UNIT: PRICE_UNIT_YUAN,
        CREATOR: publication.bulletinDuty,
      },
    },
  ];
};

const contracted: RecordBuilder<'ContractSigned', 'procurement'> = (context) => {
  const { data, codes } = context;
  return [
    {
      dataSet: '554',
      fields: {
        ...keys(context, data),
        CONTRACT_NAME: data.notice?.title,
        PURCHASER_NAME: data.purchaser.name,
        PURCHASER_CODE: data.purchaser.creditCode,
        LEGAL_ROLE: codes.role.tenderer,
        SUPPLIER_NAME: data.supplier.name,
        SUPPLIER_CODE: data.supplier.creditCode,
        PRICE_FORM_CODE: priceFormCode(data.priceForm),
        CONTRACT_AMOUNT: data.contractAmount,
        CURRENCY_CODE: CURRENCY_CNY,
        PRICE_UNIT: PRICE_UNIT_YUAN,
        SIGNING_TIME: dateTime(data.signedAt),
        URL: publicationOf(context).url,
      },
    },
  ];
};

export const PROCUREMENT_RECORDS = {
  AnnouncementPublished: announced,
  AnnouncementCorrected: corrected,
  TransactionTerminated: terminated,
  AwardPublished: awarded,
  ContractSigned: contracted,
};
