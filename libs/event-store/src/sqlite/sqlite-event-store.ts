import Database from 'better-sqlite3';
import { type Clock, systemClock } from '../clock';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { DuplicateEventId, StoreClosed, StreamNotFound } from '../errors';
import type {
  AllFilter,
  AppendOptions,
  AppendResult,
  EventData,
  EventStore,
  ExpectedRevision,
  Position,
  ReadAllFrom,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  StreamAppendOutcome,
  SubscribeToAllOptions,
  SubscribeToStreamOptions,
  Subscription,
} from '../event-store.port';
import {
  checkExpectedRevision,
  checkReadAllFrom,
  resolveRetry,
  sealEvents,
  validateAppend,
  type ChainTip,
} from '../shared/append-rules';
import { CatchUpSubscription } from './catch-up-subscription';
import { ChangeNotifier } from './change-notifier';
import { EVENT_COLUMNS, decodeRow, type EventRow } from './event-rows';
import { filterCondition } from './filter-sql';
import { GroupCommit, type Outcome } from './group-commit';
import { migrate } from './schema';

export interface SqliteEventStoreOptions {
  /** The database file; its directory is created when missing. */
  path: string;
  /** FULL (default) fsyncs every commit: audit-grade. NORMAL may lose the last commits on power loss. */
  synchronous?: 'FULL' | 'NORMAL';
  /** How often an idle subscription re-reads, to see commits made by another process (default 250 ms). */
  pollIntervalMs?: number;
  /** Stamps `recordedAt` (default: the system clock). */
  clock?: Clock;
  /** SQLite's page cache for this connection, MiB (default 64; a reader scanning once needs little). */
  cacheMiB?: number;
}

interface AppendRequest {
  streamId: string;
  events: readonly EventData[];
  expected: ExpectedRevision;
}

/** Events per read while a subscription catches up. */
const SUBSCRIPTION_PAGE = 1000;

/**
 * The embedded event store: one SQLite file in WAL mode. Appends from one event-loop turn are written in
 * one transaction (group commit); each append runs in its own savepoint, so one failing append does not
 * affect the others. Subscriptions re-read from their last delivered event whenever a commit lands.
 */
export class SqliteEventStore implements EventStore {
  private closed = false;
  private readonly notifier = new ChangeNotifier();
  private readonly commitListeners = new Set<() => void>();
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private readonly appends: GroupCommit<AppendRequest, AppendResult>;
  private readonly writeOne: Database.Transaction<(request: AppendRequest) => AppendResult>;
  private readonly filteredReads = new Map<string, Database.Statement<unknown[], EventRow>>();
  private readonly sizeReads = new Map<string, Database.Statement<unknown[], [number, number]>>();
  private readonly statements;

  private constructor(
    private readonly db: Database.Database,
    private readonly options: SqliteEventStoreOptions,
  ) {
    const select = `SELECT ${EVENT_COLUMNS} FROM events`;
    this.statements = {
      tip: db.prepare<[string], ChainTip>(
        'SELECT revision, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
      ),
      byId: db.prepare<[string], EventRow>(`${select} WHERE id = ?`).raw(true),
      insert: db.prepare<[string, string, number, string, string, string, string, string, string]>(
        `INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      head: db.prepare<[], { head: number | null }>('SELECT max(position) AS head FROM events'),
      streamForwards: db
        .prepare<[string, number, number], EventRow>(
          `${select} WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`,
        )
        .raw(true),
      streamBackwards: db
        .prepare<[string, number, number], EventRow>(
          `${select} WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
        )
        .raw(true),
    };
    this.writeOne = db.transaction((request: AppendRequest) => this.writeAppend(request));
    this.appends = new GroupCommit(
      (requests) => this.writeBatch(requests, this.writeOne),
      () => this.committed(),
    );
  }

  /** The database file (another thread or process may open it beside this one). */
  get file(): string {
    return this.options.path;
  }

  static async open(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    mkdirSync(path.dirname(path.resolve(options.path)), { recursive: true });
    const db = new Database(options.path);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
      // Another process (a worker, the CLI) may hold the write lock for a moment.
      db.pragma('busy_timeout = 5000');
      // Zero the space SQLite frees when it moves rows between pages, so the file holds each stored event once
      // (no stale copies for an auditor or a tamper check to trip over). Rows are never deleted: no cost there.
      db.pragma('secure_delete = ON');
      // The unique index on random event ids is touched at a random page by every append; a 64 MiB page
      // cache (default 2 MiB) keeps it in memory well past a million events.
      db.pragma(`cache_size = -${Math.round((options.cacheMiB ?? 64) * 1024)}`);
      migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteEventStore(db, options);
  }

  async append(
    streamId: string,
    events: readonly EventData[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    this.assertOpen();
    const expected = options.expectedRevision ?? 'any';
    validateAppend(streamId, events, expected);
    return this.appends.submit({ streamId, events, expected });
  }

  async appendMany(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]> {
    this.assertOpen();
    const outcomes: StreamAppendOutcome[] = [];
    const valid: { index: number; request: AppendRequest }[] = [];
    appends.forEach(({ streamId, events, expectedRevision }, index) => {
      const expected = expectedRevision ?? 'any';
      try {
        validateAppend(streamId, events, expected);
        valid.push({ index, request: { streamId, events, expected } });
      } catch (error) {
        outcomes[index] = { ok: false, error };
      }
    });
    if (valid.length === 0) return outcomes;
    // Appends queued before this call go first; then every part in one transaction (a savepoint each), written
    // here rather than queued, so a failure of the transaction itself rejects the call with nothing stored.
    this.appends.flush();
    const written = this.writeBatch(
      valid.map(({ request }) => request),
      this.writeOne,
    );
    valid.forEach(({ index }, i) => {
      const outcome = written[i]!;
      outcomes[index] = outcome.ok
        ? { ok: true, result: outcome.value }
        : { ok: false, error: outcome.error };
    });
    if (written.some((outcome) => outcome.ok)) this.committed();
    return outcomes;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = options.maxCount ?? -1;
    if (limit === 0) return [];
    const forwards = (options.direction ?? 'forwards') === 'forwards';
    const from = inclusiveBound(options.fromRevision, forwards);
    const rows = forwards
      ? this.statements.streamForwards.all(streamId, from, limit)
      : this.statements.streamBackwards.all(streamId, from, limit);
    if (rows.length === 0 && this.statements.tip.get(streamId) === undefined)
      throw new StreamNotFound(streamId);
    return rows.map(decodeRow);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = options.maxCount ?? -1;
    if (limit === 0) return [];
    const forwards = (options.direction ?? 'forwards') === 'forwards';
    const bound = allBound(options.from, forwards);
    if (bound === 'empty') return [];
    if (options.maxBytes === undefined)
      return this.selectAll(bound.condition, [bound.position], options.filter, forwards, limit).map(
        decodeRow,
      );
    const fit = this.fitBytes(bound, options.filter, forwards, limit, options.maxBytes);
    if (fit === undefined) return [];
    return this.selectAll(
      'position BETWEEN ? AND ?',
      [fit.low, fit.high],
      options.filter,
      forwards,
      fit.count,
    ).map(decodeRow);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    this.assertOpen();
    const from = options.from ?? 'start';
    const filter = options.filter;
    return this.track({
      cursor: from === 'start' ? 0 : from === 'end' ? this.head() : from.after,
      // Read up to the head seen now; when the page is not full everything up to it was scanned, so the
      // next read starts there even if the filter matched nothing (positions commit in order: no holes).
      read: (cursor) => {
        const head = this.head();
        const rows = this.selectAll(
          'position > ? AND position <= ?',
          [cursor, head],
          filter,
          true,
          SUBSCRIPTION_PAGE,
        );
        const events = rows.map(decodeRow);
        return {
          events,
          cursor: rows.length < SUBSCRIPTION_PAGE ? Math.max(head, cursor) : rows[rows.length - 1]![0],
        };
      },
    });
  }

  subscribeToStream(streamId: string, options: SubscribeToStreamOptions = {}): Subscription {
    this.assertOpen();
    const from = options.from ?? 'start';
    return this.track({
      cursor:
        from === 'start'
          ? -1
          : from === 'end'
            ? (this.statements.tip.get(streamId)?.revision ?? -1)
            : from.after,
      read: (cursor) => {
        const events = this.statements.streamForwards
          .all(streamId, cursor + 1, SUBSCRIPTION_PAGE)
          .map(decodeRow);
        return { events, cursor: events.length > 0 ? events[events.length - 1]!.revision : cursor };
      },
    });
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    this.assertOpen();
    return this.statements.tip.get(streamId)?.revision;
  }

  async headPosition(): Promise<Position> {
    this.assertOpen();
    return this.head();
  }

  async health(): Promise<{ ok: boolean; detail: string }> {
    if (this.closed) return { ok: false, detail: 'closed' };
    try {
      return { ok: true, detail: `sqlite ${this.options.path}, head position ${this.head()}` };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Writes what is queued, ends subscriptions, checkpoints the WAL into the main file and closes it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.appends.flush();
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
    }
  }

  private writeBatch(
    requests: AppendRequest[],
    writeOne: Database.Transaction<(request: AppendRequest) => AppendResult>,
  ): Outcome<AppendResult>[] {
    if (requests.length === 1) {
      try {
        return [{ ok: true, value: writeOne.immediate(requests[0]!) }];
      } catch (error) {
        return [{ ok: false, error }];
      }
    }
    // Nested transaction functions run as savepoints: a failing append rolls back alone.
    return this.db
      .transaction(() =>
        requests.map((request): Outcome<AppendResult> => {
          try {
            return { ok: true, value: writeOne(request) };
          } catch (error) {
            return { ok: false, error };
          }
        }),
      )
      .immediate();
  }

  /** One append, inside a transaction or savepoint. */
  private writeAppend({ streamId, events, expected }: AppendRequest): AppendResult {
    const tip = this.statements.tip.get(streamId);
    const firstStored = this.statements.byId.get(events[0]!.id);
    if (firstStored) {
      const stored = events.map((event, i) => {
        const row = i === 0 ? firstStored : this.statements.byId.get(event.id);
        return row && decodeRow(row);
      });
      return toResult(resolveRetry(streamId, events, expected, stored, tip?.revision));
    }
    // Checked up front rather than read off the UNIQUE violation, so the caller always gets the typed error.
    const reused = events.find((event, i) => i > 0 && this.statements.byId.get(event.id));
    if (reused) throw new DuplicateEventId(reused.id, 'already stored as another event');
    checkExpectedRevision(streamId, expected, tip?.revision);
    const recordedAt = (this.options.clock ?? systemClock).now().toISOString();
    const recorded = sealEvents(streamId, events, tip, recordedAt).map((event): RecordedEvent => {
      try {
        const { lastInsertRowid } = this.statements.insert.run(
          event.id,
          streamId,
          event.revision,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
          event.recordedAt,
          event.prevHash,
          event.hash,
        );
        return { ...event, position: Number(lastInsertRowid) };
      } catch (error) {
        if (error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw new DuplicateEventId(event.id, 'already stored as another event');
        }
        throw error;
      }
    });
    return toResult(recorded);
  }

  private selectAll(
    condition: string,
    params: number[],
    filter: AllFilter | undefined,
    forwards: boolean,
    limit: number,
  ): EventRow[] {
    const where = filterCondition(filter);
    const sql = `SELECT ${EVENT_COLUMNS} FROM events WHERE ${condition} AND ${where.sql}
                 ORDER BY position ${forwards ? 'ASC' : 'DESC'} LIMIT ?`;
    let statement = this.filteredReads.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], EventRow>(sql).raw(true);
      this.filteredReads.set(sql, statement);
    }
    return statement.all(...params, ...where.params, limit);
  }

  /**
   * The rows a byte-bounded read returns, sized before any is read (`octet_length` takes the size from the
   * record header without loading the text): their count and the span of their positions. Rows are never
   * deleted and new ones take higher positions, so reading that span again yields exactly these rows.
   */
  private fitBytes(
    bound: { condition: string; position: number },
    filter: AllFilter | undefined,
    forwards: boolean,
    limit: number,
    maxBytes: number,
  ): { count: number; low: number; high: number } | undefined {
    const where = filterCondition(filter);
    const sql = `SELECT position, octet_length(data) + octet_length(metadata) FROM events
                 WHERE ${bound.condition} AND ${where.sql} ORDER BY position ${forwards ? 'ASC' : 'DESC'} LIMIT ?`;
    let statement = this.sizeReads.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], [number, number]>(sql).raw(true);
      this.sizeReads.set(sql, statement);
    }
    let count = 0;
    let bytes = 0;
    let first = 0;
    let last = 0;
    // Iterated, not `all()`: without a maxCount the scan stops at the first row that does not fit.
    for (const [position, size] of statement.iterate(bound.position, ...where.params, limit)) {
      if (count > 0 && bytes + size > maxBytes) break;
      if (count === 0) first = position;
      last = position;
      bytes += size;
      count += 1;
    }
    if (count === 0) return undefined;
    return { count, low: Math.min(first, last), high: Math.max(first, last) };
  }

  /**
   * Calls `listener` after every commit of this connection: another connection on the same file (a worker
   * thread's) can then be told at once (`changed()`) rather than find the events at its next poll.
   */
  onCommit(listener: () => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  /**
   * Another connection committed to this file: waiting subscriptions re-read now instead of at their next
   * poll (`pollIntervalMs`, which stays the fallback for writers that do not tell, such as the CLI).
   */
  changed(): void {
    this.notifier.notify();
  }

  private committed(): void {
    this.notifier.notify();
    for (const listener of this.commitListeners) listener();
  }

  private head(): number {
    return this.statements.head.get()?.head ?? 0;
  }

  private track(
    options: Pick<ConstructorParameters<typeof CatchUpSubscription>[0], 'cursor' | 'read'>,
  ): Subscription {
    const subscription = new CatchUpSubscription({
      ...options,
      read: (cursor) => {
        this.assertOpen();
        return options.read(cursor);
      },
      notifier: this.notifier,
      pollMs: this.options.pollIntervalMs ?? 250,
      onClose: (s) => this.subscriptions.delete(s),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosed();
  }
}

/** Where a read of `$all` starts, as a SQL condition on the position (positions here are 1..n). */
function allBound(
  from: ReadAllFrom | undefined,
  forwards: boolean,
): { condition: string; position: number } | 'empty' {
  const start = checkReadAllFrom(from, forwards);
  if (start === 'empty') return start;
  if (start === 'all')
    return {
      condition: forwards ? 'position >= ?' : 'position <= ?',
      position: forwards ? 0 : Number.MAX_SAFE_INTEGER,
    };
  const { position, inclusive } = start;
  return { condition: `position ${forwards ? '>' : '<'}${inclusive ? '=' : ''} ?`, position };
}

/** A read's first revision, inclusive; 'start' is 0 and 'end' lies past every event. */
function inclusiveBound(from: number | 'start' | 'end' | undefined, forwards: boolean): number {
  if (typeof from === 'number') return from;
  const atStart = from === 'start' || (from === undefined && forwards);
  return atStart ? 0 : Number.MAX_SAFE_INTEGER;
}

function toResult(events: RecordedEvent[]): AppendResult {
  const last = events[events.length - 1]!;
  return { nextExpectedRevision: last.revision, position: last.position, events };
}
