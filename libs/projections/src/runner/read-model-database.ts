import { statSync } from 'node:fs';
import Database from 'better-sqlite3';

export interface ProjectionState {
  projection: string;
  generation: number;
  version: number;
  position: number;
}

const BUSY_TIMEOUT_MS = 5000;
/** Default bound of `read-models.sqlite-wal` (see `checkpointIfLarge`). */
export const DEFAULT_WAL_LIMIT_BYTES = 64 * 1024 * 1024;
/** Longest a TRUNCATE checkpoint waits for readers to leave the WAL (it holds the writer meanwhile). */
const WAL_CHECKPOINT_WAIT_MS = 250;

export interface ReadModelDatabaseOptions {
  /** The WAL is checkpointed and truncated once past this (default 64 MiB), and cut to it on every reset. */
  walLimitBytes?: number;
  /** Shortest time between two looks at the WAL's size (default 200 ms; 0: after every commit). */
  walCheckIntervalMs?: number;
}

/**
 * The SQLite file holding every read model and the projections' bookkeeping: which generation of each
 * projection is live, and the checkpoint of every generation (written in the read model's own transaction).
 */
export class ReadModelDatabase {
  readonly db: Database.Database;
  /** Prepared once: the checkpoint is written in every applied batch, and preparing costs a SQL parse. */
  private readonly upsertCheckpoint: Database.Statement<[string, number, number, number, string]>;

  private readonly walFile: string;
  private readonly walLimitBytes: number;
  private readonly walCheckIntervalMs: number;
  private lastWalCheck = -Infinity;
  /** TRUNCATE checkpoints run (`truncated`) and refused by a reader still in the WAL (`busy`): for tests and status. */
  readonly walCheckpoints = { truncated: 0, busy: 0 };

  private constructor(db: Database.Database, options: ReadModelDatabaseOptions) {
    this.db = db;
    this.walFile = `${db.name}-wal`;
    this.walLimitBytes = options.walLimitBytes ?? DEFAULT_WAL_LIMIT_BYTES;
    this.walCheckIntervalMs = options.walCheckIntervalMs ?? 200;
    this.upsertCheckpoint = db.prepare(
      `INSERT INTO projection_checkpoints (projection, generation, version, position, updated_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (projection, generation) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
    );
  }

  /** `synchronous=NORMAL` is enough: a read model can always be rebuilt, and WAL keeps each transaction atomic. */
  static open(path: string, options: ReadModelDatabaseOptions = {}): ReadModelDatabase {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // A WAL reset by a checkpoint is truncated to this, rather than kept at its largest size for good.
    db.pragma(`journal_size_limit = ${options.walLimitBytes ?? DEFAULT_WAL_LIMIT_BYTES}`);
    db.exec(`
      CREATE TABLE IF NOT EXISTS projection_checkpoints (
        projection TEXT NOT NULL,
        generation INTEGER NOT NULL,
        version INTEGER NOT NULL,
        position INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (projection, generation)
      );
      CREATE TABLE IF NOT EXISTS projection_live (
        projection TEXT PRIMARY KEY,
        generation INTEGER NOT NULL
      );
    `);
    return new ReadModelDatabase(db, options);
  }

  /**
   * Called by the writer after each commit (every slice of a build, every live round): once the WAL has grown
   * past `walLimitBytes`, checkpoints it whole and truncates it (TRUNCATE). SQLite's own checkpoint after a
   * commit is PASSIVE: it copies only the frames no reader's snapshot still needs, and the WAL restarts from
   * its beginning only when no reader is in it, so under a steady query load (the read pool, the request
   * thread) it kept growing with the build (562 MB at 10M). TRUNCATE waits for the readers in the WAL to
   * finish their (short) transactions, at most `WAL_CHECKPOINT_WAIT_MS`; new readers then read the database
   * file, so a steady stream of them does not hold it back. When a reader is still there after the wait, it
   * is tried again at a later commit. Checked at most every `walCheckIntervalMs` (a stat of the WAL file).
   */
  checkpointIfLarge(): void {
    const now = performance.now();
    if (now - this.lastWalCheck < this.walCheckIntervalMs) return;
    this.lastWalCheck = now;
    let size: number;
    try {
      size = statSync(this.walFile).size;
    } catch {
      return;
    }
    if (size <= this.walLimitBytes) return;
    this.db.pragma(`busy_timeout = ${WAL_CHECKPOINT_WAIT_MS}`);
    try {
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
      if (result?.busy) this.walCheckpoints.busy++;
      else this.walCheckpoints.truncated++;
    } catch {
      this.walCheckpoints.busy++;
    } finally {
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  liveState(projection: string): ProjectionState | undefined {
    // Prepared once: every query endpoint resolves the live generation per request.
    this.liveStateQuery ??= this.db.prepare(
      `SELECT c.projection, c.generation, c.version, c.position FROM projection_live l
       JOIN projection_checkpoints c ON c.projection = l.projection AND c.generation = l.generation
       WHERE l.projection = ?`,
    );
    return this.liveStateQuery.get(projection) as ProjectionState | undefined;
  }

  private liveStateQuery?: Database.Statement<[string]>;

  checkpoint(projection: string, generation: number): number | undefined {
    const row = this.db
      .prepare('SELECT position FROM projection_checkpoints WHERE projection = ? AND generation = ?')
      .get(projection, generation) as { position: number } | undefined;
    return row?.position;
  }

  /** Must be called inside the transaction that applied the events up to `position`. */
  saveCheckpoint(projection: string, generation: number, version: number, position: number): void {
    this.upsertCheckpoint.run(projection, generation, version, position, new Date().toISOString());
  }

  /** Every generation of `projection` with a checkpoint (live, being rebuilt, or left unfinished). */
  generations(projection: string): Array<{ generation: number; version: number; position: number }> {
    return this.db
      .prepare('SELECT generation, version, position FROM projection_checkpoints WHERE projection = ?')
      .all(projection) as Array<{ generation: number; version: number; position: number }>;
  }

  nextGeneration(projection: string): number {
    const row = this.db
      .prepare('SELECT MAX(generation) AS g FROM projection_checkpoints WHERE projection = ?')
      .get(projection) as { g: number | null };
    return (row.g ?? 0) + 1;
  }

  /** Makes `generation` the live one; call inside a transaction together with retiring the old tables. */
  setLive(projection: string, generation: number): void {
    this.db
      .prepare(
        `INSERT INTO projection_live (projection, generation) VALUES (?, ?)
         ON CONFLICT (projection) DO UPDATE SET generation = excluded.generation`,
      )
      .run(projection, generation);
  }

  forgetGeneration(projection: string, generation: number): void {
    this.db
      .prepare('DELETE FROM projection_checkpoints WHERE projection = ? AND generation = ?')
      .run(projection, generation);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
