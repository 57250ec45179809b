import { z } from 'zod';
import { CATALOGUE_EVENT_TYPES, type CatalogueEventType } from '../catalogues';
import {
  blacklistEnteredSchema,
  blacklistRemovedSchema,
  creditRecordedSchema,
  licenceGrantedSchema,
  penaltyImposedSchema,
} from './credit-events';
import { disclosureAmendedSchema, disclosurePublishedSchema } from './disclosure-events';
import type { EventMetadata } from './metadata';
import {
  announcementCorrectedSchema,
  announcementPublishedSchema,
  awardCorrectedSchema,
  awardPublishedSchema,
  candidatesCorrectedSchema,
  candidatesPublicizedSchema,
  complaintDecidedSchema,
  contractChangedSchema,
  contractCorrectedSchema,
  contractSignedSchema,
  qualificationResultCorrectedSchema,
  qualificationResultPublishedSchema,
  transactionTerminatedSchema,
} from './transaction-events';

/** Event types: the same list the disclosure catalogues are written in. */
export const EVENT_TYPES = CATALOGUE_EVENT_TYPES;
export type EventType = CatalogueEventType;

/** The zod schema of each event type's `data` (current schema version). */
export const eventDataSchemas = {
  /** 招标/采购/出让公告. */
  AnnouncementPublished: announcementPublishedSchema,
  /** 资格审查结果. */
  QualificationResultPublished: qualificationResultPublishedSchema,
  /** 中标候选人公示. */
  CandidatesPublicized: candidatesPublicizedSchema,
  /** 中标/成交结果. */
  AwardPublished: awardPublishedSchema,
  /** 合同订立. */
  ContractSigned: contractSignedSchema,
  /** 履约及变更. */
  ContractChanged: contractChangedSchema,
  /** 更正公告. */
  AnnouncementCorrected: announcementCorrectedSchema,
  /** 流标/终止/废标. */
  TransactionTerminated: transactionTerminatedSchema,
  /** 投诉和监督检查处理决定. */
  ComplaintDecided: complaintDecidedSchema,
  /** 资格审查结果更正. */
  QualificationResultCorrected: qualificationResultCorrectedSchema,
  /** 中标候选人公示更正. */
  CandidatesCorrected: candidatesCorrectedSchema,
  /** 中标（成交）结果更正. */
  AwardCorrected: awardCorrectedSchema,
  /** 合同订立信息更正. */
  ContractCorrected: contractCorrectedSchema,
  /** 行政处罚 (双公示). */
  PenaltyImposed: penaltyImposedSchema,
  /** 行政许可 (双公示). */
  LicenceGranted: licenceGrantedSchema,
  /** 信用奖惩记录. */
  CreditRecorded: creditRecordedSchema,
  /** 列入黑名单. */
  BlacklistEntered: blacklistEnteredSchema,
  /** 移出黑名单. */
  BlacklistRemoved: blacklistRemovedSchema,
  /** 交易外的公开事项: 土地供应计划, 集中采购目录, 审批核准备案, 住房保障… */
  DisclosurePublished: disclosurePublishedSchema,
  /** 交易外公开事项的变更. */
  DisclosureAmended: disclosureAmendedSchema,
} as const satisfies Record<EventType, z.ZodType>;

export type EventData<T extends EventType = EventType> = z.infer<(typeof eventDataSchemas)[T]>;

/** An event as the domain sees it; the store adds position, revision and integrity fields. */
export type DomainEvent<T extends EventType = EventType> = {
  [K in T]: {
    /** UUID chosen by the client: appending the same id twice is idempotent. */
    id: string;
    type: K;
    schemaVersion: number;
    data: EventData<K>;
    metadata: EventMetadata;
  };
}[T];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

/** Validate an event's data against its type's current schema. */
export function parseEventData<T extends EventType>(
  type: T,
  data: unknown,
): z.ZodSafeParseResult<EventData<T>> {
  return (eventDataSchemas[type] as unknown as z.ZodType<EventData<T>>).safeParse(data);
}
