import type { DateAnchor } from '../calendar';
import type { CatalogueEventType } from './vocabulary';

/**
 * The fact each event records, as the field of its data that dates it: the day a disclosure period runs from
 * when the statute or catalogue says 自信息形成或变更之日 (政府信息公开条例 第二十六条) or names the decision.
 * Only the announcement counts from `occurredAt`: issuing it is the fact, and no other field dates that.
 */
export const FACT_ANCHORS: Readonly<Record<CatalogueEventType, DateAnchor>> = {
  AnnouncementPublished: 'occurredAt',
  QualificationResultPublished: 'reviewedAt',
  CandidatesPublicized: 'evaluationReportReceived',
  AwardPublished: 'winnerChosen',
  ContractSigned: 'signedAt',
  ContractChanged: 'changedAt',
  AnnouncementCorrected: 'correctedAt',
  TransactionTerminated: 'terminatedAt',
  ComplaintDecided: 'decidedAt',
  QualificationResultCorrected: 'correctedAt',
  CandidatesCorrected: 'correctedAt',
  AwardCorrected: 'correctedAt',
  ContractCorrected: 'correctedAt',
  PenaltyImposed: 'decidedOn',
  LicenceGranted: 'decidedOn',
  CreditRecorded: 'decidedOn',
  BlacklistEntered: 'decidedOn',
  BlacklistRemoved: 'removedOn',
  /** A disclosure outside a transaction is its own fact, formed or changed when `occurredAt` says (each kind's own rules: disclosure-kinds.ts). */
  DisclosurePublished: 'occurredAt',
  DisclosureAmended: 'occurredAt',
};

/**
 * Anchors a rule may take from an earlier event of the same stream when the event itself does not repeat them
 * (the decider fills them from the transaction state, see lifecycle/timing.ts).
 */
export const STATE_ANCHORS: Readonly<Partial<Record<CatalogueEventType, readonly DateAnchor[]>>> = {
  /** The evaluation report, from the candidates publicity. */
  AwardPublished: ['evaluationReportReceived'],
  /** The award notice, from the award. */
  ContractSigned: ['awardNoticeIssued'],
  /** The bid and prequalification deadlines of the announcement being corrected. */
  AnnouncementCorrected: ['bidDeadline', 'prequalificationDeadline'],
};
