import {
  annualReport,
  completenessReport,
  disclosureReportsProjection,
  timelinessReport,
} from '../read-models/disclosure-reports';
import { publicDisclosureProjection, searchPublicDisclosures } from '../read-models/public-disclosure';
import { countRedFlagsByCode, listRedFlags, redFlagsProjection } from '../read-models/red-flags';
import {
  listFindings,
  listOpenItemsPastDue,
  periodFindingCounts,
  supervisionFindingsProjection,
} from '../read-models/supervision-findings';
import type { ReadModelHandle } from '../read-models/shared/read-model-handle';

/**
 * The heavy reads (lists walked from a cursor, reports summing counters), which QueryPool runs on worker
 * threads so they do not hold the event loop that answers every other request. Each is a query function of
 * the read models with the projection whose live generation it reads.
 */
export const READ_QUERIES = {
  searchDisclosures: { projection: publicDisclosureProjection.name, run: searchPublicDisclosures },
  findings: { projection: supervisionFindingsProjection.name, run: listFindings },
  openItemsPastDue: { projection: supervisionFindingsProjection.name, run: listOpenItemsPastDue },
  periodFindings: { projection: supervisionFindingsProjection.name, run: periodFindingCounts },
  timeliness: { projection: disclosureReportsProjection.name, run: timelinessReport },
  completeness: { projection: disclosureReportsProjection.name, run: completenessReport },
  annual: { projection: disclosureReportsProjection.name, run: annualReport },
  redFlags: { projection: redFlagsProjection.name, run: listRedFlags },
  redFlagsByCode: { projection: redFlagsProjection.name, run: countRedFlagsByCode },
} as const;

export type ReadQueryName = keyof typeof READ_QUERIES;
export type ReadQueryParams<K extends ReadQueryName> = Parameters<(typeof READ_QUERIES)[K]['run']>[1];
export type ReadQueryResult<K extends ReadQueryName> = ReturnType<(typeof READ_QUERIES)[K]['run']>;

/** Runs a read query on this thread (no pool, or inside a pool's worker). */
export function runReadQuery<K extends ReadQueryName>(
  name: K,
  handle: ReadModelHandle,
  params: ReadQueryParams<K>,
): ReadQueryResult<K> {
  const run = READ_QUERIES[name].run as (handle: ReadModelHandle, params: ReadQueryParams<K>) => ReadQueryResult<K>;
  return run(handle, params);
}
