import type Database from 'better-sqlite3';
import { isTransactionEventType, parseStreamId, toPublicView, type DomainEvent } from '@gongkai/domain';
import type { RecordedEvent } from '@gongkai/event-store';
import type { ProjectionTables, SqlProjection } from '../../runner/projection';
import { statementsOf } from '../shared/prepared';
import { storedDomainEvent } from '../shared/stored-event';
import { REGION_LEVEL_COLUMNS, REGION_LEVEL_INSERT, utcInstant } from '../shared/sql-filters';
import { keyDatesOf, stageAfter, titleOf } from './transaction-summary';

export const PUBLIC_DISCLOSURE = 'public-disclosure';

/**
 * 公开 view of every transaction: one row per transaction (stage, domain, region, publisher, title, key dates)
 * and one row per disclosure: a reference to the stored event (position, id, type) with what the search
 * filters on (publisher, publication instant). The event itself is not copied: the public view of a
 * disclosure is computed from the store when asked for (`readPublicDisclosure`). Every value written here
 * comes from the domain's redacted public view (`toPublicView`), so the tables can be served as they are.
 *
 * Region codes are kept at three levels (province, city, district) so a region filter is an equality on an
 * indexed column; every list index ends with the sort key (last publication, transaction id) so a search
 * walks one index from its cursor (see shared/keyset.ts). Each index is rewritten on every disclosure (the
 * sort key moves), so there is none for domain or stage: those are checked along the walk.
 */
export const publicDisclosureProjection: SqlProjection = {
  name: PUBLIC_DISCLOSURE,
  version: 3,
  // No `filter`: in live mode the runner's checkpoint only moves on delivered events, so a filtered projection
  // would report lag (and never satisfy waitForCatchUp) while other streams are written. `apply` skips
  // other streams itself, before parsing anything.
  tableNames: ['transactions', 'disclosures'],
  // apply reads and writes by primary key only (transaction id, position).
  queryIndexes: [
    'transactions_by_date',
    'transactions_by_province',
    'transactions_by_city',
    'transactions_by_district',
    'disclosures_by_transaction',
  ],

  setup(db: Database.Database, t: ProjectionTables): void {
    const transactions = t.table('transactions');
    const byLevel = (name: string, column: string) =>
      `CREATE INDEX IF NOT EXISTS ${t.table(`transactions_by_${name}`)}
         ON ${transactions} (${column}, last_published_at, transaction_id);`;
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${transactions} (
        transaction_id TEXT PRIMARY KEY,
        stream_id TEXT NOT NULL,
        domain TEXT NOT NULL,
        region_code TEXT NOT NULL,${REGION_LEVEL_COLUMNS},
        publisher_name TEXT NOT NULL,
        publisher_credit_code TEXT NOT NULL,
        title TEXT NOT NULL,
        stage TEXT NOT NULL,
        round INTEGER NOT NULL,
        key_dates TEXT NOT NULL,
        first_published_at TEXT NOT NULL,
        last_published_at TEXT NOT NULL,
        disclosure_count INTEGER NOT NULL,
        last_position INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ${t.table('transactions_by_date')}
        ON ${transactions} (last_published_at, transaction_id);
      ${byLevel('province', 'region_province')}
      ${byLevel('city', 'region_city')}
      ${byLevel('district', 'region_code')}
      CREATE TABLE IF NOT EXISTS ${t.table('disclosures')} (
        position INTEGER PRIMARY KEY,
        transaction_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        type TEXT NOT NULL,
        round INTEGER NOT NULL,
        revision INTEGER NOT NULL,
        publisher_name TEXT NOT NULL,
        publisher_credit_code TEXT NOT NULL,
        published_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ${t.table('disclosures_by_transaction')}
        ON ${t.table('disclosures')} (transaction_id, position);
    `);
  },

  apply(db: Database.Database, t: ProjectionTables, recorded: RecordedEvent): void {
    const stream = parseStreamId(recorded.streamId);
    if (stream?.kind !== 'transaction') return;
    const event = storedDomainEvent(recorded);
    if (!event || !isTransactionEventType(event.type)) return;
    const view = publicFieldsOf(event);
    const round = upsertTransaction(db, t, stream.transactionId, recorded, event, view);
    const meta = view.metadata;
    sql(db, t).insertDisclosure.run(
      recorded.position,
      stream.transactionId,
      recorded.id,
      event.type,
      round,
      recorded.revision,
      meta.publisher.name,
      meta.publisher.creditCode,
      utcInstant(meta.publishedAt),
    );
  },
};

const sql = statementsOf((t: ProjectionTables) => {
  const table = t.table('transactions');
  return {
    transaction: `SELECT title, stage, round, key_dates, first_published_at, last_published_at FROM ${table}
       WHERE transaction_id = ?`,
    insertTransaction: `INSERT INTO ${table} (transaction_id, stream_id, domain, region_code,
         ${REGION_LEVEL_INSERT.columns}, publisher_name, publisher_credit_code, title, stage, round, key_dates,
         first_published_at, last_published_at, disclosure_count, last_position)
       VALUES (?, ?, ?, ?, ${REGION_LEVEL_INSERT.values}, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
    updateTransaction: `UPDATE ${table} SET
       title = ?, stage = ?, round = ?, key_dates = ?,
       publisher_name = CASE WHEN ? THEN ? ELSE publisher_name END,
       publisher_credit_code = CASE WHEN ? THEN ? ELSE publisher_credit_code END,
       first_published_at = MIN(first_published_at, ?), last_published_at = MAX(last_published_at, ?),
       disclosure_count = disclosure_count + 1, last_position = ?
     WHERE transaction_id = ?`,
    insertDisclosure: `INSERT OR IGNORE INTO ${t.table('disclosures')}
        (position, transaction_id, event_id, type, round, revision, publisher_name, publisher_credit_code,
         published_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  };
});

interface TransactionRow {
  title: string;
  stage: string;
  round: number;
  key_dates: string;
  first_published_at: string;
  last_published_at: string;
}

/** Creates or advances the transaction's summary row; returns the round the event belongs to. */
function upsertTransaction(
  db: Database.Database,
  t: ProjectionTables,
  transactionId: string,
  recorded: RecordedEvent,
  event: DomainEvent,
  view: DomainEvent,
): number {
  const s = sql(db, t);
  const current = s.transaction.get(transactionId) as TransactionRow | undefined;
  const publishedAt = utcInstant(view.metadata.publishedAt);
  const reannounced = event.type === 'AnnouncementPublished';
  const round = reannounced ? (current?.round ?? 0) + 1 : Math.max(current?.round ?? 0, 1);
  // A re-announcement (after a termination) opens a new round: the dates of the old one no longer apply.
  const previousDates =
    current && !reannounced ? (JSON.parse(current.key_dates) as Record<string, string>) : {};
  const keyDates = { ...previousDates, ...keyDatesOf(view) };
  const data = view.data as { domain: string };
  if (!current) {
    s.insertTransaction.run(
      transactionId,
      recorded.streamId,
      data.domain,
      view.metadata.regionCode,
      view.metadata.regionCode,
      view.metadata.regionCode,
      view.metadata.publisher.name,
      view.metadata.publisher.creditCode,
      titleOf(view) ?? transactionId,
      stageAfter(undefined, event.type),
      round,
      JSON.stringify(keyDates),
      publishedAt,
      publishedAt,
      recorded.position,
    );
    return round;
  }
  // The announcement's publisher and title name the transaction; later stages only move stage and dates.
  const title = reannounced ? (titleOf(view) ?? current.title) : current.title;
  s.updateTransaction.run(
    title,
    stageAfter(current.stage, event.type),
    round,
    JSON.stringify(keyDates),
    reannounced ? 1 : 0,
    view.metadata.publisher.name,
    reannounced ? 1 : 0,
    view.metadata.publisher.creditCode,
    publishedAt,
    publishedAt,
    recorded.position,
    transactionId,
  );
  return round;
}

/**
 * The event where it holds what `apply` reads of its public view (the domain, title, key dates, region and
 * publisher): none of those fields is one redaction masks (ID numbers, phones, addresses, accounts, names of
 * natural persons), so they differ from the stored event's only where the publisher flagged a field as a
 * commercial secret. Redacting the whole event for them cost ~5 % of a rebuild.
 */
function publicFieldsOf(event: DomainEvent): DomainEvent {
  return (event.metadata.confidentialFields?.length ?? 0) === 0 ? event : toPublicView(event);
}
