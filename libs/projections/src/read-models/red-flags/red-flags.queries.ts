import { decodeCursor, encodeCursor } from '../shared/keyset';
import { pageSize, type Page, type ReadModelHandle } from '../shared/read-model-handle';
import { likePrefix, regionPrefix, WhereClause } from '../shared/sql-filters';
import { RED_FLAGS, type RedFlag, type RedFlagCode, type RedFlagDefinition } from './red-flag-definitions';

export interface RedFlagFilter extends Page {
  transactionId?: string;
  region?: string;
  /** The caller's jurisdictions; undefined = every region. */
  withinRegions?: readonly string[];
  code?: string;
  domain?: string;
}

interface FlagRow {
  code: string;
  subject: string;
  transaction_id: string | null;
  domain: string | null;
  region_code: string;
  publisher_name: string;
  publisher_credit_code: string;
  event_id: string;
  event_type: string;
  position: number;
  raised_at: string;
  evidence: string;
}

function where(filter: RedFlagFilter): WhereClause {
  const clause = new WhereClause();
  if (filter.withinRegions !== undefined) {
    if (filter.withinRegions.length === 0) clause.add('0 = 1');
    else {
      const patterns = filter.withinRegions.map((r) => likePrefix(regionPrefix(r)!));
      clause.add(`(${patterns.map(() => "region_code LIKE ? ESCAPE '\\'").join(' OR ')})`, ...patterns);
    }
  }
  const region = regionPrefix(filter.region);
  return clause
    .add("region_code LIKE ? ESCAPE '\\'", region === undefined ? undefined : likePrefix(region))
    .add('transaction_id = ?', filter.transactionId)
    .add('code = ?', filter.code)
    .add('domain = ?', filter.domain);
}

function toFlag(row: FlagRow): RedFlag {
  const definition: RedFlagDefinition = RED_FLAGS[row.code as RedFlagCode] ?? {
    code: row.code,
    cardinal: false,
    title: { zh: row.code, en: row.code },
    definition: '',
  };
  return {
    ...definition,
    code: row.code,
    subject: row.subject,
    ...(row.transaction_id ? { transactionId: row.transaction_id } : {}),
    ...(row.domain ? { domain: row.domain } : {}),
    regionCode: row.region_code,
    publisher: { name: row.publisher_name, creditCode: row.publisher_credit_code },
    eventId: row.event_id,
    eventType: row.event_type,
    position: row.position,
    raisedAt: row.raised_at,
    evidence: JSON.parse(row.evidence) as Record<string, unknown>,
  };
}

/**
 * Red flags matching every filter, newest first, by keyset cursor (position, code, subject). `total` counts
 * every match: flags are few next to the events (one per indicator and round at most).
 */
export function listRedFlags(
  handle: ReadModelHandle,
  filter: RedFlagFilter = {},
): { total: number; items: RedFlag[]; nextCursor: string | null } {
  const { db, tables } = handle;
  const clause = where(filter);
  const table = tables.table('flags');
  const total = (
    db.prepare(`SELECT COUNT(*) AS n FROM ${table} ${clause.toSql()}`).get(...clause.params) as { n: number }
  ).n;
  const limit = pageSize(filter);
  if (filter.cursor !== undefined) {
    const [position, code, subject] = decodeCursor(filter.cursor, ['number', 'string', 'string']);
    clause.add(
      '(position < ? OR (position = ? AND (code > ? OR (code = ? AND subject > ?))))',
      position,
      position,
      code,
      code,
      subject,
    );
  }
  const rows = db
    .prepare(`SELECT * FROM ${table} ${clause.toSql()} ORDER BY position DESC, code, subject LIMIT ?`)
    .all(...clause.params, limit + 1) as FlagRow[];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    total,
    items: page.map(toFlag),
    nextCursor: rows.length > limit && last ? encodeCursor([last.position, last.code, last.subject]) : null,
  };
}

/** Counts of matching flags per code, largest first. */
export function countRedFlagsByCode(
  handle: ReadModelHandle,
  filter: RedFlagFilter = {},
): Array<{ code: string; count: number }> {
  const clause = where(filter);
  return handle.db
    .prepare(
      `SELECT code, COUNT(*) AS count FROM ${handle.tables.table('flags')} ${clause.toSql()}
       GROUP BY code ORDER BY count DESC, code`,
    )
    .all(...clause.params) as Array<{ code: string; count: number }>;
}
