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

/**
 * Who changed or read restricted data, when: one row per request, in the service database. The rows of the
 * requests answered in one event-loop turn are committed together (a SQLite commit per request was most of
 * the log's cost); `record` answers once its row is committed, and the service waits for that before the
 * answer leaves (see app.ts), so no client holds an answer whose row is not in the file.
 */
export class AccessLog {
  private readonly insert: Database.Statement;
  private readonly insertAll: (rows: readonly PendingRow[]) => void;
  private pending: PendingRow[] = [];
  /** The commit the pending rows will be part of (scheduled for the end of this event-loop turn). */
  private commit?: Promise<void>;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(
      'INSERT INTO access_log (at, token_id, subject, role, method, path, status, action) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertAll = db.transaction((rows: readonly PendingRow[]) => {
      for (const { at, entry } of rows) {
        this.insert.run(
          at,
          entry.tokenId ?? null,
          entry.subject,
          entry.role,
          entry.method,
          entry.path,
          entry.status,
          entry.action,
        );
      }
    });
  }

  /** Adds a row; answers when it is committed (rejects when the commit fails). */
  record(entry: AccessEntry): Promise<void> {
    this.pending.push({ at: new Date().toISOString(), entry });
    this.commit ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        try {
          this.flush();
          resolve();
        } catch (error) {
          reject(error as Error);
        }
      });
    });
    return this.commit;
  }

  /** Commits the pending rows now (the service calls it before closing the database). */
  flush(): void {
    const rows = this.pending;
    this.pending = [];
    this.commit = undefined;
    if (rows.length > 0) this.insertAll(rows);
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

interface PendingRow {
  at: string;
  entry: AccessEntry;
}
