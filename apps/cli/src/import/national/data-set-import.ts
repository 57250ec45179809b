import { createHash } from 'node:crypto';
import type { NumberedDomain } from '@gongkai/sinks';
import type { TransactionEventType } from '@gongkai/domain';
import type { Inference, RecordView } from './record-view';

/** The order stages are appended in within a transaction (the decider's lifecycle order). */
export const STAGE_RANK = {
  AnnouncementPublished: 0,
  AnnouncementCorrected: 1,
  QualificationResultPublished: 2,
  CandidatesPublicized: 3,
  AwardPublished: 4,
  ContractSigned: 5,
  ContractChanged: 6,
  TransactionTerminated: 7,
} as const satisfies Partial<Record<TransactionEventType, number>>;
export type ImportedStage = keyof typeof STAGE_RANK;

/** What a record (with the parts it joins) says as an event, before the subject, metadata and id are added. */
export interface StageBuild {
  type: ImportedStage;
  data: Record<string, unknown>;
  occurredAt: string;
  publishedAt: string;
  /** The field `publishedAt` came from, when the record has no publication time of its own. */
  inferred: Inference[];
  /** Other records the event was built from (501/502 for a 503, the 510 rows of a 511...). */
  parts: RecordView[];
}

/** The records of one transaction, by data set: what a stage record joins. */
export interface TransactionRecords {
  of(dataSet: string): readonly RecordView[];
}

/**
 * How one data set of the national data specification is imported: the transaction a record belongs to, its
 * primary key, and, for a data set that is a stage of its own, the event it makes. A data set without `stage`
 * is a part another record joins (501 and 502 into 503, 510 into 511, 550 into 551).
 */
export interface DataSetImport {
  code: string;
  domain: NumberedDomain;
  transactionId(view: RecordView): string;
  /** The record's primary key in its data set; with the data set and the stage it names the event id. */
  key(view: RecordView): string;
  stage?: {
    /** The stage the record is (some data sets carry several: 503's 公告性质, 600's 公示类型). */
    of(view: RecordView): ImportedStage;
    build(view: RecordView, transaction: TransactionRecords): StageBuild;
  };
}

/**
 * The key of a record the specification resends whole when it changes (650/651, 700): its natural key and a
 * digest of its content, so a changed resend is a new event (a correction), and the same record the same one.
 */
export const resentKeyOf = (view: RecordView, fields: readonly string[]): string => {
  const content = Object.entries(view.source.fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const digest = createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);
  return `${keyOf(view, fields)}#${digest}`;
};

/** Several fields as one key, in order (`|` cannot occur in the codes, and keeps keys readable). */
export const keyOf = (view: RecordView, fields: readonly string[]): string =>
  fields.map((field) => view.text(field) ?? '').join('|');
