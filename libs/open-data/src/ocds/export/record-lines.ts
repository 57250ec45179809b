import type { EventStore } from '@gongkai/event-store';
import { regionPrefix } from '@gongkai/projections';
import { ocdsDomainOf } from '../domain-profiles';

import { recordOf, recordPackage, type OcdsPublication } from '../packages';
import { releasesOfTransaction } from '../release-mapper';
import { publicTransactionEvents, transactionStreamIds } from './public-transaction-events';

/**
 * Bulk OCDS export as JSON Lines: one record package per line, each holding the record of one contracting
 * process (its releases, compiled and versioned), so every line validates on its own against the record package
 * schema and is the same document `GET /v1/ocds/records/{ocid}` answers. Read from the store, one transaction at
 * a time, from the public view only.
 */
export interface RecordLinesOptions {
  ocidPrefix: string;
  publication: OcdsPublication;
  /** `publishedDate` of every package (the export's time). */
  publishedDate: string;
  /** Only this gongkai domain. */
  domain?: string;
  /** Only transactions published in this region (GB/T 2260; `320600` takes the city's districts). */
  region?: string;
  /** Called after each transaction, with how many of how many are done. */
  onProgress?(done: number, total: number): void;
}

export interface RecordLinesSummary {
  transactions: number;
  records: number;
  releases: number;
  /** Transactions of domains without an OCDS mapping, by domain. */
  leftOut: Record<string, number>;
}

export async function writeRecordLines(
  store: EventStore,
  writeLine: (line: string) => Promise<void>,
  options: RecordLinesOptions,
): Promise<RecordLinesSummary> {
  const streamIds: string[] = [];
  for await (const streamId of transactionStreamIds(store)) streamIds.push(streamId);
  const region = regionPrefix(options.region);
  const summary: RecordLinesSummary = { transactions: 0, records: 0, releases: 0, leftOut: {} };
  for (const [index, streamId] of streamIds.entries()) {
    const events = await publicTransactionEvents(store, streamId);
    const first = events[0]?.view;
    const domain = (first?.data as { domain?: string } | undefined)?.domain;
    const wanted =
      first !== undefined &&
      (options.domain === undefined || domain === options.domain) &&
      (region === undefined || first.metadata.regionCode.startsWith(region));
    if (wanted) {
      summary.transactions++;
      if (!ocdsDomainOf(domain ?? ''))
        summary.leftOut[domain ?? '?'] = (summary.leftOut[domain ?? '?'] ?? 0) + 1;
      const releases = releasesOfTransaction(events, options.ocidPrefix).map((m) => m.release);
      if (releases.length > 0) {
        const record = recordOf(releases);
        const uri = `${options.publication.baseUrl}/v1/ocds/records/${encodeURIComponent(record.ocid)}`;
        await writeLine(
          JSON.stringify(recordPackage(options.publication, uri, options.publishedDate, [record])),
        );
        summary.records++;
        summary.releases += releases.length;
      }
    }
    options.onProgress?.(index + 1, streamIds.length);
  }
  return summary;
}
