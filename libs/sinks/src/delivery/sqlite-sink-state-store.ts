import Database from 'better-sqlite3';
import { DeadLetterNotFound, DeadLetterNotOpen } from './dead-letter-errors';
import type {
  DeadLetter,
  DeadLetterQuery,
  DeadLetterReason,
  DeadLetterStatus,
  EventRef,
  NewDeadLetter,
  Settlement,
  SinkStateStore,
  TargetState,
} from './sink-state-store.port';

const SCHEMA_VERSION = 1;

const schema = `
CREATE TABLE IF NOT EXISTS sink_checkpoints (
  target     TEXT PRIMARY KEY,
  position   INTEGER NOT NULL DEFAULT 0,
  delivered  INTEGER NOT NULL DEFAULT 0,
  skipped    INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sink_dead_letters (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  target      TEXT NOT NULL,
  stream_id   TEXT NOT NULL,
  position    INTEGER NOT NULL,
  event_id    TEXT NOT NULL,
  event_type  TEXT NOT NULL,
  reason      TEXT NOT NULL CHECK (reason IN ('rejected', 'attempts-exhausted', 'unmappable')),
  status      TEXT NOT NULL CHECK (status IN ('open', 'delivered', 'discarded')),
  attempts    INTEGER NOT NULL,
  http_status INTEGER,
  last_error  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  resolved_at TEXT,
  note        TEXT,
  UNIQUE (target, event_id)
);
CREATE INDEX IF NOT EXISTS sink_dead_letters_by_status ON sink_dead_letters (target, status, id);
CREATE TABLE IF NOT EXISTS sink_parked_streams (
  target         TEXT NOT NULL,
  stream_id      TEXT NOT NULL,
  dead_letter_id INTEGER NOT NULL REFERENCES sink_dead_letters (id),
  parked_at      TEXT NOT NULL,
  PRIMARY KEY (target, stream_id)
);
CREATE TABLE IF NOT EXISTS sink_held_events (
  target     TEXT NOT NULL,
  stream_id  TEXT NOT NULL,
  position   INTEGER NOT NULL,
  event_id   TEXT NOT NULL,
  event_type TEXT NOT NULL,
  held_at    TEXT NOT NULL,
  PRIMARY KEY (target, position)
);
CREATE INDEX IF NOT EXISTS sink_held_events_by_stream ON sink_held_events (target, stream_id, position);
`;

interface DeadLetterRow {
  id: number;
  target: string;
  stream_id: string;
  position: number;
  event_id: string;
  event_type: string;
  reason: DeadLetterReason;
  status: DeadLetterStatus;
  attempts: number;
  http_status: number | null;
  last_error: string;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  note: string | null;
}

interface HeldRow {
  stream_id: string;
  position: number;
  event_id: string;
  event_type: string;
}

export interface SqliteSinkStateStoreOptions {
  /** Path of the SQLite file (created when missing). May be the event store's file: tables are prefixed. */
  path: string;
  /** Clock for timestamps; defaults to the system clock. */
  now?: () => Date;
}

/**
 * The embedded SinkStateStore: a few tables in a SQLite file (better-sqlite3, WAL). Each method runs in
 * one transaction. better-sqlite3 is synchronous; the port is async so other adapters can be.
 */
export class SqliteSinkStateStore implements SinkStateStore {
  private readonly now: () => Date;
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(
    private readonly db: Database.Database,
    now: (() => Date) | undefined,
  ) {
    this.now = now ?? (() => new Date());
  }

  static open(options: SqliteSinkStateStoreOptions): SqliteSinkStateStore {
    const db = new Database(options.path);
    try {
      db.pragma('journal_mode = WAL');
      // NORMAL in WAL survives a process crash; a power loss may lose the last checkpoint moves, which
      // only means those events are delivered again (at least once, same idempotency keys).
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > SCHEMA_VERSION) {
        throw new Error(
          `Sink state in ${options.path} has schema ${version}, newer than this build (${SCHEMA_VERSION})`,
        );
      }
      db.exec(schema);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteSinkStateStore(db, options.now);
  }

  async loadTarget(target: string): Promise<TargetState> {
    const row = this.statement<[string], { position: number; delivered: number; skipped: number }>(
      'SELECT position, delivered, skipped FROM sink_checkpoints WHERE target = ?',
    ).get(target);
    const parked = this.statement<[string], { stream_id: string }>(
      'SELECT stream_id FROM sink_parked_streams WHERE target = ? ORDER BY stream_id',
    )
      .all(target)
      .map((r) => r.stream_id);
    const releasable = this.statement<[string, string], { stream_id: string }>(
      `SELECT DISTINCT h.stream_id FROM sink_held_events h
         WHERE h.target = ? AND NOT EXISTS
           (SELECT 1 FROM sink_parked_streams p WHERE p.target = ? AND p.stream_id = h.stream_id)
         ORDER BY h.stream_id`,
    )
      .all(target, target)
      .map((r) => r.stream_id);
    return {
      checkpoint: row?.position ?? 0,
      delivered: row?.delivered ?? 0,
      skipped: row?.skipped ?? 0,
      parkedStreams: parked,
      releasableStreams: releasable,
    };
  }

  async saveCheckpoint(target: string, position: number): Promise<void> {
    this.advanceCheckpoint(target, position);
  }

  async recordDelivered(target: string, settlement: Settlement): Promise<void> {
    this.db.transaction(() => {
      this.settle(target, settlement);
      this.bumpCounter(target, 'delivered');
    })();
  }

  async recordSkipped(target: string, settlement: Settlement): Promise<void> {
    this.db.transaction(() => {
      this.settle(target, settlement);
      this.bumpCounter(target, 'skipped');
    })();
  }

  async recordDeadLetter(
    target: string,
    deadLetter: NewDeadLetter,
    settlement: Settlement,
  ): Promise<DeadLetter> {
    return this.db.transaction(() => {
      const at = this.timestamp();
      const { ref } = deadLetter;
      const row = this.statement<unknown[], DeadLetterRow>(
        `INSERT INTO sink_dead_letters
             (target, stream_id, position, event_id, event_type, reason, status, attempts, http_status,
              last_error, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)
           ON CONFLICT (target, event_id) DO UPDATE SET
             reason = excluded.reason, status = 'open', attempts = attempts + excluded.attempts,
             http_status = excluded.http_status, last_error = excluded.last_error,
             updated_at = excluded.updated_at, resolved_at = NULL
           RETURNING *`,
      ).get(
        target,
        ref.streamId,
        ref.position,
        ref.eventId,
        ref.eventType,
        deadLetter.reason,
        deadLetter.attempts,
        deadLetter.httpStatus ?? null,
        deadLetter.error,
        at,
        at,
      );
      if (!row) throw new Error('dead letter insert returned no row');
      this.statement(
        `INSERT INTO sink_parked_streams (target, stream_id, dead_letter_id, parked_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (target, stream_id) DO UPDATE SET dead_letter_id = excluded.dead_letter_id`,
      ).run(target, ref.streamId, row.id, at);
      this.settle(target, settlement);
      return toDeadLetter(row);
    })();
  }

  async holdEvents(target: string, refs: readonly EventRef[], checkpoint?: number): Promise<void> {
    this.db.transaction(() => {
      const at = this.timestamp();
      const insert = this.statement(
        `INSERT OR IGNORE INTO sink_held_events (target, stream_id, position, event_id, event_type, held_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      );
      for (const ref of refs) insert.run(target, ref.streamId, ref.position, ref.eventId, ref.eventType, at);
      if (checkpoint !== undefined) this.advanceCheckpoint(target, checkpoint);
    })();
  }

  async heldEvents(target: string, streamId: string): Promise<EventRef[]> {
    return this.statement<[string, string], HeldRow>(
      `SELECT stream_id, position, event_id, event_type FROM sink_held_events
         WHERE target = ? AND stream_id = ? ORDER BY position`,
    )
      .all(target, streamId)
      .map((r) => ({
        streamId: r.stream_id,
        position: r.position,
        eventId: r.event_id,
        eventType: r.event_type,
      }));
  }

  async countHeld(target: string): Promise<number> {
    const row = this.statement<[string], { n: number }>(
      'SELECT count(*) AS n FROM sink_held_events WHERE target = ?',
    ).get(target);
    return row?.n ?? 0;
  }

  async getDeadLetter(id: number): Promise<DeadLetter | undefined> {
    const row = this.statement<[number], DeadLetterRow>('SELECT * FROM sink_dead_letters WHERE id = ?').get(
      id,
    );
    return row ? toDeadLetter(row) : undefined;
  }

  async listDeadLetters(query: DeadLetterQuery = {}): Promise<DeadLetter[]> {
    const conditions: string[] = ['id > ?'];
    const params: unknown[] = [query.afterId ?? 0];
    const status = query.status ?? 'open';
    if (status !== 'all') {
      conditions.push('status = ?');
      params.push(status);
    }
    if (query.target !== undefined) {
      conditions.push('target = ?');
      params.push(query.target);
    }
    if (query.streamId !== undefined) {
      conditions.push('stream_id = ?');
      params.push(query.streamId);
    }
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), 1000);
    params.push(limit);
    return this.statement<unknown[], DeadLetterRow>(
      `SELECT * FROM sink_dead_letters WHERE ${conditions.join(' AND ')} ORDER BY id LIMIT ?`,
    )
      .all(...params)
      .map(toDeadLetter);
  }

  async countDeadLetters(target: string, status: DeadLetterStatus = 'open'): Promise<number> {
    const row = this.statement<[string, string], { n: number }>(
      'SELECT count(*) AS n FROM sink_dead_letters WHERE target = ? AND status = ?',
    ).get(target, status);
    return row?.n ?? 0;
  }

  async recordDeadLetterAttempt(
    id: number,
    attempts: number,
    httpStatus: number | undefined,
    error: string,
  ): Promise<DeadLetter> {
    return this.db.transaction(() => {
      this.requireOpen(id);
      const row = this.statement<unknown[], DeadLetterRow>(
        `UPDATE sink_dead_letters SET attempts = attempts + ?, http_status = ?, last_error = ?, updated_at = ?
           WHERE id = ? RETURNING *`,
      ).get(attempts, httpStatus ?? null, error, this.timestamp(), id);
      if (!row) throw new DeadLetterNotFound(id);
      return toDeadLetter(row);
    })();
  }

  async resolveDeadLetter(id: number, status: 'delivered' | 'discarded', note?: string): Promise<DeadLetter> {
    return this.db.transaction(() => {
      const open = this.requireOpen(id);
      const at = this.timestamp();
      const row = this.statement<unknown[], DeadLetterRow>(
        `UPDATE sink_dead_letters SET status = ?, resolved_at = ?, updated_at = ?, note = coalesce(?, note)
           WHERE id = ? RETURNING *`,
      ).get(status, at, at, note ?? null, id);
      if (!row) throw new DeadLetterNotFound(id);
      this.statement(
        'DELETE FROM sink_parked_streams WHERE target = ? AND stream_id = ? AND dead_letter_id = ?',
      ).run(open.target, open.stream_id, id);
      return toDeadLetter(row);
    })();
  }

  async forgetTarget(target: string): Promise<void> {
    this.db.transaction(() => {
      for (const table of [
        'sink_held_events',
        'sink_parked_streams',
        'sink_dead_letters',
        'sink_checkpoints',
      ])
        this.db.prepare(`DELETE FROM ${table} WHERE target = ?`).run(target);
    })();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private requireOpen(id: number): DeadLetterRow {
    const row = this.statement<[number], DeadLetterRow>('SELECT * FROM sink_dead_letters WHERE id = ?').get(
      id,
    );
    if (!row) throw new DeadLetterNotFound(id);
    if (row.status !== 'open') throw new DeadLetterNotOpen(id, row.status);
    return row;
  }

  private settle(target: string, settlement: Settlement): void {
    if (settlement.source === 'held') {
      this.statement('DELETE FROM sink_held_events WHERE target = ? AND position = ?').run(
        target,
        settlement.position,
      );
    } else if (settlement.checkpoint !== undefined) {
      this.advanceCheckpoint(target, settlement.checkpoint);
    }
  }

  private advanceCheckpoint(target: string, position: number): void {
    this.statement(
      `INSERT INTO sink_checkpoints (target, position, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (target) DO UPDATE SET position = max(position, excluded.position), updated_at = excluded.updated_at`,
    ).run(target, position, this.timestamp());
  }

  private bumpCounter(target: string, column: 'delivered' | 'skipped'): void {
    this.statement(
      `INSERT INTO sink_checkpoints (target, position, ${column}, updated_at) VALUES (?, 0, 1, ?)
         ON CONFLICT (target) DO UPDATE SET ${column} = ${column} + 1`,
    ).run(target, this.timestamp());
  }

  /** Prepared statements are compiled once per SQL text. */
  private statement<P extends unknown[] = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement as Database.Statement<P, R>;
  }

  private timestamp(): string {
    return this.now().toISOString();
  }
}

function toDeadLetter(row: DeadLetterRow): DeadLetter {
  return {
    id: row.id,
    target: row.target,
    streamId: row.stream_id,
    position: row.position,
    eventId: row.event_id,
    eventType: row.event_type,
    reason: row.reason,
    status: row.status,
    attempts: row.attempts,
    httpStatus: row.http_status,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
    note: row.note,
  };
}
