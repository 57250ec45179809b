import Database from 'better-sqlite3';

export interface ProjectionState {
  projection: string;
  generation: number;
  version: number;
  position: number;
}

/**
 * The SQLite file holding every read model and the projections' bookkeeping: which generation of each
 * projection is live, and the checkpoint of every generation (written in the read model's own transaction).
 */
export class ReadModelDatabase {
  readonly db: Database.Database;
  /** Prepared once: the checkpoint is written in every applied batch, and preparing costs a SQL parse. */
  private readonly upsertCheckpoint: Database.Statement<[string, number, number, number, string]>;

  private constructor(db: Database.Database) {
    this.db = db;
    this.upsertCheckpoint = db.prepare(
      `INSERT INTO projection_checkpoints (projection, generation, version, position, updated_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (projection, generation) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
    );
  }

  /** `synchronous=NORMAL` is enough: a read model can always be rebuilt, and WAL keeps each transaction atomic. */
  static open(path: string): ReadModelDatabase {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
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
    return new ReadModelDatabase(db);
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
