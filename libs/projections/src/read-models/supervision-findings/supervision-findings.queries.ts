import { pageOf, type Page, type ReadModelHandle } from '../shared/read-model-handle';
import { likePrefix, regionPrefix, utcInstant, WhereClause } from '../shared/sql-filters';
import type { Awaiting } from './open-items';

/** The filters of `GET /v1/findings?region=&domain=&publisher=&rule=&from=&to=`. */
export interface FindingFilter {
  /** GB/T 2260 code; `320600` finds every district of the city (see regionPrefix). */
  region?: string;
  /** The caller's jurisdictions (a supervisor's scope): only findings inside one of them. */
  withinRegions?: readonly string[];
  domain?: string;
  /** Publisher's credit code or name. */
  publisher?: string;
  /** Rule id (`engineering.candidates.publicity-min`…). */
  rule?: string;
  /** LATE_DISCLOSURE, DEADLINE_MISSED, PERIOD_TOO_SHORT. */
  code?: string;
  transactionId?: string;
  /** The event was published at or after `from`, before `to` (ISO-8601 instants). */
  from?: string;
  to?: string;
}

export interface SupervisionFinding {
  eventId: string;
  eventType: string;
  position: number;
  streamId: string;
  transactionId?: string;
  domain?: string;
  regionCode: string;
  publisher: { name: string; creditCode: string };
  code: string;
  ruleId: string;
  origin?: string;
  catalogueId?: string;
  sourceText?: string;
  from?: string;
  due?: string;
  actual?: string;
  lateByWorkingDays?: number;
  lateByCalendarDays?: number;
  shortByWorkingDays?: number;
  shortByCalendarDays?: number;
  message?: { zh?: string; en?: string };
  publishedAt: string;
}

interface FindingRow {
  event_id: string;
  event_type: string;
  position: number;
  stream_id: string;
  transaction_id: string | null;
  domain: string | null;
  region_code: string;
  publisher_name: string;
  publisher_credit_code: string;
  code: string;
  rule_id: string;
  origin: string | null;
  catalogue_id: string | null;
  source_text: string | null;
  from_date: string | null;
  due_date: string | null;
  actual_date: string | null;
  late_by_working_days: number | null;
  late_by_calendar_days: number | null;
  short_by_working_days: number | null;
  short_by_calendar_days: number | null;
  message_zh: string | null;
  message_en: string | null;
  published_at: string;
}

/** Drops the keys whose value is null, so optional fields are absent rather than null in JSON. */
function withoutNulls<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as T;
}

function toFinding(row: FindingRow): SupervisionFinding {
  const message =
    row.message_zh !== null || row.message_en !== null
      ? (withoutNulls({ zh: row.message_zh, en: row.message_en }) as { zh?: string; en?: string })
      : null;
  return withoutNulls({
    eventId: row.event_id,
    eventType: row.event_type,
    position: row.position,
    streamId: row.stream_id,
    transactionId: row.transaction_id,
    domain: row.domain,
    regionCode: row.region_code,
    publisher: { name: row.publisher_name, creditCode: row.publisher_credit_code },
    code: row.code,
    ruleId: row.rule_id,
    origin: row.origin,
    catalogueId: row.catalogue_id,
    sourceText: row.source_text,
    from: row.from_date,
    due: row.due_date,
    actual: row.actual_date,
    lateByWorkingDays: row.late_by_working_days,
    lateByCalendarDays: row.late_by_calendar_days,
    shortByWorkingDays: row.short_by_working_days,
    shortByCalendarDays: row.short_by_calendar_days,
    message,
    publishedAt: row.published_at,
  }) as SupervisionFinding;
}

/** `region_code` lies inside any of `regions` (nested codes, as regionPrefix); undefined adds no condition. */
function withinRegions(where: WhereClause, regions: readonly string[] | undefined): WhereClause {
  if (regions === undefined) return where;
  if (regions.length === 0) return where.add('0 = 1');
  const patterns = regions.map((region) => likePrefix(regionPrefix(region)!));
  return where.add(`(${patterns.map(() => "region_code LIKE ? ESCAPE '\\'").join(' OR ')})`, ...patterns);
}

function findingWhere(filter: FindingFilter): WhereClause {
  const region = regionPrefix(filter.region);
  return withinRegions(new WhereClause(), filter.withinRegions)
    .add("region_code LIKE ? ESCAPE '\\'", region === undefined ? undefined : likePrefix(region))
    .add('domain = ?', filter.domain)
    .add('(publisher_credit_code = ? OR publisher_name = ?)', filter.publisher, filter.publisher)
    .add('rule_id = ?', filter.rule)
    .add('code = ?', filter.code)
    .add('transaction_id = ?', filter.transactionId)
    .add('published_at >= ?', utcInstant(filter.from))
    .add('published_at < ?', utcInstant(filter.to));
}

/** Findings matching every given filter, in the order they were recorded. */
export function listFindings(
  handle: ReadModelHandle,
  filter: FindingFilter & Page = {},
): { total: number; items: SupervisionFinding[] } {
  const { db, tables } = handle;
  const where = findingWhere(filter);
  const from = `FROM ${tables.table('findings')} ${where.toSql()}`;
  const { limit, offset } = pageOf(filter);
  const total = (db.prepare(`SELECT COUNT(*) AS n ${from}`).get(...where.params) as { n: number }).n;
  const rows = db
    .prepare(`SELECT * ${from} ORDER BY position, seq LIMIT ? OFFSET ?`)
    .all(...where.params, limit, offset) as FindingRow[];
  return { total, items: rows.map(toFinding) };
}

const GROUP_COLUMNS = {
  region: 'region_code',
  domain: 'domain',
  publisher: 'publisher_credit_code',
  rule: 'rule_id',
  code: 'code',
} as const;
export type FindingDimension = keyof typeof GROUP_COLUMNS;

/** Counts of the matching findings by one dimension (region, domain, publisher, rule or code), largest first. */
export function countFindingsBy(
  handle: ReadModelHandle,
  dimension: FindingDimension,
  filter: FindingFilter = {},
): Array<{ key: string | null; count: number }> {
  const { db, tables } = handle;
  const column = GROUP_COLUMNS[dimension];
  const where = findingWhere(filter);
  return db
    .prepare(
      `SELECT ${column} AS key, COUNT(*) AS count FROM ${tables.table('findings')} ${where.toSql()}
       GROUP BY ${column} ORDER BY count DESC, key`,
    )
    .all(...where.params) as Array<{ key: string | null; count: number }>;
}

export interface OpenItemFilter extends Page {
  /** The instant to judge by (ISO-8601); the caller's clock, usually now. */
  asOf: string;
  region?: string;
  /** The caller's jurisdictions (a supervisor's scope): only items inside one of them. */
  withinRegions?: readonly string[];
  domain?: string;
  publisher?: string;
  awaiting?: Awaiting;
}

export interface OpenItemPastDue {
  transactionId: string;
  /** The stage still missing: `result` (candidates, award or termination), `award`, or `contract`. */
  awaiting: Awaiting;
  domain: string;
  regionCode: string;
  publisher: { name: string; creditCode: string };
  openedBy: string;
  openedPosition: number;
  openedAt: string;
  dueAt: string;
}

/** Stages awaited past their due instant at `asOf` and not settled by then. */
export function listOpenItemsPastDue(
  handle: ReadModelHandle,
  filter: OpenItemFilter,
): { total: number; items: OpenItemPastDue[] } {
  const { db, tables } = handle;
  const asOf = utcInstant(filter.asOf);
  const region = regionPrefix(filter.region);
  const where = withinRegions(new WhereClause(), filter.withinRegions)
    .add('due_at < ?', asOf)
    .add('opened_at <= ?', asOf)
    .add('(closed_at IS NULL OR closed_at > ?)', asOf)
    .add("region_code LIKE ? ESCAPE '\\'", region === undefined ? undefined : likePrefix(region))
    .add('domain = ?', filter.domain)
    .add('(publisher_credit_code = ? OR publisher_name = ?)', filter.publisher, filter.publisher)
    .add('awaiting = ?', filter.awaiting);
  const from = `FROM ${tables.table('open_items')} ${where.toSql()}`;
  const { limit, offset } = pageOf(filter);
  const total = (db.prepare(`SELECT COUNT(*) AS n ${from}`).get(...where.params) as { n: number }).n;
  const rows = db
    .prepare(`SELECT * ${from} ORDER BY due_at, transaction_id, awaiting LIMIT ? OFFSET ?`)
    .all(...where.params, limit, offset) as Array<{
    transaction_id: string;
    awaiting: Awaiting;
    domain: string;
    region_code: string;
    publisher_name: string;
    publisher_credit_code: string;
    opened_by: string;
    opened_position: number;
    opened_at: string;
    due_at: string;
  }>;
  return {
    total,
    items: rows.map((row) => ({
      transactionId: row.transaction_id,
      awaiting: row.awaiting,
      domain: row.domain,
      regionCode: row.region_code,
      publisher: { name: row.publisher_name, creditCode: row.publisher_credit_code },
      openedBy: row.opened_by,
      openedPosition: row.opened_position,
      openedAt: row.opened_at,
      dueAt: row.due_at,
    })),
  };
}
