import type Database from 'better-sqlite3';
import {
  catalogueItemFor,
  isTransactionEventType,
  parseStreamId,
  type CatalogueDomain,
  type CatalogueEventType,
  type DomainEvent,
} from '@gongkai/domain';
import type { RecordedEvent } from '@gongkai/event-store';
import type { ProjectionTables, SqlProjection } from '../../runner/projection';
import { prepared } from '../shared/prepared';
import { storedDomainEvent } from '../shared/stored-event';
import { utcInstant } from '../shared/sql-filters';
import { storedFindingsOf } from '../supervision-findings/stored-finding';
import { beijingDay, changingItem, createCoverageTable } from './coverage-counters';
import {
  dueDateSet,
  isLifecycleStage,
  LATE_CODES,
  LIFECYCLE_STAGES,
  stageIndex,
  type LifecycleStage,
} from './expected-items';

export const DISCLOSURE_REPORTS = 'disclosure-reports';

/**
 * Items missing at some instant: fallen due before they were published, or never published. An item published
 * by its due date is never missing, whatever the `asOf`, so the missing-items index leaves it out (queries
 * repeat this condition so SQLite uses the partial index).
 */
export const EVER_MISSING =
  'missing_since IS NOT NULL AND (published_at IS NULL OR published_at > missing_since)';

/** The Beijing calendar month (`2026-03`) of a UTC instant: reports count by the month people see. */
export function beijingMonth(utc: string): string {
  return new Date(Date.parse(utc) + 8 * 3600_000).toISOString().slice(0, 7);
}

export { beijingDay };

/**
 * What the supervisors' reports count (GET /v1/reports/...): one row per disclosure (on time or late, by
 * region, domain, publisher and Beijing month), and per transaction round the items its jurisdiction's
 * catalogue expects, with when each was published or fell due. Whether an item is missing is judged at
 * query time (`missing_since <= asOf` and not published by then), so `apply` reads no clock.
 */
export const disclosureReportsProjection: SqlProjection = {
  name: DISCLOSURE_REPORTS,
  version: 4,
  tableNames: ['disclosures', 'daily', 'decisions', 'rounds', 'catalogue_items', 'coverage_daily'],

  setup(db: Database.Database, t: ProjectionTables): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${t.table('disclosures')} (
        event_id TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        stream_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        transaction_id TEXT,
        event_type TEXT NOT NULL,
        domain TEXT,
        region_code TEXT NOT NULL,
        publisher_name TEXT NOT NULL,
        publisher_credit_code TEXT NOT NULL,
        published_at TEXT NOT NULL,
        month TEXT NOT NULL,
        late INTEGER NOT NULL,
        finding_codes TEXT NOT NULL,
        outcome TEXT
      );
      CREATE INDEX IF NOT EXISTS ${t.table('disclosures_by_region')} ON ${t.table('disclosures')} (region_code, published_at);
      CREATE INDEX IF NOT EXISTS ${t.table('disclosures_by_date')} ON ${t.table('disclosures')} (published_at);
      CREATE TABLE IF NOT EXISTS ${t.table('daily')} (
        region_code TEXT NOT NULL,
        domain TEXT NOT NULL,
        event_type TEXT NOT NULL,
        publisher_credit_code TEXT NOT NULL,
        day TEXT NOT NULL,
        outcome TEXT NOT NULL,
        publisher_name TEXT NOT NULL,
        published INTEGER NOT NULL,
        late INTEGER NOT NULL,
        PRIMARY KEY (region_code, domain, event_type, publisher_credit_code, day, outcome)
      );
      CREATE TABLE IF NOT EXISTS ${t.table('decisions')} (
        region_code TEXT NOT NULL,
        event_type TEXT NOT NULL,
        day TEXT NOT NULL,
        decided INTEGER NOT NULL,
        PRIMARY KEY (region_code, event_type, day)
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
        PRIMARY KEY (transaction_id, round, event_type)
      );
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
    const late = storedFindingsOf(recorded.metadata).filter((f) => LATE_CODES.includes(f.code));
    const codes = [...new Set(storedFindingsOf(recorded.metadata).map((f) => f.code))];
    const data = event.data as { domain?: string; transactionId?: string; outcome?: string };
    const transactionId = stream.kind === 'transaction' ? stream.transactionId : data.transactionId;
    const publishedAt = utcInstant(event.metadata.publishedAt);
    const disclosed = prepared(
      db,
      `INSERT OR IGNORE INTO ${t.table('disclosures')}
        (event_id, position, stream_id, kind, transaction_id, event_type, domain, region_code, publisher_name,
         publisher_credit_code, published_at, month, late, finding_codes, outcome)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      recorded.id,
      recorded.position,
      recorded.streamId,
      stream.kind,
      transactionId ?? null,
      event.type,
      data.domain ?? null,
      event.metadata.regionCode,
      event.metadata.publisher.name,
      event.metadata.publisher.creditCode,
      publishedAt,
      beijingMonth(publishedAt),
      late.length > 0 ? 1 : 0,
      codes.join(','),
      event.type === 'ComplaintDecided' ? (data.outcome ?? null) : null,
    );
    // Counts per Beijing day, so the reports add up days instead of scanning every disclosure.
    if (disclosed.changes > 0) {
      prepared(
        db,
        `INSERT INTO ${t.table('daily')}
          (region_code, domain, event_type, publisher_credit_code, day, outcome, publisher_name, published, late)
         VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)
         ON CONFLICT DO UPDATE SET published = published + 1, late = late + excluded.late`,
      ).run(
        event.metadata.regionCode,
        data.domain ?? '',
        event.type,
        event.metadata.publisher.creditCode,
        beijingDay(publishedAt),
        event.type === 'ComplaintDecided' ? (data.outcome ?? '') : '',
        event.metadata.publisher.name,
        late.length > 0 ? 1 : 0,
      );
      // Decisions by the day they were made: the annual report counts 本年处理决定数量, not publications.
      const decidedOn = (event.data as { decidedOn?: unknown }).decidedOn;
      if (typeof decidedOn === 'string') {
        prepared(
          db,
          `INSERT INTO ${t.table('decisions')} (region_code, event_type, day, decided) VALUES (?, ?, ?, 1)
           ON CONFLICT DO UPDATE SET decided = decided + 1`,
        ).run(event.metadata.regionCode, event.type, decidedOn);
      }
    }
    if (stream.kind === 'transaction' && isTransactionEventType(event.type)) {
      trackCatalogueItems(db, t, recorded, event, stream.transactionId, late.length > 0, publishedAt);
    }
  },
};

interface RoundRow {
  round: number;
  domain: string;
  region_code: string;
  publisher_name: string;
  publisher_credit_code: string;
}

function trackCatalogueItems(
  db: Database.Database,
  t: ProjectionTables,
  recorded: RecordedEvent,
  event: DomainEvent,
  transactionId: string,
  late: boolean,
  publishedAt: string,
): void {
  const items = t.table('catalogue_items');
  const domain = (event.data as { domain: CatalogueDomain }).domain;
  let round = prepared(db, `SELECT * FROM ${t.table('rounds')} WHERE transaction_id = ?`).get(
    transactionId,
  ) as RoundRow | undefined;
  if (event.type === 'AnnouncementPublished') {
    // A new round: what the catalogue expects of it, attributed to the announcing publisher (谁实施谁公开).
    round = {
      round: (round?.round ?? 0) + 1,
      domain,
      region_code: event.metadata.regionCode,
      publisher_name: event.metadata.publisher.name,
      publisher_credit_code: event.metadata.publisher.creditCode,
    };
    prepared(
      db,
      `INSERT OR REPLACE INTO ${t.table('rounds')}
        (transaction_id, round, domain, region_code, publisher_name, publisher_credit_code) VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(
      transactionId,
      round.round,
      domain,
      round.region_code,
      round.publisher_name,
      round.publisher_credit_code,
    );
    for (const stage of LIFECYCLE_STAGES) {
      const resolved = catalogueItemFor(round.region_code, stage, domain);
      if (!resolved) continue;
      const opened = round;
      changingItem(db, t, [transactionId, opened.round, stage], () =>
        prepared(
          db,
          `INSERT OR IGNORE INTO ${items}
          (transaction_id, round, event_type, domain, region_code, publisher_name, publisher_credit_code,
           catalogue_id, expected)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`,
        ).run(
          transactionId,
          opened.round,
          stage,
          domain,
          opened.region_code,
          opened.publisher_name,
          opened.publisher_credit_code,
          resolved.catalogueId,
        ),
      );
    }
  }
  // An event before any announcement (the decider refuses it; a hand-written store might hold one) has no round.
  if (!round) return;

  if (event.type === 'TransactionTerminated') {
    // The round ends: what was not yet due is no longer expected; what had already fallen due stays missing.
    const withdrawn = prepared(
      db,
      `SELECT event_type FROM ${items} WHERE transaction_id = ? AND round = ? AND published_at IS NULL
         AND (missing_since IS NULL OR missing_since > ?)`,
    ).all(transactionId, round.round, publishedAt) as Array<{ event_type: string }>;
    for (const { event_type } of withdrawn) {
      changingItem(db, t, [transactionId, round.round, event_type], () =>
        prepared(db, `DELETE FROM ${items} WHERE transaction_id = ? AND round = ? AND event_type = ?`).run(
          transactionId,
          round.round,
          event_type,
        ),
      );
    }
  }

  const existing = prepared(
    db,
    `SELECT published_at FROM ${items} WHERE transaction_id = ? AND round = ? AND event_type = ?`,
  ).get(transactionId, round.round, event.type) as { published_at: string | null } | undefined;
  if (existing) {
    if (existing.published_at === null) {
      changingItem(db, t, [transactionId, round.round, event.type], () =>
        prepared(
          db,
          `UPDATE ${items} SET published_at = ?, published_position = ?, late = ?
           WHERE transaction_id = ? AND round = ? AND event_type = ?`,
        ).run(publishedAt, recorded.position, late ? 1 : 0, transactionId, round.round, event.type),
      );
    }
  } else {
    const resolved = catalogueItemFor(round.region_code, event.type as CatalogueEventType, domain);
    if (resolved) {
      const current = round;
      changingItem(db, t, [transactionId, current.round, event.type], () =>
        prepared(
          db,
          `INSERT INTO ${items}
          (transaction_id, round, event_type, domain, region_code, publisher_name, publisher_credit_code,
           catalogue_id, expected, published_at, published_position, late)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
        ).run(
          transactionId,
          current.round,
          event.type,
          domain,
          current.region_code,
          current.publisher_name,
          current.publisher_credit_code,
          resolved.catalogueId,
          publishedAt,
          recorded.position,
          late ? 1 : 0,
        ),
      );
    }
  }

  if (isLifecycleStage(event.type)) {
    // Every earlier stage still unpublished was skipped: it is missing from this publication on.
    const earlier = LIFECYCLE_STAGES.slice(0, stageIndex(event.type as LifecycleStage));
    for (const stage of earlier) {
      changingItem(
        db,
        t,
        [transactionId, round.round, stage],
        () =>
          prepared(
            db,
            `UPDATE ${items} SET superseded_at = COALESCE(superseded_at, ?),
             missing_since = MIN(COALESCE(missing_since, ?), ?)
           WHERE transaction_id = ? AND round = ? AND event_type = ? AND published_at IS NULL`,
          ).run(publishedAt, publishedAt, publishedAt, transactionId, round.round, stage),
        { unpublishedOnly: true },
      );
    }
  }

  const due = dueDateSet(event);
  if (due) {
    for (const stage of due.stages) {
      const row = prepared(
        db,
        `SELECT 1 FROM ${items} WHERE transaction_id = ? AND round = ? AND event_type = ?`,
      ).get(transactionId, round.round, stage);
      if (!row) continue;
      const dueAt = utcInstant(due.dueAt);
      changingItem(
        db,
        t,
        [transactionId, round.round, stage],
        () =>
          prepared(
            db,
            `UPDATE ${items} SET due_at = COALESCE(due_at, ?), missing_since = MIN(COALESCE(missing_since, ?), ?)
           WHERE transaction_id = ? AND round = ? AND event_type = ? AND published_at IS NULL`,
          ).run(dueAt, dueAt, dueAt, transactionId, round.round, stage),
        { unpublishedOnly: true },
      );
      break;
    }
  }
}
