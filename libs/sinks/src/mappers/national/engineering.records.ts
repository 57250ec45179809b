import { applicantList, rejectedApplicantList } from './applicant-lists';
import type { BaseContext, DataOf, NationalRecord, RecordBuilder, RecordContext } from './record-kit';
import {
  CURRENCY_CNY,
  INDUSTRY_CLASS_VERSION,
  PRICE_UNIT_YUAN,
  dateTime,
  flag,
  priceFormCode,
  publicationOf,
  venueFields,
} from './record-kit';

/**
 * 工程建设项目招标投标: 500 项目, 501 招标项目, 502 标段 and 503 招标公告 when the tender opens; 503 again
 * (公告性质 更正) on a correction; 517 异常情况 on a termination; 516 资格预审结果; 511 中标候选人公示 with one
 * 510 row per candidate; 513 中标结果公告; 512 合同; 522 履约.
 */

type Subject = DataOf<'AnnouncementPublished', 'engineering'>;
type Announcement = NonNullable<DataOf<'AnnouncementCorrected', 'engineering'>['restatedAnnouncement']>;

/** 项目编号: the first 17 characters of the 20-character 招标项目编号 (which is 项目编号 + a 3-digit sequence). */
const projectCodeOf = (tenderProjectCode: string) => tenderProjectCode.slice(0, 17);
/** 标段编号: the event's, or the tender project's only section (`001`) when it names none. */
const sectionCodeOf = (data: Pick<Subject, 'tenderProjectCode' | 'bidSectionCode'>) =>
  data.bidSectionCode ?? `${data.tenderProjectCode}001`;
/** 行政区域 of the tender project: the region its code starts with. */
const regionOf = (data: Pick<Subject, 'tenderProjectCode'>) => data.tenderProjectCode.slice(0, 6);

function keys(context: BaseContext, data: Pick<Subject, 'tenderProjectCode' | 'bidSectionCode'>) {
  return {
    TENDER_PROJECT_CODE: data.tenderProjectCode,
    BID_SECTION_CODE: sectionCodeOf(data),
    UNIFIED_DEAL_CODE: context.unifiedDealCode,
  };
}

function party(
  context: BaseContext,
  prefix: 'TENDERER' | 'TENDER_AGENCY',
  who: { name: string; creditCode: string } | undefined,
  role: string,
) {
  return {
    [`${prefix}_NAME`]: who?.name,
    [`${prefix}_CODE_TYPE`]: who ? context.codes.partyCodeType : undefined,
    [`${prefix}_CODE`]: who?.creditCode,
    [`${prefix}_ROLE`]: who ? role : undefined,
  };
}

function projectRecords(context: RecordContext<'AnnouncementPublished', 'engineering'>): NationalRecord[] {
  const { data, metadata, codes } = context;
  const project = data.project;
  const publication = publicationOf(context);
  const contact = data.contact;
  return [
    {
      dataSet: '500',
      fields: {
        PROJECT_CODE: projectCodeOf(data.tenderProjectCode),
        PROJECT_NAME: project?.name,
        REGION_CODE: regionOf(data),
        RELATE_CODE: flag(project?.fixedAssetInvestment),
        INVEST_PROJECT_CODE: data.investmentProjectCode,
        ADDRESS: project?.address,
        LEGAL_PERSON: project?.legalPerson,
        CLASS_VER_CODE: project ? INDUSTRY_CLASS_VERSION : undefined,
        INDUSTRIES_TYPE: project?.industryCode,
        FUND_SOURCE: project?.fundSource,
        PROJECT_SCALE: project?.scale,
        CONTACTOR: contact?.person,
        CONTACT_INFORMATION: contact?.telephone,
        APPROVAL_NAME: project?.approvalDocument,
        APPROVAL_NUMBER: project?.approvalNumber,
        APPROVAL_AUTHORITY: project?.approvalAuthority,
        CREATE_TIME: dateTime(project?.registeredAt),
      },
    },
    {
      dataSet: '501',
      fields: {
        PROJECT_CODE: projectCodeOf(data.tenderProjectCode),
        TENDER_PROJECT_CODE: data.tenderProjectCode,
        UNIFIED_DEAL_CODE: context.unifiedDealCode,
        // A published 招标公告 is how a tender that must be tendered is opened (招标投标法 §16).
        IS_TO_LAW: '1',
        TENDER_PROJECT_NAME: data.tenderProjectName,
        TENDER_PROJECT_TYPE: codes.projectType.engineering,
        REGION_CODE: regionOf(data),
        TENDER_CONTENT: data.scope,
        ...party(context, 'TENDERER', data.tenderer, codes.role.tenderer),
        // gongkai's tenderer is one party: never a joint tender.
        ISUNION: '0',
        ...party(context, 'TENDER_AGENCY', data.agency, codes.role.agency),
        // An announcement opens an open tender (an invited tender sends invitations instead).
        TENDER_MODE: codes.tenderMode.open,
        TENDER_ORGANIZE_FORM: data.agency
          ? codes.tenderOrganizeForm.entrusted
          : codes.tenderOrganizeForm.self,
        CREATE_TIME: dateTime(metadata.occurredAt),
        SUPERVISE_DEPT_NAME: data.supervisor?.name,
        SUPERVISE_DEPT_CODE: data.supervisor?.creditCode,
        APPROVE_DEPT_NAME: project?.approvalAuthority,
        REPORT_DUTY: publication.bulletinDuty,
      },
    },
    {
      dataSet: '502',
      fields: {
        TENDER_PROJECT_CODE: data.tenderProjectCode,
        BID_SECTION_CODE: sectionCodeOf(data),
        BID_SECTION_NAME: data.bidSectionName ?? data.tenderProjectName,
        // gongkai does not yet record re-tenders of a section: the first.
        BID_ECTION_NUM: '1',
        UNIFIED_DEAL_CODE: context.unifiedDealCode,
        BID_TENDER_MODE: codes.tenderMode.open,
        REGION_CODE: regionOf(data),
        ...venueFields(context),
        BID_SECTION_CONTENT: data.scope,
        TENDER_PROJECT_CLASSIFY_CODE: codes.sectionClassifyCode,
        CONTRACT_RECKON_PRICE: data.estimatedContractPrice,
        CURRENCY_CODE: CURRENCY_CNY,
        PRICE_UNIT: PRICE_UNIT_YUAN,
        BID_QUALIFICATION: data.qualificationRequirements,
        CREATE_TIME: dateTime(metadata.occurredAt),
      },
    },
  ].map(dropVenueExtras);
}

/** 502 takes TRA_PLACE_CODE but not the venue's name and code. */
function dropVenueExtras(record: NationalRecord): NationalRecord {
  if (record.dataSet !== '502') return record;
  const { TRA_AGENCY_NAME: _name, TRA_AGENCY_CODE: _code, ...fields } = record.fields;
  return { ...record, fields };
}

/** 503 from an announcement as it stands (published, or restated by a correction). */
function announcementRecord(
  context: BaseContext,
  subject: Subject | DataOf<'AnnouncementCorrected', 'engineering'>,
  announcement: Announcement,
  nature: string,
  notice: { title: string; content?: string },
): NationalRecord {
  const { codes, metadata } = context;
  const publication = publicationOf(context);
  const contact = subject.contact;
  const agency = subject.agency;
  return {
    dataSet: '503',
    fields: {
      TENDER_PROJECT_CODE: subject.tenderProjectCode,
      NOTICE_BID_NUM: '1',
      BID_SECTION_CODES: sectionCodeOf(subject),
      TRAD_CENTER_NAME: subject.tradingVenue?.name,
      UNIFIED_DEAL_CODES: context.unifiedDealCode,
      TENDER_SELF_CODE: subject.tenderProjectCode,
      NOTICE_NAME: notice.title,
      NOTICE_CONTENT: notice.content,
      NOTICE_SEND_TIME: dateTime(metadata.publishedAt),
      NOTICE_MEDIA: publication.media,
      URL: publication.url ?? announcement.url,
      NOTICE_NATURE: nature,
      BULLETIN_TYPE: announcement.prequalification
        ? codes.bulletinType.prequalification
        : codes.bulletinType.tender,
      DOC_GET_START_TIME: dateTime(announcement.documentsIssueStart),
      DOC_GET_END_TIME: dateTime(announcement.documentsIssueEnd),
      TENDER_DOC_GET_METHOD: announcement.documentsMethod,
      BID_DOC_REFER_END_TIME: dateTime(announcement.bidDeadline),
      BID_OPEN_TIME: dateTime(announcement.bidOpeningAt),
      BID_DOC_REFER_METHOD: announcement.submissionMethod,
      SYNDICATED_FLAG: flag(announcement.consortiumBidsAllowed),
      TENDERER_CODE: subject.tenderer?.creditCode,
      TENDERER_NAME: subject.tenderer?.name,
      TENDERER_ADDRESS: contact?.address,
      TENDERER_CONTACTOR: contact?.person,
      TENDERER_PHONE_NUMBER: contact?.telephone,
      TENDERER_EMAIL: contact?.email,
      TENDER_AGENCY_CODE: agency?.creditCode,
      TENDER_AGENCY_NAME: agency?.name,
      TENDER_AGENCY_CONTACTOR: agency?.contact?.person,
      TENDER_AGENCY_PHONE_NUMBER: agency?.contact?.telephone,
      TENDER_AGENCY_ADDRESS: agency?.contact?.address,
      TENDER_AGENCY_EMAIL: agency?.contact?.email,
      BULLETIN_DUTY: publication.bulletinDuty,
      BULLETIN_DUTY_CODE_TYPE: publication.examinerName,
    },
  };
}

const announced: RecordBuilder<'AnnouncementPublished', 'engineering'> = (context) => [
  ...projectRecords(context),
  announcementRecord(context, context.data, context.data, context.codes.noticeNature.normal, context.data),
];

const corrected: RecordBuilder<'AnnouncementCorrected', 'engineering'> = (context) => {
  const { data } = context;
  const restated = data.restatedAnnouncement ?? ({} as Announcement);
  // The correction's own notice and moved dates win over the restated announcement's.
  const announcement: Announcement = {
    ...restated,
    ...(data.bidDeadline ? { bidDeadline: data.bidDeadline } : {}),
    ...(data.documentsIssueEnd ? { documentsIssueEnd: data.documentsIssueEnd } : {}),
  };
  const notice = data.notice ?? { title: restated.title, content: restated.content };

  return [announcementRecord(context, data, announcement, context.codes.noticeNature.correction, notice)];
};

/** 异常情况类型 (EXCEPITON_TYPE): 1 流标, 2 终止开标, 9 其他. */
const EXCEPTION_TYPE = { failed_bid: '1', terminated: '2', annulled: '9' } as const;

const terminated: RecordBuilder<'TransactionTerminated', 'engineering'> = (context) => {
  const { data } = context;
  return [
    {
      dataSet: '517',
      fields: {
        ...keys(context, data),
        EXCEPITON_NAME: data.notice?.title,
        EXCEPITON_INFOR: data.reason,
        APPROVAL_RESULT: data.approval?.result,
        APPROVAL_TIME: dateTime(data.approval?.approvedAt),
        EXCEPITON_TYPE: EXCEPTION_TYPE[data.terminationKind],
      },
    },
  ];
};

const qualified: RecordBuilder<'QualificationResultPublished', 'engineering'> = (context) => {
  const { data } = context;
  return [
    {
      dataSet: '516',
      fields: {
        ...keys(context, data),
        NOTICE_NAME: data.notice?.title,
        // 通过资格预审的申请人名单: name (unified social credit code).
        PASSED_APPLICANT_LIST: applicantList(data.passed),
        // 被拒绝申请人及不合格原因: no field of the specification's 516 (gongkai's extension, which Suzhou requires).
        REJECTED_APPLICANT_LIST: data.rejected.length > 0 ? rejectedApplicantList(data.rejected) : undefined,
        RESULT_CREATE_TIME: dateTime(data.reviewedAt),
        URL: publicationOf(context).url,
      },
    },
  ];
};

const publicized: RecordBuilder<'CandidatesPublicized', 'engineering'> = (context) => {
  const { data, codes, metadata } = context;
  const publication = publicationOf(context);
  const form = priceFormCode(data.priceForm);
  const rows: NationalRecord[] = data.candidates.map((candidate) => ({
    dataSet: '510',
    fields: {
      ...keys(context, data),
      WIN_CANDIDATE_NAME: candidate.name,
      BIDDER_CODE_TYPE: codes.partyCodeType,
      WIN_CANDIDATE_CODE: candidate.creditCode,
      BIDDER_ROLE: codes.role.bidder,
      WIN_CANDIDATE_ORDER: String(candidate.rank),
      IS_FLOAT_RATE: flag(data.priceForm === 'rate'),
      EVALUATION_RESULT: candidate.evaluationScore,
      PRICE_FORM_CODE: form,
      BID_PRICE: candidate.bidPrice,
      PRICE_CURRENCY: CURRENCY_CNY,
      // The specification's field name (sic).
      PRICE_UINT: PRICE_UNIT_YUAN,
      QUALITY: candidate.qualityCommitment,
      EVALUATION_STATUS: candidate.evaluationSummary ?? candidate.evaluationScore,
      WIN_CANDIDATE_QUALIFICATION: candidate.declaredQualifications.join(';'),
    },
  }));
  return [
    ...rows,
    {
      dataSet: '511',
      fields: {
        TENDER_PROJECT_CODE: data.tenderProjectCode,
        BID_SECTION_CODES: sectionCodeOf(data),
        UNIFIED_DEAL_CODE: context.unifiedDealCode,
        PUBLICITY_NAME: data.notice?.title,
        PUBLICITY_CONTENT: data.notice?.content,
        PUBLICITY_REFER_TIME: dateTime(metadata.publishedAt),
        NOTICE_MEDIA: publication.media,
        URL: publication.url,
        PUBLICITY_TYPE: codes.publicityType.candidates,
        PUBLICITY_START_TIME: dateTime(data.publicityStart),
        PUBLICITY_END_TIME: dateTime(data.publicityEnd),
        OBJECTION_METHOD: data.objectionChannel,
        BULLETIN_DUTY: publication.bulletinDuty,
        EXAMINER_NAME: publication.examinerName,
      },
    },
  ];
};

const awarded: RecordBuilder<'AwardPublished', 'engineering'> = (context) => {
  const { data, codes, metadata } = context;
  const publication = publicationOf(context);
  const { TRA_PLACE_CODE } = venueFields(context);
  return [
    {
      dataSet: '513',
      fields: {
        ...keys(context, data),
        REGION_CODE: regionOf(data),
        TRA_PLACE_CODE,
        TENDER_AGENCY_NAME: data.agency?.name,
        TENDER_AGENCY_CODE: data.agency?.creditCode,
        NOTICE_NAME: data.notice?.title,
        NOTICE_CONTENT: data.notice?.content,
        NOTICE_SEND_TIME: dateTime(metadata.publishedAt),
        NOTICE_MEDIA: publication.media,
        URL: publication.url,
        NOTICE_NATURE: codes.noticeNature.normal,
        BULLETIN_TYPE: codes.bulletinType.tender,
        WIN_BIDDER_NAME: data.winBidder.name,
        BIDDER_CODE_TYPE: codes.partyCodeType,
        WIN_BIDDER_CODE: data.winBidder.creditCode,
        BIDDER_ROLE: codes.role.bidder,
        PRICE_FORM_CODE: priceFormCode(data.priceForm),
        BID_AMOUNT: data.bidAmount,
        BID_CURRENCY: CURRENCY_CNY,
        PRICE_UNIT: PRICE_UNIT_YUAN,
        BULLETIN_DUTY: publication.bulletinDuty,
        EXAMINER_NAME: publication.examinerName,
      },
    },
  ];
};

const contracted: RecordBuilder<'ContractSigned', 'engineering'> = (context) => {
  const { data } = context;
  return [
    {
      dataSet: '512',
      fields: {
        ...keys(context, data),
        CONTRACT_NAME: data.notice?.title,
        TENDERER_NAME: data.tenderer?.name,
        TENDER_CODE: data.tenderer?.creditCode,
        BIDDER_NAME: data.winBidder.name,
        BIDDER_CODE: data.winBidder.creditCode,
        CONTRACT_PRICE: data.contractAmount,
        PRICE_CURRENCY: CURRENCY_CNY,
        PRICE_UNIT: PRICE_UNIT_YUAN,
        PRICE_FORM_CODE: priceFormCode(data.priceForm),
        CONTRACT_CONTENT: data.notice?.content,
        CONTRACT_SIGN_TIME: dateTime(data.signedAt),
      },
    },
  ];
};

const performed: RecordBuilder<'ContractChanged', 'engineering'> = (context) => {
  const { data } = context;
  return [
    {
      dataSet: '522',
      fields: {
        ...keys(context, data),
        PERFORMANCE_REPORT_NAME: data.notice?.title,
        TENDERER_NAME: data.tenderer?.name,
        TENDERER_CODE: data.tenderer?.creditCode,
        PERFORMANCE_PARTY_NAME: data.performingParty?.name,
        PERFORMANCE_PARTY_CODE: data.performingParty?.creditCode,
        SETTLE_PRICE: data.newContractAmount,
        FINISH_TIME: dateTime(data.changedAt),
        CONTRACT_CHANGE_CONTENT: data.changeKind === 'variation' ? data.description : undefined,
        PERFORMANCE_CONTENT: data.description,
        REPORT_ISSUE_TIME: dateTime(data.changedAt),
      },
    },
  ];
};

export const ENGINEERING_RECORDS = {
  AnnouncementPublished: announced,
  AnnouncementCorrected: corrected,
  TransactionTerminated: terminated,
  QualificationResultPublished: qualified,
  CandidatesPublicized: publicized,
  AwardPublished: awarded,
  ContractSigned: contracted,
  ContractChanged: performed,
};
