/**
 * Small helpers to build a parameterised WHERE clause from optional filters; values are always bound,
 * never interpolated.
 */
export class WhereClause {
  private readonly conditions: string[] = [];
  readonly params: unknown[] = [];

  /** Adds `sql` (with `?` placeholders) when every value is defined. */
  add(sql: string, ...values: unknown[]): this {
    if (values.some((value) => value === undefined)) return this;
    this.conditions.push(sql);
    this.params.push(...values);
    return this;
  }

  /** Adds every condition of `other` (its values after this clause's). */
  and(other: WhereClause): this {
    this.conditions.push(...other.conditions);
    this.params.push(...other.params);
    return this;
  }

  copy(): WhereClause {
    return new WhereClause().and(this);
  }

  get isEmpty(): boolean {
    return this.conditions.length === 0;
  }

  toSql(): string {
    return this.conditions.length > 0 ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}

/**
 * GB/T 2260 codes nest by pairs of digits (32 province, 3206 city, 320602 district), and a code ending in
 * `00` names the whole level above. `320600` becomes the prefix `3206`, so asking for a city finds its
 * districts too; `320602` matches that district only.
 */
export function regionPrefix(regionCode: string | undefined): string | undefined {
  if (regionCode === undefined) return undefined;
  let prefix = regionCode.trim();
  while (prefix.length > 2 && prefix.endsWith('00')) prefix = prefix.slice(0, -2);
  return prefix;
}

/**
 * The generated column holding a region code's prefix of that length, for read models that store
 * `region_province` (2 digits), `region_city` (4) and `region_code` (6, the district): a prefix filter is then
 * an equality on an indexed column. Undefined for other lengths (the query falls back to LIKE).
 */
export function regionLevelColumn(
  prefix: string,
): 'region_province' | 'region_city' | 'region_code' | undefined {
  if (!/^\d+$/.test(prefix)) return undefined;
  return prefix.length === 2
    ? 'region_province'
    : prefix.length === 4
      ? 'region_city'
      : prefix.length === 6
        ? 'region_code'
        : undefined;
}

/**
 * Column definitions of the region levels, beside a `region_code TEXT NOT NULL` column. Plain columns, not
 * generated ones: SQLite does not read an index holding a generated column as covering, and the keyset
 * walks (shared/keyset.ts) rely on index-only scans to bound their cost.
 */
export const REGION_LEVEL_COLUMNS = `
        region_province TEXT NOT NULL,
        region_city TEXT NOT NULL`;

/** The region levels' column names and SQL values, for an INSERT that binds the region code twice more. */
export const REGION_LEVEL_INSERT = {
  columns: 'region_province, region_city',
  values: 'substr(?, 1, 2), substr(?, 1, 4)',
};

/** An instant as sortable UTC text (`2026-03-02T01:00:00.000Z`); offsets such as `+08:00` do not sort. */
export function utcInstant(value: string): string;
export function utcInstant(value: string | undefined): string | undefined;
export function utcInstant(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`Not an ISO-8601 instant: ${value}`);
  return new Date(ms).toISOString();
}

/** Escapes `%`, `_` and `\` for a LIKE pattern written with `ESCAPE '\'`. */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
