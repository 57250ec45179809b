import Database from 'better-sqlite3';
import { GENESIS_HASH, chainHash, type EventStore, type ReadAllFrom } from '@gongkai/event-store';
import type { BenchEvent } from './chinese-events';

/**
 * One store under test, reduced to the operations the benchmark measures. Every subject stores the same
 * events in a file under `dir`; what each operation costs is the subject's own business.
 */
export interface BenchSubject {
  readonly name: string;
  appendOne(streamId: string, event: BenchEvent): Promise<void>;
  appendBatch(streamId: string, events: BenchEvent[]): Promise<void>;
  /** Why concurrent appends are not measured, when they are not. */
  readonly concurrentUnsupported?: string;
  /** Reads a whole stream; returns the number of events. */
  readStream(streamId: string): Promise<number>;
  /** Pages through `$all` from the start; returns the number of events. */
  readAll(onProgress?: (done: number) => void): Promise<number>;
  /** Delivers `total` events from the start through the subject's subscription mechanism. */
  catchUp(total: number, onProgress?: (done: number) => void): Promise<number>;
  /** How catch-up works for this subject, printed with the figures. */
  readonly catchUpNote: string;
  close(): Promise<void>;
}

const PAGE = 1000;

/** gongkai's store, through the `EventStore` port only. */
export class PortSubject implements BenchSubject {
  readonly catchUpNote = 'subscribeToAll from start (async iterator)';
  constructor(
    readonly name: string,
    private readonly store: EventStore,
  ) {}

  async appendOne(streamId: string, event: BenchEvent): Promise<void> {
    await this.store.append(streamId, [event], { expectedRevision: 'any' });
  }

  async appendBatch(streamId: string, events: BenchEvent[]): Promise<void> {
    await this.store.append(streamId, events, { expectedRevision: 'any' });
  }

  async readStream(streamId: string): Promise<number> {
    return (await this.store.readStream(streamId)).length;
  }

  async readAll(onProgress?: (done: number) => void): Promise<number> {
    let done = 0;
    let from: ReadAllFrom = 'start';
    for (;;) {
      const page = await this.store.readAll({ from, maxCount: PAGE });
      done += page.length;
      onProgress?.(done);
      if (page.length < PAGE) return done;
      from = { after: page[page.length - 1]!.position };
    }
  }

  async catchUp(total: number, onProgress?: (done: number) => void): Promise<number> {
    const subscription = this.store.subscribeToAll({ from: 'start' });
    let done = 0;
    for await (const _event of subscription) {
      done += 1;
      if (done % PAGE === 0) onProgress?.(done);
      if (done >= total) break;
    }
    await subscription.close();
    return done;
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

interface Tip {
  revision: number;
  hash: string;
}

/**
 * The practical limit: better-sqlite3 inserts into one table with the same per-stream SHA-256 chain and
 * canonical JSON, WAL and synchronous=FULL, one transaction per append call. No expected-revision checks
 * beyond the unique constraints, no idempotency lookup, no subscriptions.
 */
export class RawSqliteSubject implements BenchSubject {
  readonly name = 'raw better-sqlite3';
  readonly concurrentUnsupported = 'better-sqlite3 is synchronous: concurrent callers run one after another';
  readonly catchUpNote = 'no subscriptions: paged SELECT by position (same as readAll)';
  private readonly db: Database.Database;
  private readonly tips = new Map<string, Tip>();
  private readonly insert: Database.Statement;
  private readonly byStream: Database.Statement;
  private readonly page: Database.Statement;
  private readonly insertMany: (streamId: string, events: BenchEvent[]) => void;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS events (
      position INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      stream_id TEXT NOT NULL,
      revision INTEGER NOT NULL,
      type TEXT NOT NULL,
      data TEXT NOT NULL,
      metadata TEXT NOT NULL,
      recorded_at TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL,
      UNIQUE (stream_id, revision)
    )`);
    this.insert = this.db.prepare(
      `INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.byStream = this.db.prepare('SELECT * FROM events WHERE stream_id = ? ORDER BY revision');
    this.page = this.db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?');
    this.insertMany = this.db.transaction((streamId: string, events: BenchEvent[]) => {
      const recordedAt = new Date().toISOString();
      let tip = this.tips.get(streamId);
      for (const event of events) {
        const revision = tip ? tip.revision + 1 : 0;
        const prevHash = tip ? tip.hash : GENESIS_HASH;
        const content = { ...event, streamId, revision, recordedAt };
        const hash = chainHash(prevHash, content);
        this.insert.run(
          event.id,
          streamId,
          revision,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
          recordedAt,
          prevHash,
          hash,
        );
        tip = { revision, hash };
      }
      this.tips.set(streamId, tip!);
    });
  }

  async appendOne(streamId: string, event: BenchEvent): Promise<void> {
    this.insertMany(streamId, [event]);
  }

  async appendBatch(streamId: string, events: BenchEvent[]): Promise<void> {
    this.insertMany(streamId, events);
  }

  async readStream(streamId: string): Promise<number> {
    return this.byStream.all(streamId).map(decodeRow).length;
  }

  async readAll(onProgress?: (done: number) => void): Promise<number> {
    let done = 0;
    let after = 0;
    for (;;) {
      const rows = this.page.all(after, PAGE) as RawRow[];
      rows.forEach(decodeRow);
      done += rows.length;
      onProgress?.(done);
      if (rows.length < PAGE) return done;
      after = rows[rows.length - 1]!.position;
    }
  }

  catchUp(_total: number, onProgress?: (done: number) => void): Promise<number> {
    return this.readAll(onProgress);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

interface RawRow {
  position: number;
  data: string;
  metadata: string;
}

function decodeRow(row: unknown): unknown {
  const r = row as RawRow;
  return { ...r, data: JSON.parse(r.data) as unknown, metadata: JSON.parse(r.metadata) as unknown };
}
