import type Database from 'better-sqlite3';
import { isTransactionEventType, parseStreamId } from '@gongkai/domain';
import type { RecordedEvent } from '@gongkai/event-store';
import type { ProjectionTables, SqlProjection } from '../../runner/projection';
import { statementsOf } from '../shared/prepared';
import { storedDomainEvent } from '../shared/stored-event';
import { utcInstant } from '../shared/sql-filters';
import { storedFindingsOf } from '../supervision-findings/stored-finding';
import { trackCatalogueItems } from './catalogue-items';
import { beijingDay, createCoverageTable } from './coverage-counters';
import { LATE_CODES } from './expected-items';

export const DISCLOSURE_REPORTS = 'disclosure-reports';

/**
 * Items missing at some instant: fallen due before they were published, or never published. An item published
 * by its due date is never missing, whatever the `asOf`, so the missing-items index leaves it out (queries
 * repeat this condition so SQLite uses the partial index).
 */
export const EVER_MISSING =
  'missing_since IS NOT NULL AND (published_at IS NULL OR published_at > missing_since)';

export { beijingDay };

/**
 * What the supervisors' reports count (GET /v1/reports/...): disclosures on time and late per region, domain,
 * event type, publisher and Beijing day, month and year (`publications`, see periods.ts), decisions per year,
 * and per transaction round the items its jurisdiction's catalogue expects, with when each was published or
 * fell due (catalogue-items.ts). Whether an item is missing is judged at query time (`missing_since <= asOf`
 * and not published by then), so `apply` reads no clock.
 */
export const disclosureReportsProjection: SqlProjection = {
  name: DISCLOSURE_REPORTS,
  // 5: counts per day, month and year (`publications`, `decisions` by year) instead of per day only, so a
  // report reads a bounded number of rows; no row per disclosure (nothing queried it); catalogue items
  // written once per event, stored by their key (a round's items are one range), listed by `seq`; their
  // counts per day, month and year (`coverage`).
  version: 5,
  tableNames: ['publications', 'decisions', 'rounds', 'catalogue_items', 'coverage'],
  retiredTableNames: ['disclosures', 'daily', 'coverage_daily'],
  // apply reads and writes catalogue items by primary key only.
  queryIndexes: ['catalogue_items_by_region', 'catalogue_items_ever_missing', 'catalogue_items_by_published'],

  setup(db: Database.Database, t: ProjectionTables): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${t.table('publications')} (
        level TEXT NOT NULL,
        period TEXT NOT NULL,
        region_code TEXT NOT NULL,
        domain TEXT NOT NULL,
        event_type TEXT NOT NULL,
        publisher_credit_code TEXT NOT NULL,
        outcome TEXT NOT NULL,
        publisher_name TEXT NOT NULL,
        published INTEGER NOT NULL,
        late INTEGER NOT NULL,
        PRIMARY KEY (level, period, region_code, domain, event_type, publisher_credit_code, outcome)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS ${t.table('decisions')} (
        year TEXT NOT NULL,
        region_code TEXT NOT NULL,
        event_type TEXT NOT NULL,
        decided INTEGER NOT NULL,
        PRIMARY KEY (year, region_code, event_type)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS ${t.table('rounds')} (
        transaction_id TEXT PRIMARY KEY,
        round INTEGER NOT NULL,
        domain TEXT NOT NULL,
        region_code TEXT NOT NULL,
        publisher_name TEXT NOT NULL,
        publisher_credit_code TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS ${t.table('catalogue_items')} (
        transaction_id TEXT NOT NULL,
        round INTEGER NOT NULL,
        event_type TEXT NOT NULL,
        domain TEXT NOT NULL,
        region_code TEXT NOT NULL,
        publisher_name TEXT NOT NULL,
        publisher_credit_code TEXT NOT NULL,
        catalogue_id TEXT NOT NULL,
        expected INTEGER NOT NULL,
        published_at TEXT,
        published_position INTEGER,
        late INTEGER NOT NULL DEFAULT 0,
        due_at TEXT,
        superseded_at TEXT,
        missing_since TEXT,
        seq INTEGER NOT NULL,
        PRIMARY KEY (transaction_id, round, event_type)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS ${t.table('catalogue_items_by_region')} ON ${t.table('catalogue_items')} (region_code, transaction_id);
      CREATE INDEX IF NOT EXISTS ${t.table('catalogue_items_ever_missing')} ON ${t.table('catalogue_items')} (missing_since) WHERE ${EVER_MISSING};
      CREATE INDEX IF NOT EXISTS ${t.table('catalogue_items_by_published')} ON ${t.table('catalogue_items')} (published_at) WHERE published_at IS NOT NULL;
    `);
    createCoverageTable(db, t);
  },

  apply(db: Database.Database, t: ProjectionTables, recorded: RecordedEvent): void {
    const stream = parseStreamId(recorded.streamId);
    if (!stream) return;
    const event = storedDomainEvent(recorded);
    if (!event) return;
    const late = storedFindingsOf(recorded.metadata).some((f) => LATE_CODES.includes(f.code));
    const data = event.data as { domain?: string; outcome?: string; decidedOn?: unknown };
    const publishedAt = utcInstant(event.metadata.publishedAt);
    const s = sql(db, t);
    // Counts per Beijing day, month and year, so the reports add up a few periods instead of every disclosure.
    const key = [
      event.metadata.regionCode,
      data.domain ?? '',
      event.type,
      event.metadata.publisher.creditCode,
      event.type === 'ComplaintDecided' ? (data.outcome ?? '') : '',
      event.metadata.publisher.name,
      late ? 1 : 0,
    ] as const;
    const day = beijingDay(publishedAt);
    const { published } = s.publishedOnDay.get(day, ...key) as { published: number };
    // A period's publisher name is the greatest of its days' (each day's is its first disclosure's), as
    // the report over those days would answer.
    const newDay = published === 1 ? 1 : 0;
    s.publishedInPeriod.run('M', day.slice(0, 7), ...key, newDay);
    s.publishedInPeriod.run('Y', day.slice(0, 4), ...key, newDay);
    // Decisions by the year they were made: the annual report counts 本年处理决定数量, not publications.
    if (typeof data.decidedOn === 'string')
      s.decided.run(data.decidedOn.slice(0, 4), event.metadata.regionCode, event.type);
    if (stream.kind === 'transaction' && isTransactionEventType(event.type)) {
      trackCatalogueItems(db, t, recorded, event, stream.transactionId, late, publishedAt);
    }
  },
};

const sql = statementsOf((t: ProjectionTables) => {
  const publications = t.table('publications');
  const columns = `level, period, region_code, domain, event_type, publisher_credit_code, outcome, publisher_name,
    published, late`;
  return {
    publishedOnDay: `INSERT INTO ${publications} (${columns}) VALUES ('D', ?, ?, ?, ?, ?, ?, ?, 1, ?)
      ON CONFLICT DO UPDATE SET published = published + 1, late = late + excluded.late RETURNING published`,
    publishedInPeriod: `INSERT INTO ${publications} (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
      ON CONFLICT DO UPDATE SET published = published + 1, late = late + excluded.late,
        publisher_name = CASE WHEN ? THEN MAX(publisher_name, excluded.publisher_name) ELSE publisher_name END`,
    decided: `INSERT INTO ${t.table('decisions')} (year, region_code, event_type, decided) VALUES (?, ?, ?, 1)
      ON CONFLICT DO UPDATE SET decided = decided + 1`,
  };
});
