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
