import type Database from 'better-sqlite3';
import { chainHash } from '../integrity/hash-chain';

/** A row of the SQLite store's `events` table, as an insider reads it. */
export interface StoredRow {
  position: number;
  id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
  prev_hash: string;
  hash: string;
}

/**
 * Re-seals a stream's whole chain in a SQLite event file with the project's own chainHash, as an insider holding
 * the data directory would after editing an event (the tamper and attack tests).
 */
export function resealStream(db: Database.Database, streamId: string): void {
  const rows = db
    .prepare('SELECT * FROM events WHERE stream_id = ? ORDER BY revision')
    .all(streamId) as StoredRow[];
  let prev = '0'.repeat(64);
  for (const row of rows) {
    const hash = chainHash(prev, {
      id: row.id,
      type: row.type,
      streamId: row.stream_id,
      revision: row.revision,
      data: JSON.parse(row.data),
      metadata: JSON.parse(row.metadata),
      recordedAt: row.recorded_at,
    });
    db.prepare('UPDATE events SET prev_hash = ?, hash = ? WHERE position = ?').run(prev, hash, row.position);
    prev = hash;
  }
}
