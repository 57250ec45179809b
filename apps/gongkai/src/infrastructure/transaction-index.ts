import type Database from 'better-sqlite3';

/** What the search endpoint knows of a transaction: a summary kept current on every append. */
export interface TransactionSummary {
  transactionId: string;
  domain: string | null;
  region: string | null;
  /** The lifecycle stage after the last event. */
  stage: string;
  /** Credit code of the last publisher. */
  publisher: string | null;
  title: string | null;
  firstPublishedAt: string | null;
  lastPublishedAt: string | null;
  revision: number;
  position: number;
}

export interface TransactionSearch {
  domain?: string;
  /** Region code prefix: `32` finds all of Jiangsu, `3206` Nantong. */
  regionPrefix?: string;
  stage?: string;
  publisher?: string;
  /** Inclusive bounds on the last publication instant (ISO-8601). */
  from?: string;
  to?: string;
  limit: number;
  /** Opaque continuation from the previous page. */
  cursor?: string;
}

interface Row {
  transaction_id: string;
  domain: string | null;
  region: string | null;
  stage: string;
  publisher: string | null;
  title: string | null;
  first_published_at: string | null;
  last_published_at: string | null;
  revision: number;
  position: number;
}

function toSummary(row: Row): TransactionSummary {
  return {
    transactionId: row.transaction_id,
    domain: row.domain,
    region: row.region,
    stage: row.stage,
    publisher: row.publisher,
    title: row.title,
    firstPublishedAt: row.first_published_at,
    lastPublishedAt: row.last_published_at,
    revision: row.revision,
    position: row.position,
  };
}

/**
 * A simple search table maintained on append (a stand-in until the projections library offers a read
 * model). Newest first; pages continue after the last (last_published_at, transaction_id) seen.
 */
export class TransactionIndex {
  private readonly upsert: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.upsert = db.prepare(`
      INSERT INTO transactions (transaction_id, domain, region, stage, publisher, title, first_published_at,
                                last_published_at, revision, position)
      VALUES (@transactionId, @domain, @region, @stage, @publisher, @title, @firstPublishedAt,
              @lastPublishedAt, @revision, @position)
      ON CONFLICT (transaction_id) DO UPDATE SET
        domain = COALESCE(excluded.domain, domain),
        region = COALESCE(excluded.region, region),
        stage = excluded.stage,
        publisher = COALESCE(excluded.publisher, publisher),
        title = COALESCE(title, excluded.title),
        first_published_at = COALESCE(first_published_at, excluded.first_published_at),
        last_published_at = COALESCE(excluded.last_published_at, last_published_at),
        revision = excluded.revision,
        position = excluded.position
      WHERE excluded.revision > revision`);
  }

  record(summary: TransactionSummary): void {
    this.upsert.run(summary);
  }

  search(query: TransactionSearch): { items: TransactionSummary[]; nextCursor: string | null } {
    const where: string[] = [];
    const params: Record<string, string | number> = { limit: query.limit + 1 };
    if (query.domain) {
      where.push('domain = @domain');
      params.domain = query.domain;
    }
    if (query.regionPrefix) {
      where.push("region LIKE @region || '%'");
      params.region = query.regionPrefix;
    }
    if (query.stage) {
      where.push('stage = @stage');
      params.stage = query.stage;
    }
    if (query.publisher) {
      where.push('publisher = @publisher');
      params.publisher = query.publisher;
    }
    if (query.from) {
      where.push('last_published_at >= @from');
      params.from = query.from;
    }
    if (query.to) {
      where.push('last_published_at <= @to');
      params.to = query.to;
    }
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    if (after) {
      where.push(
        "(COALESCE(last_published_at, '') < @afterAt OR (COALESCE(last_published_at, '') = @afterAt AND transaction_id < @afterId))",
      );
      params.afterAt = after.at;
      params.afterId = after.id;
    }
    const rows = this.db
      .prepare(
        `SELECT * FROM transactions ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY COALESCE(last_published_at, '') DESC, transaction_id DESC LIMIT @limit`,
      )
      .all(params) as Row[];
    const page = rows.slice(0, query.limit).map(toSummary);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > query.limit && last
        ? encodeCursor({ at: last.lastPublishedAt ?? '', id: last.transactionId })
        : null;
    return { items: page, nextCursor };
  }
}

function encodeCursor(cursor: { at: string; id: string }): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id]), 'utf8').toString('base64url');
}

/** Undefined for a cursor this service did not issue. */
export function decodeCursor(cursor: string): { at: string; id: string } | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string')) {
      return { at: value[0] as string, id: value[1] as string };
    }
  } catch {
    // fall through: not one of ours
  }
  return undefined;
}
