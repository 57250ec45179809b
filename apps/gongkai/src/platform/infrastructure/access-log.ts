import type Database from 'better-sqlite3';

export interface AccessEntry {
  tokenId?: string;
  subject: string;
  role: string;
  method: string;
  path: string;
  status: number;
  /** `write` for a change, `restricted-read` for a read of unredacted data, `admin` for token management. */
  action: 'write' | 'restricted-read' | 'admin';
}

/** Who changed or read restricted data, when: one row per request, in the service database. */
export class AccessLog {
  private readonly insert: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(
      'INSERT INTO access_log (at, token_id, subject, role, method, path, status, action) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  record(entry: AccessEntry): void {
    this.insert.run(
      new Date().toISOString(),
      entry.tokenId ?? null,
      entry.subject,
      entry.role,
      entry.method,
      entry.path,
      entry.status,
      entry.action,
    );
  }

  recent(limit = 100): (AccessEntry & { at: string })[] {
    const rows = this.db
      .prepare(
        'SELECT at, token_id AS tokenId, subject, role, method, path, status, action FROM access_log ORDER BY id DESC LIMIT ?',
      )
      .all(limit) as (AccessEntry & { at: string; tokenId: string | null })[];
    return rows.map((row) => ({ ...row, tokenId: row.tokenId ?? undefined }));
  }
}
