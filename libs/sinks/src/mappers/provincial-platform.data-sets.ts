/**
 * Data sets for the transactions the national data specification does not number (medical, emission, sea
 * area, forest, housing): provisional 9xx "other transactions" sets, filled from the domain's SPEC_FIELDS
 * table. They are not in the specification's tables, so they are not validated against them; note that the
 * public implementation uses 900-909 for highway data sets of its own, so a province that takes these
 * transactions numbers them in its override (docs/sinks.md). The numbered domains are built data set by
 * data set in ./national.
 */

export interface DataSetEntry {
  /** Data set code, e.g. '901'. */
  code: string;
  /** Name of the data set. */
  name: string;
  /** NOTICE_NATURE of announcement-type records: 1 normal, 2 correction (更正), 3 termination (终止). */
  noticeNature?: '1' | '2' | '3';
}

/** `${domain}:${eventType}`. */
export type DataSetKey = `${string}:${string}`;

export type DataSetTable = Readonly<Record<DataSetKey, DataSetEntry>>;

export const OTHER_TRANSACTION_DOMAINS = ['medical', 'emission', 'sea_area', 'forest', 'housing'] as const;

function otherTransactions(domain: string): Record<DataSetKey, DataSetEntry> {
  const entries: Record<string, DataSetEntry> = {
    AnnouncementPublished: { code: '901', name: '其他交易公告', noticeNature: '1' },
    AnnouncementCorrected: { code: '901', name: '其他交易公告', noticeNature: '2' },
    TransactionTerminated: { code: '901', name: '其他交易公告', noticeNature: '3' },
    QualificationResultPublished: { code: '902', name: '其他交易资格审查结果' },
    CandidatesPublicized: { code: '903', name: '其他交易成交候选人公示' },
    AwardPublished: { code: '904', name: '其他交易成交结果' },
    ContractSigned: { code: '905', name: '其他交易合同' },
    ContractChanged: { code: '906', name: '其他交易合同变更及履约' },
  };
  return Object.fromEntries(Object.entries(entries).map(([type, entry]) => [`${domain}:${type}`, entry]));
}

export const OTHER_TRANSACTION_DATA_SETS: DataSetTable = Object.assign(
  {},
  ...OTHER_TRANSACTION_DOMAINS.map(otherTransactions),
) as DataSetTable;

/** The entry for an event of an unnumbered domain, or undefined. */
export function otherTransactionDataSet(
  domain: string | undefined,
  eventType: string,
): DataSetEntry | undefined {
  return domain === undefined ? undefined : OTHER_TRANSACTION_DATA_SETS[`${domain}:${eventType}`];
}
