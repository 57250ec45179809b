import type { PublicEventView } from '@gongkai/domain';
import { pageOf, type Page, type ReadModelHandle } from '../shared/read-model-handle';
import { likePrefix, regionPrefix, utcInstant, WhereClause } from '../shared/sql-filters';

export interface PublicDisclosureSummary {
  transactionId: string;
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

export interface PublicDisclosureEntry {
  type: string;
  position: number;
  revision: number;
  round: number;
  eventId: string;
  publishedAt: string;
  /** The domain's redacted public view of the event. */
  view: PublicEventView;
}

export interface PublicDisclosure extends PublicDisclosureSummary {
  disclosures: PublicDisclosureEntry[];
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

/** One transaction's public view with its disclosures in stream order; `undefined` when unknown. */
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
      `SELECT type, position, revision, round, event_id, published_at, public_view FROM ${tables.table('disclosures')}
       WHERE transaction_id = ? ORDER BY position`,
    )
    .all(transactionId) as Array<{
    type: string;
    position: number;
    revision: number;
    round: number;
    event_id: string;
    published_at: string;
    public_view: string;
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
      view: JSON.parse(d.public_view) as PublicEventView,
    })),
  };
}

/** Transactions matching every given filter, most recently published first. */
export function searchPublicDisclosures(
  handle: ReadModelHandle,
  search: PublicDisclosureSearch = {},
): { total: number; items: PublicDisclosureSummary[] } {
  const { db, tables } = handle;
  const region = regionPrefix(search.region);
  const where = new WhereClause()
    .add('t.domain = ?', search.domain)
    .add("t.region_code LIKE ? ESCAPE '\\'", region === undefined ? undefined : likePrefix(region))
    .add('t.stage = ?', search.stage);
  if (search.publisher !== undefined || search.from !== undefined || search.to !== undefined) {
    // One disclosure must satisfy publisher and period together: "what did X publish last week".
    const inner = new WhereClause()
      .add('d.transaction_id = t.transaction_id')
      .add('(d.publisher_credit_code = ? OR d.publisher_name = ?)', search.publisher, search.publisher)
      .add('d.published_at >= ?', utcInstant(search.from))
      .add('d.published_at < ?', utcInstant(search.to));
    where.add(`EXISTS (SELECT 1 FROM ${tables.table('disclosures')} d ${inner.toSql()})`, ...inner.params);
  }
  const { limit, offset } = pageOf(search);
  const from = `FROM ${tables.table('transactions')} t ${where.toSql()}`;
  const total = (db.prepare(`SELECT COUNT(*) AS n ${from}`).get(...where.params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS.map((c) => `t.${c}`).join(', ')} ${from}
       ORDER BY t.last_published_at DESC, t.transaction_id LIMIT ? OFFSET ?`,
    )
    .all(...where.params, limit, offset) as TransactionRow[];
  return { total, items: rows.map(toSummary) };
}
