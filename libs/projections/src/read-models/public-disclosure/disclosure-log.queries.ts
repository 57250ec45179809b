import { decodeCursor, encodeCursor, SCAN_WINDOW } from '../shared/keyset';
import { pageSize, type Page, type ReadModelHandle } from '../shared/read-model-handle';
import { likePrefix, regionPrefix, utcInstant, WhereClause } from '../shared/sql-filters';

/**
 * The public disclosures one at a time, in the order the store recorded them (its position): what an open-data
 * harvester pages through (OCDS releases), resuming from a cursor as new disclosures arrive at the end.
 */
export interface DisclosureLogSearch extends Page {
  /** Only these domains (the domains an export covers). */
  domains?: readonly string[];
  /** GB/T 2260 code; `320600` finds every district of the city (see regionPrefix). */
  region?: string;
  /** Published at or after `from` and before `to` (ISO-8601 instants). */
  from?: string;
  to?: string;
}

export interface DisclosureLogEntry {
  position: number;
  transactionId: string;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  domain: string;
  publishedAt: string;
}

export interface DisclosureLogPage {
  items: DisclosureLogEntry[];
  /** Resume after this; null when the walk reached the end. A page may be short when filters match rarely. */
  nextCursor: string | null;
}

interface Row {
  position: number;
  transaction_id: string;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  domain: string;
  published_at: string;
}

/**
 * One page of disclosures matching every filter, oldest position first. The walk follows the disclosures'
 * primary key (the position) from the cursor and checks the filters on at most SCAN_WINDOW entries, as the
 * other list queries do (shared/keyset.ts): bounded work per request whatever the store's size. Throws
 * InvalidCursor for a cursor this query did not issue.
 */
export function listDisclosureLog(
  handle: ReadModelHandle,
  search: DisclosureLogSearch = {},
): DisclosureLogPage {
  const { db, tables } = handle;
  const disclosures = tables.table('disclosures');
  const after = search.cursor === undefined ? 0 : (decodeCursor(search.cursor, ['number'])[0] as number);
  const limit = pageSize(search);
  const windowEnd = db
    .prepare(`SELECT position FROM ${disclosures} WHERE position > ? ORDER BY position LIMIT 1 OFFSET ?`)
    .get(after, SCAN_WINDOW - 1) as { position: number } | undefined;
  const where = new WhereClause().add('d.position > ?', after).add('d.position <= ?', windowEnd?.position);
  const region = regionPrefix(search.region);
  if (region !== undefined) where.add("t.region_code LIKE ? ESCAPE '\\'", likePrefix(region));
  if (search.domains !== undefined) {
    if (search.domains.length === 0) return { items: [], nextCursor: null };
    where.add(`t.domain IN (${search.domains.map(() => '?').join(', ')})`, ...search.domains);
  }
  where.add('d.published_at >= ?', utcInstant(search.from)).add('d.published_at < ?', utcInstant(search.to));
  const rows = db
    .prepare(
      `SELECT d.position, d.transaction_id, t.stream_id, d.revision, d.event_id, d.type, t.domain, d.published_at
         FROM ${disclosures} d JOIN ${tables.table('transactions')} t ON t.transaction_id = d.transaction_id
         ${where.toSql()} ORDER BY d.position LIMIT ?`,
    )
    .all(...where.params, limit + 1) as Row[];
  let nextCursor: string | null = null;
  if (rows.length > limit) {
    rows.length = limit;
    nextCursor = encodeCursor([rows[limit - 1]!.position]);
  } else if (windowEnd) {
    // The window ran out before the page filled: resume after the last entry examined.
    nextCursor = encodeCursor([windowEnd.position]);
  }
  return {
    items: rows.map((row) => ({
      position: row.position,
      transactionId: row.transaction_id,
      streamId: row.stream_id,
      revision: row.revision,
      eventId: row.event_id,
      type: row.type,
      domain: row.domain,
      publishedAt: row.published_at,
    })),
    nextCursor,
  };
}
