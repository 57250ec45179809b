import {
  type CatalogueDomain,
  type DomainEvent,
  isCorrectionEventType,
  restatedStageOf,
} from '@gongkai/domain';

/**
 * The stage a transaction is at is its latest stage event. A correction (更正公告, of any stage) or a complaint
 * decision amends a stage without moving the transaction on, so they leave the stage as it was.
 */
const STAGE_NEUTRAL = new Set<string>(['ComplaintDecided']);

export function stageAfter(current: string | undefined, eventType: string): string {
  if (current !== undefined && (STAGE_NEUTRAL.has(eventType) || isCorrectionEventType(eventType)))
    return current;
  return eventType;
}

/** The subject field that names the transaction when no announcement title is known. */
const SUBJECT_NAME_FIELD: Record<CatalogueDomain, string> = {
  engineering: 'tenderProjectName',
  procurement: 'procurementProjectName',
  land: 'parcelLocation',
  mining: 'miningRightName',
  state_property: 'targetName',
  medical: 'medicalProcurementName',
  emission: 'pollutant',
  sea_area: 'seaAreaName',
  forest: 'forestLocation',
  housing: 'housingProjectName',
};

/** The announcement title (公告名称), else the subject's name. */
export function titleOf(view: DomainEvent): string | undefined {
  const data = view.data as Record<string, unknown> & { domain: CatalogueDomain };
  if (typeof data['title'] === 'string') return data['title'];
  const name = data[SUBJECT_NAME_FIELD[data.domain]];
  return typeof name === 'string' ? name : undefined;
}

/**
 * Dates a reader of the public view looks for, named as in the event schemas. Each event contributes the
 * ones it carries; a correction that moves a date overwrites it.
 */
const KEY_DATE_FIELDS = [
  'announcementStart',
  'announcementEnd',
  'documentsIssueStart',
  'documentsIssueEnd',
  'bidDeadline',
  'tradingStart',
  'listingStart',
  'listingEnd',
  'applicationStart',
  'applicationEnd',
  'reviewedAt',
  'evaluationReportReceived',
  'publicityStart',
  'publicityEnd',
  'winnerChosen',
  'awardNoticeIssued',
  'signedAt',
  'changedAt',
  'correctedAt',
  'terminatedAt',
  'decidedAt',
] as const;

/** Publication dates of the main stages, under the names `announcedAt`, `candidatesPublicizedAt`… */
const PUBLISHED_AS: Record<string, string> = {
  AnnouncementPublished: 'announcedAt',
  CandidatesPublicized: 'candidatesPublicizedAt',
  AwardPublished: 'awardPublishedAt',
  ContractSigned: 'contractPublishedAt',
  TransactionTerminated: 'terminationPublishedAt',
};

export function keyDatesOf(view: DomainEvent): Record<string, string> {
  // A stage correction's dates are those of the stage as restated (a longer publicity moves publicityEnd).
  const restated =
    isCorrectionEventType(view.type) && view.type !== 'AnnouncementCorrected'
      ? restatedStageOf(view.type, view.data)
      : undefined;
  const data = { ...restated, ...(view.data as Record<string, unknown>) };
  const dates: Record<string, string> = {};
  for (const field of KEY_DATE_FIELDS) {
    const value = data[field];
    if (typeof value === 'string') dates[field] = value;
  }
  const publishedAs = PUBLISHED_AS[view.type];
  if (publishedAs) dates[publishedAs] = view.metadata.publishedAt;
  return dates;
}
