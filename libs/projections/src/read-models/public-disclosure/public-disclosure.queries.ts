import { parseStoredEvent, toPublicView, type PublicEventView } from '@gongkai/domain';
import type { EventStore } from '@gongkai/event-store';
import { keysetPage, type KeysetQuery } from '../shared/keyset';
import { pageSize, type Page, type ReadModelHandle } from '../shared/read-model-handle';
import { likePrefix, regionLevelColumn, regionPrefix, utcInstant, WhereClause } from '../shared/sql-filters';

export interface PublicDisclosureSummary {
  transactionId: string;
  streamId: string;
  domain: string;
  regionCode: string;
  /** The publisher of the current round's announcement. */
  publisher: { name: string; creditCode: string };
  title: string;
  /** Event type of the latest stage (corrections and complaint decisions do not move it). */
  stage: string;
  /** 1 for the first announcement, +1 for each re-announcement. */
  round: number;
  keyDates: Record<string, string>;
  firstPublishedAt: string;
  lastPublishedAt: string;
  disclosureCount: number;
}

/** A disclosure as the read model references it: where the event is in the store, and when it was published. */
export interface PublicDisclosureEntry {
  type: string;
  position: number;
  revision: number;
  round: number;
  eventId: string;
  publishedAt: string;
}

export interface PublicDisclosure extends PublicDisclosureSummary {
  disclosures: PublicDisclosureEntry[];
}

/** A disclosure with the domain's redacted public view of its event, read from the store. */
export interface PublicDisclosureWithView extends PublicDisclosureEntry {
  view: PublicEventView;
}

export interface PublicDisclosureWithViews extends PublicDisclosureSummary {
  disclosures: PublicDisclosureWithView[];
}

export interface PublicDisclosureSearch extends Page {
  domain?: string;
  /** GB/T 2260 code; `320600` finds every district of the city (see regionPrefix). */
  region?: string;
  /** Current stage (event type). */
  stage?: string;
  /** Credit code or name of a publisher of at least one of the transaction's disclosures. */
  publisher?: string;
  /** A disclosure published at or after `from` and before `to` (ISO-8601 instants). */
  from?: string;
  to?: string;
}

interface TransactionRow {
  transaction_id: string;
  stream_id: string;
  domain: string;
  region_code: string;
  publisher_name: string;
  publisher_credit_code: string;
  title: string;
  stage: string;
  round: number;
  key_dates: string;
  first_published_at: string;
  last_published_at: string;
  disclosure_count: number;
}

const SUMMARY_COLUMNS = [
  'transaction_id',
  'stream_id',
  'domain',
  'region_code',
  'publisher_name',
  'publisher_credit_code',
  'title',
  'stage',
  'round',
  'key_dates',
  'first_published_at',
  'last_published_at',
  'disclosure_count',
];

function toSummary(row: TransactionRow): PublicDisclosureSummary {
  return {
    transactionId: row.transaction_id,
    streamId: row.stream_id,
    domain: row.domain,
    regionCode: row.region_code,
    publisher: { name: row.publisher_name, creditCode: row.publisher_credit_code },
    title: row.title,
    stage: row.stage,
    round: row.round,
    keyDates: JSON.parse(row.key_dates) as Record<string, string>,
    firstPublishedAt: row.first_published_at,
    lastPublishedAt: row.last_published_at,
    disclosureCount: row.disclosure_count,
  };
}

/** One transaction's summary with its disclosures (references) in stream order; `undefined` when unknown. */
export function getPublicDisclosure(
  handle: ReadModelHandle,
  transactionId: string,
): PublicDisclosure | undefined {
  const { db, tables } = handle;
  const row = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS.join(', ')} FROM ${tables.table('transactions')} WHERE transaction_id = ?`,
    )
    .get(transactionId) as TransactionRow | undefined;
  if (!row) return undefined;
  const disclosures = db
    .prepare(
      `SELECT type, position, revision, round, event_id, published_at FROM ${tables.table('disclosures')}
       WHERE transaction_id = ? ORDER BY position`,
    )
    .all(transactionId) as Array<{
    type: string;
    position: number;
    revision: number;
    round: number;
    event_id: string;
    published_at: string;
  }>;
  return {
    ...toSummary(row),
    disclosures: disclosures.map((d) => ({
      type: d.type,
      position: d.position,
      revision: d.revision,
      round: d.round,
      eventId: d.event_id,
      publishedAt: d.published_at,
    })),
  };
}

/**
 * `getPublicDisclosure` with each disclosure's public view, computed from the stored event
 * (`toPublicView`) rather than kept as a second copy in the read model. A disclosure whose event no longer
 * parses is left out (the read model skipped it too, see shared/stored-event.ts).
 */
export async function readPublicDisclosure(
  handle: ReadModelHandle,
  store: EventStore,
  transactionId: string,
): Promise<PublicDisclosureWithViews | undefined> {
  const disclosure = getPublicDisclosure(handle, transactionId);
  if (!disclosure) return undefined;
  const wanted = new Map(disclosure.disclosures.map((entry) => [entry.position, entry]));
  const last = disclosure.disclosures.at(-1)?.revision ?? -1;
  const events = await store.readStream(disclosure.streamId, { maxCount: last + 1 });
  const disclosures: PublicDisclosureWithView[] = [];
  for (const recorded of events) {
    const entry = wanted.get(recorded.position);
    if (!entry) continue;
    const parsed = parseStoredEvent(recorded, { withFindings: false });
    if (parsed.success) disclosures.push({ ...entry, view: toPublicView(parsed.event) as PublicEventView });
  }
  return { ...disclosure, disclosures };
}

export interface PublicDisclosurePage {
  items: PublicDisclosureSummary[];
  /** Pass as `cursor` for the next page; null on the last. A page may be short when filters match rarely. */
  nextCursor: string | null;
}

/**
 * Transactions matching every given filter, most recently published first (then by transaction id,
 * descending), a page at a time from `cursor`. The walk follows the region's index at its level when a
 * region is given, else the publication date's; the other filters are checked on at most SCAN_WINDOW
 * entries per page (see shared/keyset.ts). Throws InvalidCursor for a cursor this
 * query did not issue.
 */
export function searchPublicDisclosures(
  handle: ReadModelHandle,
  search: PublicDisclosureSearch = {},
): PublicDisclosurePage {
  const { db, tables } = handle;
  const region = regionPrefix(search.region);
  const regionColumn = region === undefined ? undefined : regionLevelColumn(region);
  const seek = new WhereClause();
  const residual = new WhereClause().add('t.stage = ?', search.stage).add('t.domain = ?', search.domain);
  if (regionColumn) seek.add(`t.${regionColumn} = ?`, region);
  else if (region !== undefined) residual.add("t.region_code LIKE ? ESCAPE '\\'", likePrefix(region));
  const from = utcInstant(search.from);
  const to = utcInstant(search.to);
  // A transaction with a disclosure in [from, to) was last published at or after `from` (an index range)
  // and first published before `to`.
  seek.add('t.last_published_at >= ?', from);
  residual.add('t.first_published_at < ?', to);
  if (search.publisher !== undefined || from !== undefined || to !== undefined) {
    // One disclosure must satisfy publisher and period together: "what did X publish last week".
    const inner = new WhereClause()
      .add('d.transaction_id = t.transaction_id')
      .add('(d.publisher_credit_code = ? OR d.publisher_name = ?)', search.publisher, search.publisher)
      .add('d.published_at >= ?', from)
      .add('d.published_at < ?', to);
    residual.add(`EXISTS (SELECT 1 FROM ${tables.table('disclosures')} d ${inner.toSql()})`, ...inner.params);
  }
  const query: KeysetQuery = {
    db,
    table: tables.table('transactions'),
    alias: 't',
    index: tables.table(regionColumn ? `transactions_by_${levelName(regionColumn)}` : 'transactions_by_date'),
    key: ['t.last_published_at', 't.transaction_id'],
    keyShape: ['string', 'string'],
    descending: true,
    seek,
    residual,
    columns: SUMMARY_COLUMNS.map((c) => `t.${c}`).join(', '),
  };
  const page = keysetPage<TransactionRow & Record<string, unknown>>(query, pageSize(search), search.cursor);
  return { items: page.rows.map(toSummary), nextCursor: page.nextCursor };
}

function levelName(column: string | undefined): string {
  return column === 'region_province' ? 'province' : column === 'region_city' ? 'city' : 'district';
}
