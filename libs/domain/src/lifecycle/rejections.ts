/** A broken hard invariant: the command is refused and nothing is appended. */
export interface Rejection {
  /** Stable code, safe to switch on (HTTP 409/422 in the service). */
  code: RejectionCode;
  message: string;
  messageZh: string;
  details?: Record<string, unknown>;
}

export const REJECTION_CODES = [
  /** The event failed its schema. */
  'INVALID_EVENT',
  /** A credit event sent to a transaction stream, or the reverse. */
  'WRONG_STREAM',
  /** The event names another transaction than the stream's. */
  'TRANSACTION_MISMATCH',
  /** The event's domain differs from the transaction's. */
  'DOMAIN_MISMATCH',
  'STAGE_OUT_OF_ORDER',
  'ANNOUNCEMENT_ALREADY_PUBLISHED',
  'AWARD_ALREADY_PUBLISHED',
  /** A reassigned award that does not replace the winner in force or goes up the ranking. */
  'AWARD_REASSIGNMENT_INVALID',
  'CONTRACT_ALREADY_SIGNED',
  'CONTRACT_ALREADY_TERMINATED',
  'WINNER_NOT_A_CANDIDATE',
  'CANDIDATE_NOT_QUALIFIED',
  'CONTRACT_PARTY_NOT_WINNER',
  'BLACKLISTED_PARTY',
  'PUBLISHER_ROLE_NOT_ALLOWED',
  'DATE_CONTRADICTION',
  /** A date before 1900 (a two-digit year padded to four). */
  'YEAR_OUT_OF_RANGE',
  'AMOUNT_CONTRADICTION',
  'TRANSACTION_TERMINATED',
  /** A correction of a stage this round has not published (更正 of what never happened). */
  'STAGE_NOT_PUBLISHED',
  /** A correction that names another winner or contract party than the stage it corrects. */
  'CORRECTION_CHANGES_PARTY',
  /** A correction restating a stage without flagging what the stage flagged as commercial secrets. */
  'CONFIDENTIAL_FIELD_EXPOSED',
  /** Another organisation than the transaction's owner, outside what its role may append there (403). */
  'NOT_OWNER',
  /** The owner's event names another region than the transaction's. */
  'REGION_MISMATCH',
  /** Recorded more than the tolerance before its claimed publication time. */
  'PUBLISHED_IN_FUTURE',
  /** Credit streams. */
  'SUBJECT_MISMATCH',
  'DUPLICATE_DECISION',
  'DISPLAY_PERIOD_OUT_OF_RANGE',
  /** Only serious dishonesty goes on the blacklist. */
  'BLACKLIST_REQUIRES_SERIOUS',
  'NOT_ON_BLACKLIST',
  'REPAIR_BEFORE_MINIMUM',
  /** Disclosures outside a transaction (`disclosure-<id>` streams). */
  'DISCLOSURE_ALREADY_PUBLISHED',
  'DISCLOSURE_NOT_PUBLISHED',
  /** An amendment that changes the disclosure's id, kind or domain. */
  'DISCLOSURE_MISMATCH',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export function reject(
  code: RejectionCode,
  message: string,
  messageZh: string,
  details?: Record<string, unknown>,
): { ok: false; rejection: Rejection } {
  return { ok: false, rejection: { code, message, messageZh, ...(details ? { details } : {}) } };
}

/** What each code means, for documentation and API clients. */
export const REJECTION_DESCRIPTIONS: Readonly<Record<RejectionCode, { en: string; zh: string }>> = {
  INVALID_EVENT: {
    en: 'The event does not match its schema (issues carry dotted paths)',
    zh: '事件数据不符合规范',
  },
  WRONG_STREAM: {
    en: 'Credit events go to the subject’s credit stream, stage events to the transaction’s',
    zh: '信用信息记入主体信用流，交易信息记入交易流',
  },
  TRANSACTION_MISMATCH: {
    en: 'The event names another transaction than the stream’s',
    zh: '事件所属交易与本交易不一致',
  },
  DOMAIN_MISMATCH: {
    en: 'The event’s domain differs from the transaction’s',
    zh: '事件领域与交易领域不一致',
  },
  STAGE_OUT_OF_ORDER: {
    en: 'Stage out of order: nothing before the announcement; award after candidates where the domain requires them; contract after award; change after contract',
    zh: '环节顺序错误：公告在先；须公示候选人的领域先公示后定标；先定标后签约；先签约后变更',
  },
  ANNOUNCEMENT_ALREADY_PUBLISHED: {
    en: 'A round has one announcement; changes are AnnouncementCorrected',
    zh: '每轮只有一个公告，变更应发布更正公告',
  },
  AWARD_ALREADY_PUBLISHED: {
    en: 'A second award needs a termination in between, or a reassignment naming the winner it replaces and why',
    zh: '重新定标须先终止本次交易，或说明所替代的中标人及原因',
  },
  AWARD_REASSIGNMENT_INVALID: {
    en: 'A reassignment replaces the winner in force and passes down the candidate ranking (招标投标法实施条例 第五十五条)',
    zh: '依次确定其他中标候选人须替代现中标人，并按排序向后确定',
  },
  CONTRACT_ALREADY_SIGNED: {
    en: 'The contract is signed; later news is ContractChanged',
    zh: '合同已订立，后续应发布履约及变更',
  },
  CONTRACT_ALREADY_TERMINATED: { en: 'The contract was terminated; no further changes', zh: '合同已解除' },
  WINNER_NOT_A_CANDIDATE: {
    en: 'The winner (or housing recipient) was not among the publicized candidates',
    zh: '中标（成交）人或分配对象不在公示名单之中',
  },
  CANDIDATE_NOT_QUALIFIED: { en: 'A candidate failed the qualification review', zh: '候选人未通过资格审查' },
  CONTRACT_PARTY_NOT_WINNER: {
    en: 'The contract party is not the winner',
    zh: '合同相对人不是中标（成交）人',
  },
  BLACKLISTED_PARTY: {
    en: 'A candidate, winner or contract party is on the blacklist during its display period',
    zh: '候选人、中标人或合同相对人处于黑名单公示期内',
  },
  PUBLISHER_ROLE_NOT_ALLOWED: {
    en: 'The publisher’s role may not publish this item under the catalogue in force (谁批准谁公开)',
    zh: '按公开目录，该公开主体角色不得发布此项信息',
  },
  DATE_CONTRADICTION: {
    en: 'Dates contradict each other or the transaction (published before it occurred, contract before award…)',
    zh: '日期自相矛盾或与交易矛盾（公开早于形成、签约早于定标等）',
  },
  YEAR_OUT_OF_RANGE: {
    en: 'A date lies before 1900: a year typed with two digits, or a placeholder date',
    zh: '日期早于1900年（年份只写了两位或为占位日期）',
  },
  AMOUNT_CONTRADICTION: {
    en: 'Amounts contradict the transaction (award or contract price ≠ winning bid; deal above the procurement budget)',
    zh: '金额与交易矛盾（中标或合同金额与投标报价不一致、成交金额超过采购预算）',
  },
  TRANSACTION_TERMINATED: {
    en: 'The transaction is terminated: only a new announcement or a complaint decision may follow',
    zh: '交易已终止，只能重新公告或发布投诉处理决定',
  },
  STAGE_NOT_PUBLISHED: {
    en: 'A correction (更正公告) restates a stage this round of the transaction has published',
    zh: '更正公告只能更正本轮交易已发布的信息',
  },
  CORRECTION_CHANGES_PARTY: {
    en: 'A correction cannot change the winner or the contract party: another winner is a reassignment (AwardPublished), another party needs a new award',
    zh: '更正公告不得变更中标（成交）人或合同相对人',
  },
  CONFIDENTIAL_FIELD_EXPOSED: {
    en: 'A correction restating a stage flags, in metadata.confidentialFields, every field the stage flagged as a commercial secret (政府信息公开条例 第十五条)',
    zh: '更正公告应同样标注被更正信息中的商业秘密字段（政府信息公开条例第十五条）',
  },
  NOT_OWNER: {
    en: 'The transaction belongs to the organisation that opened it; others append only what their role allows there (a department its complaint decision), within their regions. In a credit stream, only the authority that entered a listing removes it',
    zh: '交易属于首个事件的公开主体；其他单位只能在其辖区内按其角色发布（如投诉处理决定）；信用流中，仅作出列入决定的机关可将其移出',
  },
  REGION_MISMATCH: {
    en: 'The owner’s events keep the region of the transaction’s first event',
    zh: '实施主体的事件属地应与交易首个事件一致',
  },
  PUBLISHED_IN_FUTURE: {
    en: 'publishedAt lies after the recording time by more than the tolerance: a disclosure cannot be recorded before it is published',
    zh: '公开时间晚于记录时间且超出容差：不能在公开之前记录',
  },
  SUBJECT_MISMATCH: {
    en: 'The credit event is about another subject than the stream’s',
    zh: '信用事件主体与信用流主体不一致',
  },
  DUPLICATE_DECISION: {
    en: 'The decision or record number is already recorded',
    zh: '决定书或记录编号已记录',
  },
  DISPLAY_PERIOD_OUT_OF_RANGE: {
    en: 'Display end of a penalty, dishonesty record or listing outside 信用修复管理办法 (NDRC Order 36: minor at most 3 months, ordinary 3 months–1 year, serious 1–3 years; longer only with a sector rule cited for a subject that has not corrected)',
    zh: '行政处罚、失信信息或名单公示期超出信用修复管理办法（国家发展改革委令第36号）范围（轻微不超过3个月，一般3个月至1年，严重1至3年；超过最长期限须注明行业规定依据）',
  },
  BLACKLIST_REQUIRES_SERIOUS: {
    en: 'Only serious dishonesty (严重失信) is listed on the blacklist',
    zh: '仅严重失信主体列入黑名单',
  },
  NOT_ON_BLACKLIST: {
    en: 'No listing with that decision number is in force',
    zh: '无该编号的生效黑名单记录',
  },
  REPAIR_BEFORE_MINIMUM: {
    en: 'Credit repair before the minimum display period has run (it ends at 24:00 of its last day)',
    zh: '最短公示期届满（最后一日二十四时）前不得信用修复',
  },
  DISCLOSURE_ALREADY_PUBLISHED: {
    en: 'The disclosure is already published; a change is published as DisclosureAmended',
    zh: '该信息已公开，变更应以变更事件发布',
  },
  DISCLOSURE_NOT_PUBLISHED: {
    en: 'An amendment to a disclosure that has not been published',
    zh: '变更的信息尚未公开',
  },
  DISCLOSURE_MISMATCH: {
    en: 'An amendment keeps the disclosure’s id, kind and domain',
    zh: '变更不得改变信息编号、类别和领域',
  },
};
