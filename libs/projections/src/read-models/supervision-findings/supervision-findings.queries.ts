import { keysetCount, keysetPage, type KeysetQuery } from '../shared/keyset';
import { pageSize, type Page, type ReadModelHandle } from '../shared/read-model-handle';
import { likePrefix, regionLevelColumn, regionPrefix, utcInstant, WhereClause } from '../shared/sql-filters';
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
  /** Only findings a correction has cured (true), or only those still standing (false). */
  cured?: boolean;
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
  /** Present when the finding was computed on a year without an official holiday arrangement. */
  provisional?: true;
  provisionalYears?: number[];
  /** The rule the provisional rest days were computed by (全国年节及纪念日放假办法 第二条、第六条). */
  provisionalSource?: string;
  /**
   * What became of the finding once the official arrangement replaced the provisional year: `confirmed`,
   * `changed` (due date now `due`), `withdrawn`, or `raised` (a breach only the official calendar shows).
   */
  reevaluation?: {
    change: 'confirmed' | 'changed' | 'withdrawn' | 'raised';
    due?: string;
    source: string;
    recordedAt: string;
    reevaluationId: string;
  };
  /**
   * A PERIOD_TOO_SHORT a later correction cured by extending the period: the correction, its type, when it was
   * published, and the period's end it required (`due`) and now reaches (`actual`).
   */
  cure?: {
    eventId: string;
    eventType: string;
    curedAt: string;
    position: number;
    due?: string;
    actual?: string;
  };
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
  provisional_years: string | null;
  provisional_source: string | null;
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
    provisional: row.provisional_years !== null ? true : null,
    provisionalYears:
      row.provisional_years !== null ? row.provisional_years.split(',').filter(Boolean).map(Number) : null,
    provisionalSource: row.provisional_source,
  }) as SupervisionFinding;
}

/** `region_code` lies inside any of `regions` (nested codes, as regionPrefix); undefined adds no condition. */
function withinRegions(where: WhereClause, regions: readonly string[] | undefined): WhereClause {
  if (regions === undefined) return where;
  if (regions.length === 0) return where.add('0 = 1');
  const patterns = regions.map((region) => likePrefix(regionPrefix(region)!));
  return where.add(`(${patterns.map(() => "region_code LIKE ? ESCAPE '\\'").join(' OR ')})`, ...patterns);
}

/** A list's filters split for a keyset walk: the index to walk and its seek, the rest checked per entry. */
interface Plan {
  index: string;
  seek: WhereClause;
  residual: WhereClause;
}

/**
 * Picks the index to walk: the first indexed filter given (the most selective first), else the region filter
 * at its level (or the caller's only jurisdiction), else the sort key alone. Every other filter is residual.
 */
function plan(
  indexed: ReadonlyArray<[name: string, column: string, value: string | undefined]>,
  region: string | undefined,
  regions: readonly string[] | undefined,
  fallback: string,
): Plan & { regionDone: boolean } {
  const prefix = regionPrefix(region ?? (regions?.length === 1 ? regions[0] : undefined));
  const level = prefix === undefined ? undefined : regionLevelColumn(prefix);
  const seek = new WhereClause();
  const residual = new WhereClause();
  let index = fallback;
  for (const [name, column, value] of indexed) {
    if (value === undefined) continue;
    if (seek.isEmpty) {
      seek.add(`${column} = ?`, value);
      index = name;
    } else residual.add(`${column} = ?`, value);
  }
  let regionDone = false;
  if (level && seek.isEmpty) {
    seek.add(`${level} = ?`, prefix);
    index = level === 'region_province' ? 'province' : level === 'region_city' ? 'city' : 'district';
    regionDone = true;
  }
  return { index, seek, residual, regionDone };
}

function findingQuery(handle: ReadModelHandle, filter: FindingFilter): KeysetQuery {
  const { db, tables } = handle;
  const p = plan(
    [
      ['transaction', 'transaction_id', filter.transactionId],
      ['rule', 'rule_id', filter.rule],
    ],
    filter.region,
    filter.withinRegions,
    'position',
  );
  const region = regionPrefix(filter.region);
  // The walked region (if any) is in the seek; the caller's jurisdictions still bound the answer.
  withinRegions(p.residual, filter.withinRegions)
    .add(
      "region_code LIKE ? ESCAPE '\\'",
      region === undefined || (p.regionDone && filter.region !== undefined) ? undefined : likePrefix(region),
    )
    .add('domain = ?', filter.domain)
    .add('(publisher_credit_code = ? OR publisher_name = ?)', filter.publisher, filter.publisher)
    .add('code = ?', filter.code)
    .add('published_at >= ?', utcInstant(filter.from))
    .add('published_at < ?', utcInstant(filter.to));
  curedCondition(p.residual, tables.table('cures'), filter.cured);
  return {
    db,
    table: tables.table('findings'),
    alias: 'f',
    index: tables.table(`findings_by_${p.index}`),
    key: ['f.position', 'f.seq'],
    keyShape: ['number', 'number'],
    descending: false,
    seek: p.seek,
    residual: p.residual,
    columns: 'f.*',
  };
}

export interface ListedPage<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last. A page may be short when filters match rarely. */
  nextCursor: string | null;
  /** Matches among the first SCAN_WINDOW entries of the walk: exact unless `totalCapped` (then at least). */
  total: number;
  totalCapped: boolean;
}

/**
 * Findings matching every given filter, in the order they were recorded, a page at a time from `cursor`
 * (keyset on position; see shared/keyset.ts). Throws InvalidCursor for a cursor this query did not issue.
 */
export function listFindings(
  handle: ReadModelHandle,
  filter: FindingFilter & Page = {},
): ListedPage<SupervisionFinding> {
  const query = findingQuery(handle, filter);
  const page = keysetPage<FindingRow & Record<string, unknown>>(query, pageSize(filter), filter.cursor);
  const { total, capped } = keysetCount(query);
  return {
    items: withReevaluations(handle, page.rows),
    nextCursor: page.nextCursor,
    total,
    totalCapped: capped,
  };
}

/** Findings a correction cured (or not): their (event, rule) has a row in the cures table. */
function curedCondition(where: WhereClause, cures: string, cured: boolean | undefined): WhereClause {
  if (cured === undefined) return where;
  return where.add(
    `${cured ? '' : 'NOT '}EXISTS (SELECT 1 FROM ${cures} c WHERE c.event_id = f.event_id AND c.rule_id = f.rule_id)`,
  );
}

function findingWhere(filter: FindingFilter, cures: string): WhereClause {
  const region = regionPrefix(filter.region);
  return curedCondition(withinRegions(new WhereClause(), filter.withinRegions), cures, filter.cured)
    .add("region_code LIKE ? ESCAPE '\\'", region === undefined ? undefined : likePrefix(region))
    .add('domain = ?', filter.domain)
    .add('(publisher_credit_code = ? OR publisher_name = ?)', filter.publisher, filter.publisher)
    .add('rule_id = ?', filter.rule)
    .add('code = ?', filter.code)
    .add('transaction_id = ?', filter.transactionId)
    .add('published_at >= ?', utcInstant(filter.from))
    .add('published_at < ?', utcInstant(filter.to));
}

/** Each finding with the latest re-evaluation of it, if any (a year is normally replaced once; a later one wins). */
function withReevaluations(handle: ReadModelHandle, rows: readonly FindingRow[]): SupervisionFinding[] {
  const latest = handle.db.prepare(
    `SELECT change, due_after, source, recorded_at, reevaluation_id FROM ${handle.tables.table('reevaluations')}
     WHERE event_id = ? AND rule_id = ? ORDER BY position DESC LIMIT 1`,
  );
  const cureOf = handle.db.prepare(
    `SELECT cured_by_event_id, cured_by_event_type, cured_at, position, due_date, actual_date
     FROM ${handle.tables.table('cures')} WHERE event_id = ? AND rule_id = ?`,
  );
  return rows.map((row) => {
    const cure = cureOf.get(row.event_id, row.rule_id) as CureRow | undefined;
    const finding: SupervisionFinding = cure
      ? {
          ...toFinding(row),
          cure: withoutNulls({
            eventId: cure.cured_by_event_id,
            eventType: cure.cured_by_event_type,
            curedAt: cure.cured_at,
            position: cure.position,
            due: cure.due_date,
            actual: cure.actual_date,
          }) as NonNullable<SupervisionFinding['cure']>,
        }
      : toFinding(row);
    const found = latest.get(row.event_id, row.rule_id) as ReevaluationRow | undefined;
    if (!found) return finding;
    return {
      ...finding,
      reevaluation: withoutNulls({
        change: found.change,
        due: found.change === 'withdrawn' ? null : found.due_after,
        source: found.source,
        recordedAt: found.recorded_at,
        reevaluationId: found.reevaluation_id,
      }) as NonNullable<SupervisionFinding['reevaluation']>,
    };
  });
}

interface CureRow {
  cured_by_event_id: string;
  cured_by_event_type: string;
  cured_at: string;
  position: number;
  due_date: string | null;
  actual_date: string | null;
}

/**
 * PERIOD_TOO_SHORT findings raised in the scope, and how many of them a correction has cured since: reports
 * count the cured apart (a period put right before it ran out is not the same breach as one left short).
 */
export function periodFindingCounts(
  handle: ReadModelHandle,
  filter: Pick<FindingFilter, 'region' | 'withinRegions' | 'from' | 'to'> = {},
): { periodTooShort: number; cured: number; standing: number } {
  const { db, tables } = handle;
  const where = findingWhere({ ...filter, code: 'PERIOD_TOO_SHORT' }, tables.table('cures'));
  const row = db
    .prepare(
      `SELECT COUNT(*) AS n,
              SUM(EXISTS (SELECT 1 FROM ${tables.table('cures')} c WHERE c.event_id = f.event_id AND c.rule_id = f.rule_id)) AS cured
       FROM ${tables.table('findings')} f ${where.toSql()}`,
    )
    .get(...where.params) as { n: number; cured: number | null };
  const cured = row.cured ?? 0;
  return { periodTooShort: row.n, cured, standing: row.n - cured };
}

interface ReevaluationRow {
  change: NonNullable<SupervisionFinding['reevaluation']>['change'];
  due_after: string | null;
  source: string;
  recorded_at: string;
  reevaluation_id: string;
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
  const where = findingWhere(filter, tables.table('cures'));
  return db
    .prepare(
      `SELECT ${column} AS key, COUNT(*) AS count FROM ${tables.table('findings')} f ${where.toSql()}
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

/**
 * Stages awaited past their due instant at `asOf` and not settled by then, by due instant, a page at a time
 * from `cursor` (keyset on due instant, transaction, stage; see shared/keyset.ts).
 */
export function listOpenItemsPastDue(
  handle: ReadModelHandle,
  filter: OpenItemFilter,
): ListedPage<OpenItemPastDue> {
  const { db, tables } = handle;
  const asOf = utcInstant(filter.asOf);
  const region = regionPrefix(filter.region);
  const table = tables.table('open_items');
  // Judged as of now (or any instant after the last settlement), open means unsettled: walk the partial
  // indexes of unsettled items (by region level) instead of skipping over the settled ones.
  const settledLater = db
    .prepare(
      `SELECT 1 FROM ${table} INDEXED BY ${tables.table('open_items_by_closed')} WHERE closed_at > ? LIMIT 1`,
    )
    .get(asOf);
  const p = settledLater
    ? plan([], undefined, undefined, 'due')
    : plan([], filter.region, filter.withinRegions, 'due');
  const family = settledLater ? 'by' : 'open_by';
  if (!settledLater) p.seek.add('closed_at IS NULL');
  p.seek.add('due_at < ?', asOf);
  withinRegions(p.residual, filter.withinRegions)
    .add(
      "region_code LIKE ? ESCAPE '\\'",
      region === undefined || (p.regionDone && filter.region !== undefined) ? undefined : likePrefix(region),
    )
    .add('opened_at <= ?', asOf)
    .add('(closed_at IS NULL OR closed_at > ?)', settledLater ? asOf : undefined)
    .add('domain = ?', filter.domain)
    .add('(publisher_credit_code = ? OR publisher_name = ?)', filter.publisher, filter.publisher)
    .add('awaiting = ?', filter.awaiting);
  const query: KeysetQuery = {
    db,
    table,
    alias: 'o',
    index: tables.table(`open_items_${family}_${p.index}`),
    key: ['o.due_at', 'o.transaction_id', 'o.awaiting'],
    keyShape: ['string', 'string', 'string'],
    descending: false,
    seek: p.seek,
    residual: p.residual,
    columns: 'o.*',
  };
  const page = keysetPage<OpenItemRow & Record<string, unknown>>(query, pageSize(filter), filter.cursor);
  const { total, capped } = keysetCount(query);
  return {
    items: page.rows.map((row) => ({
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
    nextCursor: page.nextCursor,
    total,
    totalCapped: capped,
  };
}

interface OpenItemRow {
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
}
