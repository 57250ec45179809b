import type { PublicEventView } from '@gongkai/domain';
import { keysetPage, type KeysetQuery } from '../shared/keyset';
import { pageSize, type Page, type ReadModelHandle } from '../shared/read-model-handle';
import { likePrefix, regionLevelColumn, regionPrefix, utcInstant, WhereClause } from '../shared/sql-filters';

/** A disclosure outside a transaction as it now stands (public data only). */
export interface StandaloneDisclosureSummary {
  disclosureId: string;
  streamId: string;
  kind: string;
  domain: string;
  regionCode: string;
  publisher: { name: string; creditCode: string; role: string };
  title: string;
  /** 1 when first published, +1 per amendment. */
  version: number;
  firstPublishedAt: string;
  lastPublishedAt: string;
  /** A version was published after its deadline (LATE_DISCLOSURE). */
  late: boolean;
  /** The transactions it concerns (links only). */
  transactionIds: string[];
}

export interface StandaloneDisclosureVersion {
  eventId: string;
  type: string;
  revision: number;
  position: number;
  occurredAt: string;
  publishedAt: string;
  findingCodes: string[];
}

export interface StandaloneDisclosure extends StandaloneDisclosureSummary {
  /** The public view of the latest version (natural persons masked). */
  view: PublicEventView;
  versions: StandaloneDisclosureVersion[];
}

export interface StandaloneDisclosureSearch extends Page {
  kind?: string;
  domain?: string;
  /** GB/T 2260 code; `320600` finds every district of the city. */
  region?: string;
  /** Credit code or name of the publisher. */
  publisher?: string;
  /** A version published at or after `from` / the first before `to` (ISO-8601 instants). */
  from?: string;
  to?: string;
}

export interface StandaloneDisclosurePage {
  items: StandaloneDisclosureSummary[];
  nextCursor: string | null;
}

interface Row {
  disclosure_id: string;
  stream_id: string;
  kind: string;
  domain: string;
  region_code: string;
  publisher_name: string;
  publisher_credit_code: string;
  publisher_role: string;
  title: string;
  version: number;
  first_published_at: string;
  last_published_at: string;
  late: number;
  transaction_ids: string;
}

const SUMMARY_COLUMNS = [
  'disclosure_id',
  'stream_id',
  'kind',
  'domain',
  'region_code',
  'publisher_name',
  'publisher_credit_code',
  'publisher_role',
  'title',
  'version',
  'first_published_at',
  'last_published_at',
  'late',
  'transaction_ids',
];

function toSummary(row: Row): StandaloneDisclosureSummary {
  return {
    disclosureId: row.disclosure_id,
    streamId: row.stream_id,
    kind: row.kind,
    domain: row.domain,
    regionCode: row.region_code,
    publisher: { name: row.publisher_name, creditCode: row.publisher_credit_code, role: row.publisher_role },
    title: row.title,
    version: row.version,
    firstPublishedAt: row.first_published_at,
    lastPublishedAt: row.last_published_at,
    late: row.late === 1,
    transactionIds: JSON.parse(row.transaction_ids) as string[],
  };
}

/** One disclosure with its latest public view and every version; `undefined` when unknown. */
export function getStandaloneDisclosure(
  handle: ReadModelHandle,
  disclosureId: string,
): StandaloneDisclosure | undefined {
  const { db, tables } = handle;
  const row = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS.join(', ')}, view FROM ${tables.table('disclosures')} WHERE disclosure_id = ?`,
    )
    .get(disclosureId) as (Row & { view: string }) | undefined;
  if (!row) return undefined;
  const versions = db
    .prepare(
      `SELECT event_id, type, revision, position, occurred_at, published_at, finding_codes
       FROM ${tables.table('versions')} WHERE disclosure_id = ? ORDER BY revision`,
    )
    .all(disclosureId) as Array<{
    event_id: string;
    type: string;
    revision: number;
    position: number;
    occurred_at: string;
    published_at: string;
    finding_codes: string;
  }>;
  return {
    ...toSummary(row),
    view: JSON.parse(row.view) as PublicEventView,
    versions: versions.map((v) => ({
      eventId: v.event_id,
      type: v.type,
      revision: v.revision,
      position: v.position,
      occurredAt: v.occurred_at,
      publishedAt: v.published_at,
      findingCodes: v.finding_codes === '' ? [] : v.finding_codes.split(','),
    })),
  };
}

/** Most disclosures listed on one transaction's page (a plan naming more is found by its own search). */
export const LINKED_DISCLOSURES_MAX = 100;

/** The disclosures naming a transaction (its approval, the plan it was supplied under…), latest first. */
export function disclosuresOfTransaction(
  handle: ReadModelHandle,
  transactionId: string,
): StandaloneDisclosureSummary[] {
  const { db, tables } = handle;
  const rows = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS.map((c) => `d.${c}`).join(', ')}
       FROM ${tables.table('links')} l JOIN ${tables.table('disclosures')} d USING (disclosure_id)
       WHERE l.transaction_id = ? ORDER BY d.last_published_at DESC, d.disclosure_id DESC LIMIT ?`,
    )
    .all(transactionId, LINKED_DISCLOSURES_MAX) as Row[];
  return rows.map(toSummary);
}

/**
 * Disclosures matching every given filter, most recently published first, a page at a time (keyset: the
 * region's index at its level, else the kind's, else the date's; other filters on at most SCAN_WINDOW
 * entries per page). Throws InvalidCursor for a cursor this query did not issue.
 */
export function searchStandaloneDisclosures(
  handle: ReadModelHandle,
  search: StandaloneDisclosureSearch = {},
): StandaloneDisclosurePage {
  const { db, tables } = handle;
  const region = regionPrefix(search.region);
  const regionColumn = region === undefined ? undefined : regionLevelColumn(region);
  const seek = new WhereClause();
  const residual = new WhereClause()
    .add('t.domain = ?', search.domain)
    .add('(t.publisher_credit_code = ? OR t.publisher_name = ?)', search.publisher, search.publisher);
  let index = 'disclosures_by_date';
  if (regionColumn) {
    seek.add(`t.${regionColumn} = ?`, region);
    index = `disclosures_by_${regionColumn === 'region_province' ? 'province' : regionColumn === 'region_city' ? 'city' : 'district'}`;
    residual.add('t.kind = ?', search.kind);
  } else {
    if (region !== undefined) residual.add("t.region_code LIKE ? ESCAPE '\\'", likePrefix(region));
    if (search.kind !== undefined) {
      seek.add('t.kind = ?', search.kind);
      index = 'disclosures_by_kind';
    }
  }
  seek.add('t.last_published_at >= ?', utcInstant(search.from));
  residual.add('t.first_published_at < ?', utcInstant(search.to));
  const query: KeysetQuery = {
    db,
    table: tables.table('disclosures'),
    alias: 't',
    index: tables.table(index),
    key: ['t.last_published_at', 't.disclosure_id'],
    keyShape: ['string', 'string'],
    descending: true,
    seek,
    residual,
    columns: SUMMARY_COLUMNS.map((c) => `t.${c}`).join(', '),
  };
  const page = keysetPage<Row & Record<string, unknown>>(query, pageSize(search), search.cursor);
  return { items: page.rows.map(toSummary), nextCursor: page.nextCursor };
}
