import type Database from 'better-sqlite3';
import type { ProjectionTables } from '../../runner/projection';
import { prepared } from '../shared/prepared';

/**
 * Counts of catalogue items per group and Beijing day, kept as items change, so completeness adds up days
 * instead of judging every item of the scope (bench/reports.ts). An item's status at `asOf` follows from three
 * instants: published by then (on time or late), missing since by then and not published by then, else
 * pending. So each item adds, at the day of each instant:
 *
 * - `items` +1 on day '' (every item counts, whatever `asOf`; '' sorts before any day);
 * - `on_time` or `late` +1 on the day it was published;
 * - if it was ever missing (fallen due before it was published, see EVER_MISSING): `missing_from` +1 on the
 *   day it fell due, and `missing_to` +1 on the day it was published at last.
 *
 * Missing at `asOf` is then Σ missing_from − Σ missing_to up to it. The queries add up the days before
 * `asOf`'s day from here and judge the items of `asOf`'s own day one by one, so a report for an instant is
 * exact, not rounded to its day.
 */
export interface ItemCounted {
  region_code: string;
  domain: string;
  catalogue_id: string;
  publisher_credit_code: string;
  publisher_name: string;
  published_at: string | null;
  late: number;
  missing_since: string | null;
}

export const COUNTED_COLUMNS =
  'region_code, domain, catalogue_id, publisher_credit_code, publisher_name, published_at, late, missing_since';

/** The Beijing calendar day (`2026-03-25`) of a UTC instant. */
export function beijingDay(utc: string): string {
  return new Date(Date.parse(utc) + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The first instant of the Beijing day of `utc`, as UTC text. */
export function beijingDayStart(utc: string): string {
  return new Date(Date.parse(`${beijingDay(utc)}T00:00:00+08:00`)).toISOString();
}

export function everMissing(item: Pick<ItemCounted, 'published_at' | 'missing_since'>): boolean {
  return (
    item.missing_since !== null && (item.published_at === null || item.published_at > item.missing_since)
  );
}

type Counter = 'items' | 'on_time' | 'late' | 'missing_from' | 'missing_to';

function contributions(item: ItemCounted): Array<[day: string, counter: Counter]> {
  const out: Array<[string, Counter]> = [['', 'items']];
  if (item.published_at !== null) {
    out.push([beijingDay(item.published_at), item.late === 1 ? 'late' : 'on_time']);
  }
  if (everMissing(item)) {
    out.push([beijingDay(item.missing_since!), 'missing_from']);
    if (item.published_at !== null) out.push([beijingDay(item.published_at), 'missing_to']);
  }
  return out;
}

export function createCoverageTable(db: Database.Database, t: ProjectionTables): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${t.table('coverage_daily')} (
      region_code TEXT NOT NULL,
      domain TEXT NOT NULL,
      catalogue_id TEXT NOT NULL,
      publisher_credit_code TEXT NOT NULL,
      day TEXT NOT NULL,
      publisher_name TEXT NOT NULL,
      items INTEGER NOT NULL DEFAULT 0,
      on_time INTEGER NOT NULL DEFAULT 0,
      late INTEGER NOT NULL DEFAULT 0,
      missing_from INTEGER NOT NULL DEFAULT 0,
      missing_to INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (region_code, domain, catalogue_id, publisher_credit_code, day)
    ) WITHOUT ROWID;
  `);
}

function count(db: Database.Database, t: ProjectionTables, item: ItemCounted, sign: 1 | -1): void {
  for (const [day, counter] of contributions(item)) {
    prepared(
      db,
      `INSERT INTO ${t.table('coverage_daily')}
        (region_code, domain, catalogue_id, publisher_credit_code, day, publisher_name, ${counter})
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET ${counter} = ${counter} + excluded.${counter}`,
    ).run(
      item.region_code,
      item.domain,
      item.catalogue_id,
      item.publisher_credit_code,
      day,
      item.publisher_name,
      sign,
    );
  }
}

/**
 * Runs `change` on the catalogue item (transaction, round, event type), which may insert, update or delete it,
 * and moves the item's counts from what it was to what it is. `unpublishedOnly`: the change touches an item
 * not yet published, so nothing is run for an item published already (the common case, read once).
 */
export function changingItem(
  db: Database.Database,
  t: ProjectionTables,
  key: [transactionId: string, round: number, eventType: string],
  change: () => void,
  options: { unpublishedOnly?: boolean } = {},
): void {
  const read = () =>
    prepared(
      db,
      `SELECT ${COUNTED_COLUMNS} FROM ${t.table('catalogue_items')}
       WHERE transaction_id = ? AND round = ? AND event_type = ?`,
    ).get(...key) as ItemCounted | undefined;
  const before = read();
  if (options.unpublishedOnly && (!before || before.published_at !== null)) return;
  change();
  const after = read();
  if (before && after && JSON.stringify(before) === JSON.stringify(after)) return;
  if (before) count(db, t, before, -1);
  if (after) count(db, t, after, 1);
}
