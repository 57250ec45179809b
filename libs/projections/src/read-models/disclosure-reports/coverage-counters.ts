import type Database from 'better-sqlite3';
import type { ProjectionTables } from '../../runner/projection';
import { periodsOf } from './periods';

/**
 * Counts of catalogue items per group and Beijing day, month and year (periods.ts), kept as items change, so completeness adds up days
 * instead of judging every item of the scope (bench/reports.ts). An item's status at `asOf` follows from three
 * instants: published by then (on time or late), missing since by then and not published by then, else
 * pending. So each item adds, at the day of each instant:
 *
 * - `items` +1 on day '' (every item counts, whatever `asOf`; kept as year '', which sorts before any year);
 * - `on_time` or `late` +1 on the day it was published;
 * - if it was ever missing (fallen due before it was published, see EVER_MISSING): `missing_from` +1 on the
 *   day it fell due, and `missing_to` +1 on the day it was published at last.
 *
 * Missing at `asOf` is then Σ missing_from − Σ missing_to up to it. The queries add up the days before
 * `asOf`'s day from here (as whole years, months of its year and days of its month: a bounded number of rows)
 * and judge the items of `asOf`'s own day one by one, so a report for an instant is exact, not rounded to its day.
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
    CREATE TABLE IF NOT EXISTS ${t.table('coverage')} (
      level TEXT NOT NULL,
      period TEXT NOT NULL,
      region_code TEXT NOT NULL,
      domain TEXT NOT NULL,
      catalogue_id TEXT NOT NULL,
      publisher_credit_code TEXT NOT NULL,
      publisher_name TEXT NOT NULL,
      items INTEGER NOT NULL DEFAULT 0,
      on_time INTEGER NOT NULL DEFAULT 0,
      late INTEGER NOT NULL DEFAULT 0,
      missing_from INTEGER NOT NULL DEFAULT 0,
      missing_to INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (level, period, region_code, domain, catalogue_id, publisher_credit_code)
    ) WITHOUT ROWID;
  `);
}

/** One counter row's change: the key, the publisher's name (kept from the row's first insert) and the deltas. */
export interface CoverageDelta {
  region_code: string;
  domain: string;
  catalogue_id: string;
  publisher_credit_code: string;
  day: string;
  publisher_name: string;
  counts: Record<Counter, number>;
}

/**
 * Adds to `deltas` what moving an item from `before` to `after` (either absent: inserted or deleted) changes
 * in the counters, keyed by counter row; a change that moves nothing adds nothing.
 */
export function addCoverageChange(
  deltas: Map<string, CoverageDelta>,
  before: ItemCounted | undefined,
  after: ItemCounted | undefined,
): void {
  const add = (item: ItemCounted, sign: 1 | -1) => {
    for (const [day, counter] of contributions(item)) {
      const key = `${item.region_code}\u0000${item.domain}\u0000${item.catalogue_id}\u0000${item.publisher_credit_code}\u0000${day}`;
      let delta = deltas.get(key);
      if (!delta) {
        delta = {
          region_code: item.region_code,
          domain: item.domain,
          catalogue_id: item.catalogue_id,
          publisher_credit_code: item.publisher_credit_code,
          day,
          publisher_name: item.publisher_name,
          counts: { items: 0, on_time: 0, late: 0, missing_from: 0, missing_to: 0 },
        };
        deltas.set(key, delta);
      }
      delta.counts[counter] += sign;
    }
  };
  if (before) add(before, -1);
  if (after) add(after, 1);
}

/**
 * The upserts of one counter row (`writeCoverage`'s statements). A day's row keeps the name of its first
 * item; a month's or year's row the greatest of its days' (as adding up those days would answer), so `day`
 * returns the day row's name for the others.
 */
export const COVERAGE_STATEMENTS = (t: ProjectionTables) => {
  const upsert = (level: string) => `
    INSERT INTO ${t.table('coverage')}
      (level, period, region_code, domain, catalogue_id, publisher_credit_code, publisher_name,
       items, on_time, late, missing_from, missing_to)
    VALUES (${level}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET items = items + excluded.items, on_time = on_time + excluded.on_time,
      late = late + excluded.late, missing_from = missing_from + excluded.missing_from,
      missing_to = missing_to + excluded.missing_to`;
  return {
    coverageDay: `${upsert("'D'")} RETURNING publisher_name`,
    coverageRollUp: `${upsert('?')}, publisher_name = MAX(publisher_name, excluded.publisher_name)`,
  };
};

/**
 * Writes each counter row that moved (rows whose changes cancel out are left alone), at its day, month and
 * year (periods.ts); the items' counts, which hold whatever the day, at year '' only.
 */
export function writeCoverage(
  statements: { coverageDay: Database.Statement; coverageRollUp: Database.Statement },
  deltas: Map<string, CoverageDelta>,
): void {
  for (const d of deltas.values()) {
    const { items, on_time, late, missing_from, missing_to } = d.counts;
    if (items === 0 && on_time === 0 && late === 0 && missing_from === 0 && missing_to === 0) continue;
    const key = [d.region_code, d.domain, d.catalogue_id, d.publisher_credit_code] as const;
    const counts = [items, on_time, late, missing_from, missing_to] as const;
    if (d.day === '') {
      statements.coverageRollUp.run('Y', '', ...key, d.publisher_name, ...counts);
      continue;
    }
    const { publisher_name: name } = statements.coverageDay.get(
      d.day,
      ...key,
      d.publisher_name,
      ...counts,
    ) as {
      publisher_name: string;
    };
    for (const [level, period] of periodsOf(d.day).slice(1))
      statements.coverageRollUp.run(level, period, ...key, name, ...counts);
  }
}
