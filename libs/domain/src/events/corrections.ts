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
