import { createHash } from 'node:crypto';
import type { EventData } from '@gongkai/domain';
import type { BaseContext, NationalRecord } from './record-kit';
import { dateTime, day } from './record-kit';

/**
 * 信用信息 shared with the trading platform: 300 违法违规信息 for a penalty, 302 黑名单信息 and 303 撤销黑名单信息.
 * Credit records (信用奖惩) have no data set here and are not sent.
 */

type CreditContext<T extends 'PenaltyImposed' | 'BlacklistEntered' | 'BlacklistRemoved'> = Omit<
  BaseContext,
  'unifiedDealCode' | 'data'
> & {
  data: EventData<T>;
  eventId: string;
  unifiedDealCode: string | undefined;
};

/**
 * 黑名单标识号 (36 characters): derived from the subject and the entry decision, so the removal (which names
 * the entry's decision number) carries the same code as the entry.
 */
export function blacklistCode(subjectCreditCode: string, entryDecisionNumber: string): string {
  const hex = createHash('sha256')
    .update(`${subjectCreditCode}\n${entryDecisionNumber}`, 'utf8')
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** `yyyy-MM-dd` as the start (00:00:00) of that day, `yyyyMMddHHmmss`. */
const startOfDay = (date: string | undefined) => (date === undefined ? undefined : `${day(date)}000000`);

function body(context: Pick<BaseContext, 'codes'>, subject: { name: string; creditCode: string }) {
  return {
    BODY_NAME: subject.name,
    BODY_CODE: subject.creditCode,
    BODY_TYPE: context.codes.partyCodeType,
    BODY_ROLE: context.codes.role.bidder,
  };
}

export function penaltyRecord(context: CreditContext<'PenaltyImposed'>): NationalRecord {
  const { data, codes, metadata } = context;
  return {
    dataSet: '300',
    fields: {
      // 违法违规信息标识号: the event's own id (a UUID, 36 characters).
      VIOLATING_CODE: context.eventId,
      VIOLATING_NAME: data.facts,
      VIOLATING_TIME: day(data.decidedOn),
      VIOLATING_TYPE: codes.violationType,
      ...body(context, data.subject),
      // 区域代码 (9): the county-level region code followed by 000 (no township).
      AREA: `${metadata.regionCode}000`,
      REWARD_PUNISHMENT_BODY: codes.punishmentType,
      VIOLATING_INSTRUCTIONS: data.content,
      GOVERNMENT: data.authority.name,
      TENDER_PROJECT_NAME: data.transactionName,
      TENDER_PROJECT_CODE: data.transactionId,
      BID_SECTION_CODE: data.bidSectionCode,
      BID_SECTION_NAME: data.bidSectionName,
      UNIFIED_DEAL_CODE: context.unifiedDealCode,
      DOCUMENT_CODE: data.decisionNumber,
      PUNISHMENT_BASIS: data.basis,
      PUNISHMENT_RESULT: data.content,
      CONFINED_ACTION: codes.confinedAction,
      CONFINED_START: startOfDay(data.decidedOn),
      CONFINED_END: startOfDay(data.validUntil ?? data.displayUntil),
      OPERATE_DATE: dateTime(metadata.publishedAt),
      SCOPE: codes.publicScope,
    },
  };
}

export function blacklistEntryRecord(context: CreditContext<'BlacklistEntered'>): NationalRecord {
  const { data, codes } = context;
  return {
    dataSet: '302',
    fields: {
      BLACKLIST_CODE: blacklistCode(data.subject.creditCode, data.decisionNumber),
      ...body(context, data.subject),
      RECORD_REASON: data.reason,
      RECORD_DATE: startOfDay(data.decidedOn),
      GOVERNMENT: data.authority.name,
      DOCUMENT_CODE: data.decisionNumber,
      REVOCATION_STATUS: '0',
      CONFINED_ACTION: codes.confinedAction,
      SCOPE: codes.publicScope,
    },
  };
}

const REMOVAL_REASONS = {
  credit_repaired: '信用修复',
  display_expired: '公示期满',
  decision_revoked: '认定决定撤销',
} as const;

export function blacklistRemovalRecord(context: CreditContext<'BlacklistRemoved'>): NationalRecord {
  const { data, codes } = context;
  return {
    dataSet: '303',
    fields: {
      ...body(context, data.subject),
      BLACKLIST_CODE: blacklistCode(data.subject.creditCode, data.entryDecisionNumber),
      REVOCATIONEASONS: REMOVAL_REASONS[data.removalReason],
      GOVERNMENT: data.authority.name,
      DOCUMENT_CODE: data.repairDecisionNumber ?? data.entryDecisionNumber,
      // 申请人: the subject applies for credit repair; otherwise the authority acts on its own.
      ROPOSER: data.removalReason === 'credit_repaired' ? data.subject.name : data.authority.name,
      APPLICATION_DATE: startOfDay(data.removedOn),
      SCOPE: codes.publicScope,
    },
  };
}
