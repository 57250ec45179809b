import type Database from 'better-sqlite3';
import { WhereClause } from './sql-filters';

/**
 * Keyset pagination with bounded work per request. Every list query walks one index in its sort order from
 * the cursor: never an OFFSET (whose cost grows with the page number) and never a full COUNT(*) (whose cost
 * grows with the store).
 *
 * A query has `seek` conditions, which the index can answer (its leading equality column, a range on its
 * sort key), and `residual` ones it cannot (the other filters). Residual filters are checked on at most
 * `SCAN_WINDOW` index entries per request: when they match rarely, a page may come back short, or empty,
 * with a `nextCursor` that resumes after the last entry examined. A client pages until `nextCursor` is
 * null, as with any cursor.
 */

/** Index entries a request examines at most for its residual filters (the page and the count alike). */
export const SCAN_WINDOW = 5_000;

/** A cursor the caller did not get from us (or from another query): the HTTP layer answers 400. */
export class InvalidCursor extends Error {
  constructor(detail = 'The cursor was not issued by this query') {
    super(detail);
    this.name = 'InvalidCursor';
  }
}

export type KeyValue = string | number;

/** Opaque to clients: the sort key of the last entry a page covered, as base64url JSON. */
export function encodeCursor(key: readonly KeyValue[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key back, checked against the sort key's shape (its column types); throws InvalidCursor. */
export function decodeCursor(cursor: string, shape: ReadonlyArray<'string' | 'number'>): KeyValue[] {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
  if (
    !Array.isArray(value) ||
    value.length !== shape.length ||
    value.some((part, i) => typeof part !== shape[i] || (typeof part === 'number' && !Number.isFinite(part)))
  ) {
    throw new InvalidCursor();
  }
  return value as KeyValue[];
}

export interface KeysetQuery {
  db: Database.Database;
  table: string;
  /** The index to walk (`INDEXED BY`): its columns are the seek's equality column(s), then `key`. */
  index: string;
  /** Sort key, unique per row, in index order; `t.` qualified columns are fine. */
  key: readonly string[];
  /** Column types of `key`, to check cursors. */
  keyShape: ReadonlyArray<'string' | 'number'>;
  descending: boolean;
  /** Conditions the index answers. */
  seek: WhereClause;
  /** Conditions checked per entry (at most SCAN_WINDOW entries). */
  residual: WhereClause;
  /** Columns to answer, e.g. `t.*`. */
  columns: string;
  /** Alias of `table` in the SQL (`t`). */
  alias: string;
}

export interface KeysetPage<Row> {
  rows: Row[];
  /** Resume after this; null when the walk reached the end of what matches. */
  nextCursor: string | null;
}

function keyList(query: KeysetQuery): string {
  return query.key.map((column) => `${column}${query.descending ? ' DESC' : ''}`).join(', ');
}

function rowKey(query: KeysetQuery, row: Record<string, unknown>): KeyValue[] {
  return query.key.map((column) => row[`k_${column.replace(/^\w+\./, '')}`] as KeyValue);
}

function keyColumns(query: KeysetQuery): string {
  return query.key.map((column) => `${column} AS k_${column.replace(/^\w+\./, '')}`).join(', ');
}

/** `(k1, k2) < (?, ?)` (or `>`) after the cursor, added to the seek. */
function afterCursor(query: KeysetQuery, seek: WhereClause, cursor: string | undefined): WhereClause {
  if (cursor === undefined) return seek;
  const key = decodeCursor(cursor, query.keyShape);
  const op = query.descending ? '<' : '>';
  return seek.add(`(${query.key.join(', ')}) ${op} (${key.map(() => '?').join(', ')})`, ...key);
}

function from(query: KeysetQuery): string {
  return `FROM ${query.table} ${query.alias} INDEXED BY ${query.index}`;
}

/**
 * The key of the `nth` entry of the walk (1-based), or undefined when the walk ends sooner. Only the index
 * is read (the seek's columns and the key are in it), so this costs well under a millisecond.
 */
function nthKey(query: KeysetQuery, seek: WhereClause, nth: number): KeyValue[] | undefined {
  const row = query.db
    .prepare(
      `SELECT ${keyColumns(query)} ${from(query)} ${seek.toSql()} ORDER BY ${keyList(query)} LIMIT 1 OFFSET ?`,
    )
    .get(...seek.params, nth - 1) as Record<string, unknown> | undefined;
  return row ? rowKey(query, row) : undefined;
}

/** `key` at or before (`inclusive`), or strictly before, `end` in the walk's order. */
function upTo(query: KeysetQuery, end: readonly KeyValue[], inclusive: boolean): WhereClause {
  const op = query.descending ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
  return new WhereClause().add(`(${query.key.join(', ')}) ${op} (${end.map(() => '?').join(', ')})`, ...end);
}

/** One page: at most `limit` rows, at most SCAN_WINDOW index entries examined for residual filters. */
export function keysetPage<Row extends Record<string, unknown>>(
  query: KeysetQuery,
  limit: number,
  cursor: string | undefined,
): KeysetPage<Row> {
  const seek = afterCursor(query, query.seek.copy(), cursor);
  const end = query.residual.isEmpty ? undefined : nthKey(query, seek, SCAN_WINDOW);
  const where = seek.copy().and(query.residual);
  if (end) where.and(upTo(query, end, true));
  const rows = query.db
    .prepare(
      `SELECT ${query.columns}, ${keyColumns(query)} ${from(query)} ${where.toSql()}
       ORDER BY ${keyList(query)} LIMIT ?`,
    )
    .all(...where.params, limit + 1) as Row[];
  if (rows.length > limit) {
    rows.length = limit;
    return { rows, nextCursor: encodeCursor(rowKey(query, rows[limit - 1]!)) };
  }
  // The window ran out before the page filled: resume after the last entry examined.
  return { rows, nextCursor: end ? encodeCursor(end) : null };
}

/**
 * How many entries match, examining at most SCAN_WINDOW entries of the walk: exact when the seek range
 * holds no more than that, else a lower bound (`capped`).
 */
export function keysetCount(query: KeysetQuery): { total: number; capped: boolean } {
  const beyond = nthKey(query, query.seek, SCAN_WINDOW + 1);
  const where = query.seek.copy().and(query.residual);
  if (beyond) where.and(upTo(query, beyond, false));
  const row = query.db
    .prepare(`SELECT COUNT(*) AS n ${from(query)} ${where.toSql()}`)
    .get(...where.params) as { n: number };
  return { total: row.n, capped: beyond !== undefined };
}
