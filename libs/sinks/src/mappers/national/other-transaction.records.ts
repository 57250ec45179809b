import type { DomainEvent } from '@gongkai/domain';
import type { SinkFieldValue } from '../sink-record';
import { annotatedList, applicantList, listText, rejectedApplicantList } from './applicant-lists';
import { dateTime } from './record-kit';

/**
 * What the provisional 9xx records of the unnumbered domains carry beyond the domain's SPEC_FIELDS names
 * (which stop at a project code and name for results): the notice's title, content and URL, the review's time
 * and who passed or was rejected and why (902), and for housing, the type of housing, the shortlisted
 * households (903), who was allocated which dwelling and when (904) and the tenant (905). Natural persons appear
 * by the masked name of the public view only, never by ID number. The names are gongkai's (the specification has
 * no data set for these transactions); a province renames them in its override.
 */
export function otherTransactionFields(event: DomainEvent): Record<string, SinkFieldValue | undefined> {
  const data = event.data as unknown as OtherTransactionData;
  return {
    NOTICE_NAME: data.notice?.title,
    NOTICE_CONTENT: data.notice?.content,
    URL: data.publication?.url,
    HOUSING_TYPE: data.housingType === undefined ? undefined : HOUSING_TYPE[data.housingType],
    ...stageFields(event.type, data),
  };
}

/** 保障性住房类型. */
const HOUSING_TYPE: Readonly<Record<string, string>> = {
  public_rental: '公共租赁住房',
  affordable: '保障性租赁住房',
  price_limited: '限价商品住房',
  resettlement: '安置住房',
};

interface Person {
  name: string;
  creditCode?: string;
}

/** The fields of the unnumbered domains' data this module reads (all optional: they differ by domain). */
interface OtherTransactionData {
  notice?: { title?: string; content?: string };
  publication?: { url?: string };
  housingType?: string;
  reviewedAt?: string;
  passed?: Person[];
  rejected?: (Person & { reason: string })[];
  applicants?: (Person & { householdSize: number })[];
  winnerChosen?: string;
  recipients?: (Person & { dwelling: string })[];
  tenant?: Person;
  dwelling?: string;
}

function stageFields(type: string, data: OtherTransactionData): Record<string, SinkFieldValue | undefined> {
  switch (type) {
    case 'QualificationResultPublished':
      return {
        RESULT_CREATE_TIME: dateTime(data.reviewedAt),
        PASSED_APPLICANT_LIST: data.passed && applicantList(data.passed),
        REJECTED_APPLICANT_LIST:
          data.rejected && data.rejected.length > 0 ? rejectedApplicantList(data.rejected) : undefined,
      };
    case 'CandidatesPublicized':
      return {
        APPLICANT_LIST: data.applicants
          ?.map((household) => `${listText(household.name)}(${household.householdSize}人)`)
          .join(';'),
      };
    case 'AwardPublished':
      return data.recipients === undefined
        ? {}
        : {
            ALLOCATION_TIME: dateTime(data.winnerChosen),
            DWELLING_COUNT: data.recipients.length,
            ALLOCATION_RESULT_LIST: annotatedList(data.recipients, (recipient) => recipient.dwelling),
          };
    case 'ContractSigned':
      return data.tenant === undefined ? {} : { TENANT_NAME: data.tenant.name, DWELLING: data.dwelling };
    default:
      return {};
  }
}
