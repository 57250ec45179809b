import type { TransactionEventType } from './streams';

/**
 * 更正公告: each correction event type and the stage it corrects. A correction restates the stage (the
 * announcement's `restatedAnnouncement`, the later stages' `restated`); the stage's first publication stays
 * in the trail, and readers (the as-of view, the public view, OCDS, the sinks) read the restated stage from
 * the correction's publication on.
 */
export const CORRECTED_STAGE = {
  AnnouncementCorrected: 'AnnouncementPublished',
  QualificationResultCorrected: 'QualificationResultPublished',
  CandidatesCorrected: 'CandidatesPublicized',
  AwardCorrected: 'AwardPublished',
  ContractCorrected: 'ContractSigned',
} as const satisfies Partial<Record<TransactionEventType, TransactionEventType>>;

/** The dates an announcement's correction moves at its top level (the new period is checked again). */
export const CORRECTION_MOVED_DATES = [
  'bidDeadline',
  'prequalificationDeadline',
  'documentsIssueEnd',
  'announcementEnd',
  'tradingStart',
] as const;

export type CorrectionEventType = keyof typeof CORRECTED_STAGE;
export type CorrectableStage = (typeof CORRECTED_STAGE)[CorrectionEventType];

export const CORRECTION_EVENT_TYPES = Object.keys(CORRECTED_STAGE) as CorrectionEventType[];

export function isCorrectionEventType(type: string): type is CorrectionEventType {
  return Object.prototype.hasOwnProperty.call(CORRECTED_STAGE, type);
}

/** The stage as a correction restates it (undefined when an announcement correction lists changes only). */
export function restatedStageOf(
  type: CorrectionEventType,
  data: unknown,
): Record<string, unknown> | undefined {
  const record = data as Record<string, unknown>;
  const restated = type === 'AnnouncementCorrected' ? record['restatedAnnouncement'] : record['restated'];
  return restated !== null && typeof restated === 'object'
    ? (restated as Record<string, unknown>)
    : undefined;
}

/**
 * The stage as a correction of a later stage restates it, with the correction's domain and subject group: what
 * the stage's own rules and readers read (`restated` has the stage's fields only).
 */
export function correctedStageData(event: { type: string; data: unknown }): Record<string, unknown> {
  const data = event.data as Record<string, unknown>;
  const { restated: _r, corrections: _c, correctedAt: _a, reason: _why, ...subject } = data;
  const restated = isCorrectionEventType(event.type) ? restatedStageOf(event.type, data) : undefined;
  return { ...subject, ...(restated ?? {}) };
}

/** Where a correction restates its stage: `restatedAnnouncement` for the announcement, `restated` for the rest. */
export function restatementField(type: CorrectionEventType): 'restatedAnnouncement' | 'restated' {
  return type === 'AnnouncementCorrected' ? 'restatedAnnouncement' : 'restated';
}

/** A data path of an event in its stage's terms: `restated.candidates.1.bidPrice` → `candidates.1.bidPrice`. */
export function stagePathOf(type: string, path: string): string {
  if (!isCorrectionEventType(type)) return path;
  const prefix = `${restatementField(type)}.`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}
