import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';

/** Which event a leaf is: its id and its position in `$all`. */
export interface LeafRecord {
  index: number;
  eventId: string;
  position: number;
}

export interface TileWrite {
  level: number;
  index: number;
  bytes: Buffer;
}

/**
 * Where the Merkle tree lives, apart from the events: tiles (c2sp.org/tlog-tiles, level -1 for the entries)
 * and, per leaf, the event it stands for. A write is atomic: tiles and leaves of a batch land together.
 */
export interface TileStorage {
  leafCount(): number;
  readTile(level: number, index: number): Buffer | undefined;
  leaf(index: number): LeafRecord | undefined;
  leafOfEvent(eventId: string): LeafRecord | undefined;
  write(tiles: readonly TileWrite[], leaves: readonly LeafRecord[]): void;
  close(): void;
}

/** Another process appended to the tree between this one's read and write; re-read and retry. */
export class TileStoreConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TileStoreConflict';
  }
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS tiles (
    level INTEGER NOT NULL,
    idx   INTEGER NOT NULL,
    bytes BLOB    NOT NULL,
    PRIMARY KEY (level, idx)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS leaves (
    idx      INTEGER PRIMARY KEY,
    event_id TEXT    NOT NULL UNIQUE,
    position INTEGER NOT NULL
  );
`;

/** The tree in its own SQLite file (default `<dataDir>/merkle-tiles.db`), never in the event store. */
export class SqliteTileStorage implements TileStorage {
  private readonly statements;

  private constructor(
    private readonly db: Database.Database,
    readonly: boolean,
  ) {
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec(SCHEMA);
    }
    this.statements = {
      count: db.prepare<[], { n: number | null }>('SELECT max(idx) + 1 AS n FROM leaves'),
      tile: db.prepare<[number, number], { bytes: Buffer }>(
        'SELECT bytes FROM tiles WHERE level = ? AND idx = ?',
      ),
      leaf: db.prepare<[number], { idx: number; event_id: string; position: number }>(
        'SELECT idx, event_id, position FROM leaves WHERE idx = ?',
      ),
      leafOfEvent: db.prepare<[string], { idx: number; event_id: string; position: number }>(
        'SELECT idx, event_id, position FROM leaves WHERE event_id = ?',
      ),
      putTile: db.prepare('INSERT OR REPLACE INTO tiles (level, idx, bytes) VALUES (?, ?, ?)'),
      putLeaf: db.prepare('INSERT INTO leaves (idx, event_id, position) VALUES (?, ?, ?)'),
    };
  }

  /** `readonly`: a reader beside the process that appends (the whole-store verification's thread). */
  static open(file: string, options: { readonly?: boolean } = {}): SqliteTileStorage {
    if (options.readonly) {
      return new SqliteTileStorage(new Database(file, { readonly: true, fileMustExist: true }), true);
    }
    mkdirSync(path.dirname(file), { recursive: true });
    return new SqliteTileStorage(new Database(file), false);
  }

  static inDataDir(dataDir: string): SqliteTileStorage {
    return SqliteTileStorage.open(path.join(dataDir, 'merkle-tiles.db'));
  }

  /** The database file. */
  get file(): string {
    return this.db.name;
  }

  leafCount(): number {
    return this.statements.count.get()?.n ?? 0;
  }

  readTile(level: number, index: number): Buffer | undefined {
    return this.statements.tile.get(level, index)?.bytes;
  }

  leaf(index: number): LeafRecord | undefined {
    const row = this.statements.leaf.get(index);
    return row && { index: row.idx, eventId: row.event_id, position: row.position };
  }

  leafOfEvent(eventId: string): LeafRecord | undefined {
    const row = this.statements.leafOfEvent.get(eventId);
    return row && { index: row.idx, eventId: row.event_id, position: row.position };
  }

  write(tiles: readonly TileWrite[], leaves: readonly LeafRecord[]): void {
    this.db
      .transaction(() => {
        // One process maintains the tree: a second writer (stale in memory) must fail, not interleave.
        const expected = leaves[0]?.index;
        if (expected !== undefined && this.leafCount() !== expected) {
          throw new TileStoreConflict(
            `the tile store holds ${this.leafCount()} leaves, this process expected ${expected}: another process is appending to ${this.db.name}`,
          );
        }
        for (const tile of tiles) this.statements.putTile.run(tile.level, tile.index, tile.bytes);
        for (const leaf of leaves) this.statements.putLeaf.run(leaf.index, leaf.eventId, leaf.position);
      })
      .immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
