import type Database from 'better-sqlite3';

/**
 * Schema migrations, versioned in code. `PRAGMA user_version` holds the number of migrations applied; each
 * runs once, in its own transaction, in order. Append new migrations at the end; never edit a shipped one.
 */
const MIGRATIONS: readonly string[] = [
  // 1: events, with the global position as the rowid (contiguous 1..n: rows are never deleted and a failed
  // transaction rolls its rowids back). Data and metadata are JSON text, stored once, as the caller sent them.
  `CREATE TABLE events (
     position    INTEGER PRIMARY KEY,
     id          TEXT    NOT NULL UNIQUE,
     stream_id   TEXT    NOT NULL,
     revision    INTEGER NOT NULL CHECK (revision >= 0),
     type        TEXT    NOT NULL,
     data        TEXT    NOT NULL,
     metadata    TEXT    NOT NULL,
     recorded_at TEXT    NOT NULL,
     prev_hash   TEXT    NOT NULL,
     hash        TEXT    NOT NULL,
     UNIQUE (stream_id, revision)
   )`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export class SchemaTooNew extends Error {
  constructor(found: number) {
    super(`event store schema version ${found} is newer than this code understands (${SCHEMA_VERSION})`);
    this.name = 'SchemaTooNew';
  }
}

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) throw new SchemaTooNew(current);
  for (let version = current; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
