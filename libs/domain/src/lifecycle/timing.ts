import {
  type AnchorDates,
  DATE_ANCHORS,
  type DateAnchor,
  type ScopeFacts,
  type StatutoryCalendar,
} from '../calendar';
import { type CatalogueFinding, evaluateTiming, type TimingEvaluation } from '../catalogues';
import type { CatalogueDomain } from '../catalogues';
import type { DomainEvent } from '../events';
/** What timing reads of the transaction (a structural slice of TransactionState, which evolves with it). */
export interface TimingState {
  announcement?: { bidDeadline?: string; prequalificationDeadline?: string; listingPrice?: string };
  award?: { awardNoticeIssued?: string };
  candidates?: { evaluationReportReceived?: string };
}

/**
 * The dates the deadline rules anchor on, for one event: fields of its data whose names are anchors, its
 * metadata times, and what the transaction already knows (catalogues/STATE_ANCHORS: the award notice for a
 * contract, the evaluation report for an award, the deadlines a correction moves).
 */
export function timingDatesFor(event: DomainEvent, state?: TimingState): AnchorDates {
  const data = event.data as Record<string, unknown>;
  const dates: AnchorDates = {};
  for (const anchor of DATE_ANCHORS) {
    const value = data[anchor];
    if (typeof value === 'string') dates[anchor as DateAnchor] = value;
  }
  dates.occurredAt = event.metadata.occurredAt;
  dates.publishedAt = event.metadata.publishedAt;
  if (event.type === 'ContractSigned') {
    const notice = event.data.awardNoticeIssued ?? state?.award?.awardNoticeIssued;
    if (notice) dates.awardNoticeIssued = notice;
  }
  if (event.type === 'AnnouncementCorrected') {
    // A correction that does not move the deadlines is held to the ones in force.
    dates.bidDeadline ??= state?.announcement?.bidDeadline;
    dates.prequalificationDeadline ??= state?.announcement?.prequalificationDeadline;
    if (dates.bidDeadline === undefined) delete dates.bidDeadline;
    if (dates.prequalificationDeadline === undefined) delete dates.prequalificationDeadline;
  }
  if (event.type === 'AwardPublished' && !dates.evaluationReportReceived) {
    const received = state?.candidates?.evaluationReportReceived;
    if (received) dates.evaluationReportReceived = received;
  }
  return dates;
}

/**
 * What the scoped rules need to know of the transaction: the method and 依法必须招标 travel in every event's
 * subject group; the reserve price is the announcement's listing price.
 */
export function scopeFactsFor(event: DomainEvent, state?: TimingState): ScopeFacts {
  const data = event.data as Record<string, unknown>;
  const facts: ScopeFacts = {};
  const method = data['procurementMethod'] ?? data['transferMethod'];
  if (typeof method === 'string') facts.method = method;
  if (typeof data['tenderingRequired'] === 'boolean') facts.tenderingRequired = data['tenderingRequired'];
  if (typeof data['affectsPreparation'] === 'boolean') facts.affectsPreparation = data['affectsPreparation'];
  if (typeof data['transactionKind'] === 'string') facts.propertyTransactionKind = data['transactionKind'];
  const reserve = data['listingPrice'] ?? state?.announcement?.listingPrice;
  if (typeof reserve === 'string') facts.reservePrice = reserve;
  return facts;
}

/** Statutory and catalogue timing for the event: findings never reject, they travel with the event. */
export function timingOf(
  event: DomainEvent,
  state?: TimingState,
  calendar?: StatutoryCalendar,
): TimingEvaluation {
  const domain = (event.data as { domain?: CatalogueDomain }).domain;
  return evaluateTiming(
    {
      regionCode: event.metadata.regionCode,
      eventType: event.type,
      ...(domain ? { domain } : {}),
      dates: timingDatesFor(event, state),
      facts: scopeFactsFor(event, state),
    },
    calendar,
  );
}

export type { CatalogueFinding };
