import {
  CATALOGUES,
  catalogueItemFor,
  type CatalogueDomain,
  type CatalogueEventType,
  CORRECTED_STAGE,
  CORRECTION_EVENT_TYPES,
  type CorrectableStage,
} from '@gongkai/domain';
import { decodeCursor, encodeCursor } from '../shared/keyset';
import { prepared } from '../shared/prepared';
import { pageSize, type Page, type ReadModelHandle } from '../shared/read-model-handle';
import { EVER_MISSING } from './disclosure-reports.projection';
import { beijingDay, beijingDayStart } from './coverage-counters';
import type { CatalogueItemRow } from './catalogue-items';
import { nextDay, periodRanges } from './periods';
import { likePrefix, regionPrefix, utcInstant, WhereClause } from '../shared/sql-filters';
import type {
  AnnualReport,
  CompletenessItem,
  CompletenessReport,
  CoverageFigures,
  ItemStatus,
  TimelinessDimension,
  TimelinessReport,
  TimelinessRow,
} from './report-types';

/** Scope shared by the reports: a region filter and the caller's jurisdictions. */
export interface ReportScope {
  /** GB/T 2260 code; nests (`320600` = the whole city). */
  region?: string;
  /** The caller's jurisdictions (a supervisor's regions); undefined = every region. */
  withinRegions?: readonly string[];
  domain?: string;
  /** Publisher credit code or name. */
  publisher?: string;
}

function scoped(where: WhereClause, scope: ReportScope): WhereClause {
  if (scope.withinRegions !== undefined) {
    if (scope.withinRegions.length === 0) where.add('0 = 1');
    else {
      const patterns = scope.withinRegions.map((r) => likePrefix(regionPrefix(r)!));
      where.add(`(${patterns.map(() => "region_code LIKE ? ESCAPE '\\'").join(' OR ')})`, ...patterns);
    }
  }
  const region = regionPrefix(scope.region);
  return where
    .add("region_code LIKE ? ESCAPE '\\'", region === undefined ? undefined : likePrefix(region))
    .add('domain = ?', scope.domain)
    .add('(publisher_credit_code = ? OR publisher_name = ?)', scope.publisher, scope.publisher);
}

const PUBLISHED_KEYS: Record<TimelinessDimension, string> = {
  region: 'region_code',
  domain: 'domain',
  publisher: 'publisher_credit_code',
  month: 'substr(period, 1, 7)',
};

/**
 * Rows of a day/month/year counts table (`publications`, `coverage`; periods.ts) for the Beijing days
 * [from, to) (`from` undefined: since the first) in `scope`, grouped by `key`: each range of periods is one
 * seek of the table's primary key (level, period, ...), so the rows read are bounded by the calendar, however
 * many days the store covers. `monthly`: never whole years (a year's count has no month).
 */
function periodSums<Row>(
  handle: ReadModelHandle,
  table: string,
  scope: ReportScope,
  days: { from?: string; to: string },
  select: { key: string; columns: readonly string[]; sums: string },
  monthly = false,
): Row[] {
  const ranges = periodRanges(days.from, days.to).flatMap((range) =>
    monthly && range.level === 'Y'
      ? [{ level: 'M' as const, from: range.from === '' ? '' : `${range.from}-01`, to: `${range.to}-01` }]
      : [range],
  );
  if (ranges.length === 0) return [];
  const branches: string[] = [];
  const params: unknown[] = [];
  for (const range of ranges) {
    const where = scoped(new WhereClause(), scope)
      .add('level = ?', range.level)
      .add('period >= ?', range.from)
      .add('period < ?', range.to);
    branches.push(
      `SELECT ${select.key} AS key, ${select.columns.join(', ')} FROM ${handle.tables.table(table)} ${where.toSql()}`,
    );
    params.push(...where.params);
  }
  return handle.db
    .prepare(`SELECT key, ${select.sums} FROM (${branches.join(' UNION ALL ')}) GROUP BY 1`)
    .all(...params) as Row[];
}

const MISSING_KEYS: Record<TimelinessDimension, string> = {
  region: 'region_code',
  domain: 'domain',
  publisher: 'publisher_credit_code',
  month: "strftime('%Y-%m', missing_since, '+8 hours')",
};

/** The SQL deciding an item's status at `?` (asOf, bound twice). */
const STATUS_SQL = `CASE
  WHEN published_at IS NOT NULL AND published_at <= ? THEN (CASE WHEN late = 1 THEN 'late' ELSE 'onTime' END)
  WHEN missing_since IS NOT NULL AND missing_since <= ? THEN 'missing'
  ELSE 'pending' END`;

/**
 * Disclosures on time and late (published in [from, to)) and catalogue items missing at `asOf` (fallen due in
 * [from, to)), grouped by region, domain, publisher or Beijing month.
 */
export function timelinessReport(
  handle: ReadModelHandle,
  filter: ReportScope & { asOf: string; from?: string; to?: string; groupBy: TimelinessDimension },
): TimelinessReport {
  const { db, tables } = handle;
  const asOf = utcInstant(filter.asOf);
  // Added up from the daily counts: `from`, `to` and `asOf` count by Beijing day (the API's dates are days).
  const from = utcInstant(filter.from);
  const to = utcInstant(filter.to);
  // Days up to asOf's, from `from`'s, before `to`'s.
  const afterAsOf = nextDay(beijingDay(asOf));
  const until = to === undefined || afterAsOf < beijingDay(to) ? afterAsOf : beijingDay(to);
  const publishedRows = periodSums<{ key: string; name: string; published: number; late: number }>(
    handle,
    'publications',
    filter,
    { from: from === undefined ? undefined : beijingDay(from), to: until },
    {
      key: PUBLISHED_KEYS[filter.groupBy],
      columns: ['publisher_name', 'published', 'late'],
      sums: 'MAX(publisher_name) AS name, SUM(published) AS published, SUM(late) AS late',
    },
    filter.groupBy === 'month',
  );
  const missing = scoped(new WhereClause().add(EVER_MISSING), filter)
    .add('missing_since <= ?', asOf)
    .add('(published_at IS NULL OR published_at > ?)', asOf)
    .add('missing_since >= ?', utcInstant(filter.from))
    .add('missing_since < ?', utcInstant(filter.to));
  const missingRows = db
    .prepare(
      `SELECT ${MISSING_KEYS[filter.groupBy]} AS key, MAX(publisher_name) AS name, COUNT(*) AS missing
       FROM ${tables.table('catalogue_items')} ${missing.toSql()} GROUP BY 1`,
    )
    .all(...missing.params) as Array<{ key: string; name: string; missing: number }>;

  const rows = new Map<string, TimelinessRow>();
  const row = (k: string, name: string) => {
    let found = rows.get(k);
    if (!found) {
      found = {
        key: k,
        ...(filter.groupBy === 'publisher' ? { name } : {}),
        published: 0,
        onTime: 0,
        late: 0,
        missing: 0,
      };
      rows.set(k, found);
    }
    return found;
  };
  for (const r of publishedRows) {
    const target = row(r.key, r.name);
    target.published = r.published;
    target.late = r.late;
    target.onTime = r.published - r.late;
  }
  for (const r of missingRows) row(r.key, r.name).missing = r.missing;
  const sorted = [...rows.values()].sort((a, b) => a.key.localeCompare(b.key));
  const totals = sorted.reduce(
    (sum, r) => ({
      published: sum.published + r.published,
      onTime: sum.onTime + r.onTime,
      late: sum.late + r.late,
      missing: sum.missing + r.missing,
    }),
    { published: 0, onTime: 0, late: 0, missing: 0 },
  );
  return { asOf, groupBy: filter.groupBy, rows: sorted, totals };
}

function figures(counts: Partial<Record<ItemStatus, number>>): CoverageFigures {
  const onTime = counts.onTime ?? 0;
  const late = counts.late ?? 0;
  const missing = counts.missing ?? 0;
  const due = onTime + late + missing;
  return {
    due,
    onTime,
    late,
    missing,
    pending: counts.pending ?? 0,
    coverage: due === 0 ? 1 : Math.round(((onTime + late) / due) * 10_000) / 10_000,
  };
}

type GroupColumn = 'catalogue_id' | 'publisher_credit_code';
type GroupCount = { key: string; name: string } & Record<ItemStatus, number>;
const ITEM_STATUSES = ['onTime', 'late', 'missing', 'pending'] as const;

/** One transaction's items, judged one by one (a handful of rows). */
function itemCounts(
  handle: ReadModelHandle,
  filter: ReportScope & { transactionId: string },
  asOf: string,
  column: GroupColumn,
): GroupCount[] {
  const { db, tables } = handle;
  const where = scoped(new WhereClause(), filter).add('transaction_id = ?', filter.transactionId);
  const rows = db
    .prepare(
      `SELECT ${column} AS key, MAX(publisher_name) AS name, ${STATUS_SQL} AS status, COUNT(*) AS n
       FROM ${tables.table('catalogue_items')} ${where.toSql()} GROUP BY 1, 3`,
    )
    .all(asOf, asOf, ...where.params) as Array<{ key: string; name: string; status: ItemStatus; n: number }>;
  return rows.map((r) => ({
    key: r.key,
    name: r.name,
    onTime: 0,
    late: 0,
    missing: 0,
    pending: 0,
    [r.status]: r.n,
  }));
}

/**
 * Item counts of a whole scope at `asOf`: the daily counters (coverage-counters.ts) of the days before `asOf`'s
 * Beijing day, plus the items whose publication or due instant falls in that day up to `asOf`, judged one by one.
 */
function coverageCounts(
  handle: ReadModelHandle,
  filter: ReportScope,
  asOf: string,
  column: GroupColumn,
): GroupCount[] {
  const { db, tables } = handle;
  const dayStart = beijingDayStart(asOf);
  // The days before asOf's (the items' own counts are year '', before every other period).
  const counted = periodSums<{
    key: string;
    name: string;
    items: number;
    onTime: number;
    late: number;
    missing: number;
  }>(
    handle,
    'coverage',
    filter,
    { to: beijingDay(asOf) },
    {
      key: column,
      columns: ['publisher_name', 'items', 'on_time', 'late', 'missing_from', 'missing_to'],
      sums: `MAX(publisher_name) AS name, SUM(items) AS items, SUM(on_time) AS onTime, SUM(late) AS late,
        SUM(missing_from) - SUM(missing_to) AS missing`,
    },
  );
  const items = tables.table('catalogue_items');
  const published = scoped(new WhereClause(), filter)
    .add('published_at IS NOT NULL')
    .add('published_at >= ?', dayStart)
    .add('published_at <= ?', asOf);
  const publishedToday = db
    .prepare(
      `SELECT ${column} AS key, MAX(publisher_name) AS name, SUM(late = 0) AS onTime, SUM(late = 1) AS late,
         SUM(${EVER_MISSING}) AS missingTo
       FROM ${items} ${published.toSql()} GROUP BY 1`,
    )
    .all(...published.params) as Array<{
    key: string;
    name: string;
    onTime: number;
    late: number;
    missingTo: number;
  }>;
  const fallen = scoped(new WhereClause().add(EVER_MISSING), filter)
    .add('missing_since >= ?', dayStart)
    .add('missing_since <= ?', asOf);
  const fallenToday = db
    .prepare(
      `SELECT ${column} AS key, MAX(publisher_name) AS name, COUNT(*) AS missingFrom
       FROM ${items} ${fallen.toSql()} GROUP BY 1`,
    )
    .all(...fallen.params) as Array<{ key: string; name: string; missingFrom: number }>;
  const groups = new Map<string, GroupCount & { items: number }>();
  const group = (key: string, name: string) => {
    let found = groups.get(key);
    if (!found) {
      found = { key, name, items: 0, onTime: 0, late: 0, missing: 0, pending: 0 };
      groups.set(key, found);
    }
    return found;
  };
  for (const r of counted) Object.assign(group(r.key, r.name), r);
  for (const r of publishedToday) {
    const g = group(r.key, r.name);
    g.onTime += r.onTime;
    g.late += r.late;
    g.missing -= r.missingTo;
  }
  for (const r of fallenToday) group(r.key, r.name).missing += r.missingFrom;
  return [...groups.values()]
    .map(({ items: total, ...g }) => ({ ...g, pending: total - g.onTime - g.late - g.missing }))
    .filter((g) => total(g) > 0);
}

const total = (g: GroupCount) => g.onTime + g.late + g.missing + g.pending;

/**
 * For each transaction and publisher, which items of the jurisdiction's catalogue were due by `asOf`, and
 * which were published on time, late or not at all; coverage per catalogue. Transactions are paged.
 */
export function completenessReport(
  handle: ReadModelHandle,
  filter: ReportScope & Page & { asOf: string; transactionId?: string },
): CompletenessReport {
  const { db, tables } = handle;
  const asOf = utcInstant(filter.asOf);
  const table = tables.table('catalogue_items');
  const grouped = (column: GroupColumn) =>
    filter.transactionId === undefined
      ? coverageCounts(handle, filter, asOf, column)
      : itemCounts(handle, { ...filter, transactionId: filter.transactionId }, asOf, column);
  const collect = (rows: GroupCount[]) => {
    const byKey = new Map<string, { name: string; counts: Partial<Record<ItemStatus, number>> }>();
    for (const r of rows) {
      const entry = byKey.get(r.key) ?? { name: r.name, counts: {} };
      for (const status of ITEM_STATUSES) entry.counts[status] = (entry.counts[status] ?? 0) + r[status];
      byKey.set(r.key, entry);
    }
    return [...byKey].sort(([a], [b]) => a.localeCompare(b));
  };
  const catalogues = collect(grouped('catalogue_id')).map(([catalogueId, entry]) => {
    const name = CATALOGUES.find((c) => c.id === catalogueId)?.name;
    return { catalogueId, ...(name ? { name } : {}), ...figures(entry.counts) };
  });
  const publishers = collect(grouped('publisher_credit_code')).map(([creditCode, entry]) => ({
    creditCode,
    name: entry.name,
    ...figures(entry.counts),
  }));
  const allCounts: Partial<Record<ItemStatus, number>> = {};
  for (const c of catalogues) {
    for (const status of ['onTime', 'late', 'missing', 'pending'] as const) {
      allCounts[status] = (allCounts[status] ?? 0) + c[status];
    }
  }

  const limit = pageSize(filter);
  // Transactions page by keyset on (district, id), walking the (region_code, transaction_id) index from the
  // region's first code: ordered by id alone, a region's first page scanned every transaction of the regions
  // whose ids sort before it (190 ms at 1M events, growing with the store). Never by offset (shared/keyset.ts).
  const pageWhere = scoped(new WhereClause(), filter).add('transaction_id = ?', filter.transactionId);
  const region = regionPrefix(filter.region);
  // The prefix as a range the index answers (LIKE cannot use it); region codes are digits, ':' follows '9'.
  // After a cursor the row value is the lower bound: SQLite seeks on it only when it is the only one.
  if (region !== undefined) pageWhere.add('region_code < ?', `${region}:`);
  if (filter.cursor !== undefined)
    pageWhere.add(
      '(region_code, transaction_id) > (?, ?)',
      ...decodeCursor(filter.cursor, ['string', 'string']),
    );
  else if (region !== undefined) pageWhere.add('region_code >= ?', region);
  const found = db
    .prepare(
      `SELECT DISTINCT region_code AS region, transaction_id AS id FROM ${table} ${pageWhere.toSql()}
       ORDER BY region_code, transaction_id LIMIT ?`,
    )
    .all(...pageWhere.params, limit + 1) as Array<{ region: string; id: string }>;
  const ids = found.slice(0, limit).map((r) => r.id);
  const last = found[limit - 1];
  const nextCursor = found.length > limit && last ? encodeCursor([last.region, last.id]) : null;
  // One statement for the page's transactions, compiled once per connection.
  const itemsOf = prepared(
    db,
    `SELECT *, ${STATUS_SQL} AS status FROM ${table} WHERE transaction_id = ? ORDER BY round, seq`,
  );
  const items = ids.map((transactionId) => {
    const rows = itemsOf.all(asOf, asOf, transactionId) as Array<CatalogueItemRow & { status: ItemStatus }>;
    const first = rows[0]!;
    const counts: Partial<Record<ItemStatus, number>> = {};
    for (const r of rows) counts[r.status] = (counts[r.status] ?? 0) + 1;
    return {
      transactionId,
      domain: first.domain,
      regionCode: first.region_code,
      publisher: { name: first.publisher_name, creditCode: first.publisher_credit_code },
      figures: figures(counts),
      items: rows.map((r): CompletenessItem => {
        const title = catalogueItemFor(
          r.region_code,
          r.event_type as CatalogueEventType,
          r.domain as CatalogueDomain,
        )?.item.title;
        const shown = r.published_at !== null && r.published_at <= asOf;
        return {
          eventType: r.event_type,
          round: r.round,
          catalogueId: r.catalogue_id,
          ...(title ? { title } : {}),
          expected: r.expected === 1,
          status: r.status,
          ...(shown ? { publishedAt: r.published_at! } : {}),
          ...(r.due_at ? { dueAt: r.due_at } : {}),
          ...(r.missing_since && r.status === 'missing' ? { missingSince: r.missing_since } : {}),
        };
      }),
    };
  });
  return {
    asOf,
    totals: figures(allCounts),
    catalogues,
    publishers,
    transactions: { limit, nextCursor, items },
  };
}

/** The Beijing calendar year as UTC bounds [start, end). */
export function beijingYear(year: number): { start: string; end: string } {
  return {
    start: new Date(Date.parse(`${year}-01-01T00:00:00+08:00`)).toISOString(),
    end: new Date(Date.parse(`${year + 1}-01-01T00:00:00+08:00`)).toISOString(),
  };
}

/** Figures of one Beijing calendar year for the 政府信息公开工作年度报告 (see docs/reports.md). */
export function annualReport(
  handle: ReadModelHandle,
  filter: Pick<ReportScope, 'region' | 'withinRegions'> & { year: number; now: string },
): AnnualReport {
  const { db, tables } = handle;
  const { start, end } = beijingYear(filter.year);
  const now = utcInstant(filter.now);
  const asOf = now < end ? now : end;
  // Added up from the year's counts (periods.ts): one period, however many days the store covers.
  const year = String(filter.year);
  const where = scoped(new WhereClause(), filter).add("level = 'Y' AND period = ?", year);
  const byType = (
    db
      .prepare(
        `SELECT domain, event_type AS eventType, SUM(published) AS count, SUM(late) AS late
         FROM ${tables.table('publications')} ${where.toSql()} GROUP BY domain, event_type ORDER BY domain, event_type`,
      )
      .all(...where.params) as Array<{ domain: string; eventType: string; count: number; late: number }>
  ).map((r) => ({ ...r, domain: r.domain === '' ? null : r.domain }));
  const outcomes = db
    .prepare(
      `SELECT outcome, SUM(published) AS n FROM ${tables.table('publications')} ${where.toSql()}
       AND event_type = 'ComplaintDecided' GROUP BY outcome`,
    )
    .all(...where.params) as Array<{ outcome: string; n: number }>;
  const missingWhere = scoped(new WhereClause().add(EVER_MISSING), filter)
    .add('missing_since >= ?', start)
    .add('missing_since < ?', asOf)
    .add('(published_at IS NULL OR published_at > ?)', asOf);
  const missing = (
    db
      .prepare(`SELECT COUNT(*) AS n FROM ${tables.table('catalogue_items')} ${missingWhere.toSql()}`)
      .get(...missingWhere.params) as { n: number }
  ).n;
  const decisionsWhere = scoped(new WhereClause(), filter).add('year = ?', year);
  const decided = Object.fromEntries(
    (
      db
        .prepare(
          `SELECT event_type AS eventType, SUM(decided) AS n FROM ${tables.table('decisions')}
           ${decisionsWhere.toSql()} GROUP BY event_type`,
        )
        .all(...decisionsWhere.params) as Array<{ eventType: string; n: number }>
    ).map((r) => [r.eventType, r.n]),
  );
  const count = (type: string) => byType.filter((r) => r.eventType === type).reduce((s, r) => s + r.count, 0);
  const published = byType.reduce((s, r) => s + r.count, 0);
  const late = byType.reduce((s, r) => s + r.late, 0);
  const byOutcome = Object.fromEntries(outcomes.map((o) => [o.outcome || 'unknown', o.n]));
  return {
    year: filter.year,
    ...(filter.region ? { region: filter.region } : {}),
    asOf,
    proactive: { total: published, byCategory: byType },
    timeliness: { published, onTime: published - late, late, missing },
    corrections: CORRECTION_EVENT_TYPES.reduce((sum, type) => sum + count(type), 0),
    correctionsByStage: Object.fromEntries(
      CORRECTION_EVENT_TYPES.map((type) => [CORRECTED_STAGE[type], count(type)]),
    ) as Record<CorrectableStage, number>,
    complaintDecisions: { total: count('ComplaintDecided'), byOutcome },
    penalties: decided['PenaltyImposed'] ?? 0,
    licences: decided['LicenceGranted'] ?? 0,
    blacklistEntries: count('BlacklistEntered'),
    creditRecords: count('CreditRecorded'),
    standaloneDisclosures: {
      published: count('DisclosurePublished'),
      amended: count('DisclosureAmended'),
    },
  };
}
