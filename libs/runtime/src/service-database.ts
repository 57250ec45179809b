import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';

/** File (under the data dir) of the service's own small tables: tokens and the access log. */
export const SERVICE_DATABASE_FILE = 'service.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS tokens (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  subject TEXT NOT NULL,
  role TEXT NOT NULL,
  scope TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS access_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  token_id TEXT,
  subject TEXT NOT NULL,
  role TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  status INTEGER NOT NULL,
  action TEXT NOT NULL
);
-- The transaction index once kept here was a second read side, written after the event commit; search now
-- reads the public-disclosure read model (checkpointed, rebuildable), so the table goes.
DROP TABLE IF EXISTS transactions;
`;

/**
 * Opens (creating when needed) the service database. It holds no audit data: the event store file is the
 * record.
 */
export function openServiceDatabase(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, SERVICE_DATABASE_FILE));
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a process crash; a power cut may lose the last commits. The few access-log
  // lines at risk do not justify an fsync per request; token records are written with FULL (token-store.ts).
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  return db;
}
