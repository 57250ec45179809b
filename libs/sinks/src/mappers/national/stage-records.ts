import type { CatalogueDomain, EventType } from '@gongkai/domain';
import { ENGINEERING_RECORDS } from './engineering.records';
import { LAND_RECORDS } from './land.records';
import { MINING_RECORDS } from './mining.records';
import { PROCUREMENT_RECORDS } from './procurement.records';
import type { RecordBuilder } from './record-kit';
import { STATE_PROPERTY_RECORDS } from './state-property.records';

/** The domains the national data specification numbers data sets for. */
export const NUMBERED_DOMAINS = ['engineering', 'procurement', 'land', 'mining', 'state_property'] as const;
export type NumberedDomain = (typeof NUMBERED_DOMAINS)[number];

export function isNumberedDomain(domain: string | undefined): domain is NumberedDomain {
  return (NUMBERED_DOMAINS as readonly string[]).includes(domain ?? '');
}

/** Per numbered domain and stage, the builder of the records that stage is sent as (absent: not sent). */
export const STAGE_RECORDS: Readonly<Record<NumberedDomain, Partial<Record<EventType, RecordBuilder>>>> = {
  engineering: ENGINEERING_RECORDS as Partial<Record<EventType, RecordBuilder>>,
  procurement: PROCUREMENT_RECORDS as Partial<Record<EventType, RecordBuilder>>,
  land: LAND_RECORDS as Partial<Record<EventType, RecordBuilder>>,
  mining: MINING_RECORDS as Partial<Record<EventType, RecordBuilder>>,
  state_property: STATE_PROPERTY_RECORDS as Partial<Record<EventType, RecordBuilder>>,
};

/** The data sets each numbered domain's stages are sent as, for the documentation and the tests. */
export const STAGE_DATA_SETS: Readonly<Record<NumberedDomain, Partial<Record<EventType, string>>>> = {
  engineering: {
    AnnouncementPublished: '500, 501, 502, 503 (公告性质 1)',
    AnnouncementCorrected: '503 (公告性质 2)',
    TransactionTerminated: '517',
    QualificationResultPublished: '516',
    QualificationResultCorrected: '516 (restated)',
    CandidatesPublicized: '510 per candidate, 511',
    CandidatesCorrected: '510 per candidate, 511 (restated)',
    AwardPublished: '513',
    AwardCorrected: '513 (公告性质 2)',
    ContractSigned: '512',
    ContractCorrected: '512 (restated)',
    ContractChanged: '522',
  },
  procurement: {
    AnnouncementPublished: '550, 551',
    AnnouncementCorrected: '552',
    TransactionTerminated: '552',
    AwardPublished: '553',
    AwardCorrected: '553 (restated)',
    ContractSigned: '554',
    ContractCorrected: '554 (restated)',
  },
  land: {
    AnnouncementPublished: '600 (公示类型 1)',
    AnnouncementCorrected: '600 (2)',
    TransactionTerminated: '600 (3)',
    AwardPublished: '601',
    AwardCorrected: '601 (restated)',
  },
  mining: {
    AnnouncementPublished: '650 探矿权 / 651 采矿权',
    AnnouncementCorrected: '650 / 651',
    AwardPublished: '652 探矿权 / 653 采矿权',
    AwardCorrected: '652 / 653 (restated)',
  },
  state_property: {
    AnnouncementPublished: '700',
    AnnouncementCorrected: '700',
    AwardPublished: '701',
    AwardCorrected: '701 (restated)',
  },
};

export type StageKey = `${CatalogueDomain}:${EventType}`;
