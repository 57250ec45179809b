import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceRow } from './source-row';

/**
 * The records of every source file, grouped by transaction on disk: a transaction's records are spread over
 * several files (503 in one, 513 in another), and a million rows are more than a process should hold. A
 * temporary SQLite file takes them in read order and gives them back transaction by transaction.
 */
export class Staging {
  private readonly dir = mkdtempSync(join(tmpdir(), 'gongkai-import-'));
  private readonly db = new Database(join(this.dir, 'staging.sqlite'));
  private readonly insert;
  private pending: [string, number, string][] = [];
  private seq = 0;

  constructor() {
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.exec('CREATE TABLE rows (stream TEXT NOT NULL, seq INTEGER NOT NULL, row TEXT NOT NULL)');
    this.insert = this.db.prepare('INSERT INTO rows (stream, seq, row) VALUES (?, ?, ?)');
  }

  add(streamId: string, row: SourceRow): void {
    this.pending.push([streamId, this.seq++, JSON.stringify(row)]);
    if (this.pending.length >= 10_000) this.flush();
  }

  get size(): number {
    return this.seq;
  }

  /** The transactions in stream order, each with its records in read order. */
  *transactions(): Generator<{ streamId: string; rows: SourceRow[] }> {
    this.flush();
    this.db.exec('CREATE INDEX rows_by_stream ON rows (stream, seq)');
    let current: { streamId: string; rows: SourceRow[] } | undefined;
    const select = this.db.prepare('SELECT stream, row FROM rows ORDER BY stream, seq');
    for (const { stream, row } of select.iterate() as Iterable<{ stream: string; row: string }>) {
      if (current && current.streamId !== stream) {
        yield current;
        current = undefined;
      }
      current ??= { streamId: stream, rows: [] };
      current.rows.push(JSON.parse(row) as SourceRow);
    }
    if (current) yield current;
  }

  close(): void {
    this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    this.db.transaction(() => {
      for (const [stream, seq, row] of rows) this.insert.run(stream, seq, row);
    })();
  }
}
