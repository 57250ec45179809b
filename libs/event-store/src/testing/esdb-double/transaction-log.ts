/**
 * The storage model of the EventStoreDB test double: one transaction log addressed by byte offsets, streams
 * indexed over it, and the server's rules for expected versions, idempotency and deletes. No gRPC here.
 *
 * Every rule names the EventStoreDB v24.10 source it models (paths under src/ in github.com/EventStore/EventStore
 * at tag v24.10.0). It is a model for tests, not a server: no chunks, no scavenging, no persistence.
 */

/** An event record in the log. Its position is the record's byte offset: commit = prepare for it. */
export interface LogEvent {
  /** Log position (offset of the record), what `$all` reads report as commit and prepare position. */
  position: bigint;
  /** Post-position: the offset right after the record (where the next record starts). */
  end: bigint;
  streamId: string;
  revision: bigint;
  eventId: string;
  type: string;
  contentType: string;
  data: Buffer;
  metadata: Buffer;
  /** .NET ticks (100 ns since 0001-01-01), as the server sends `created`. */
  created: bigint;
}

export type ExpectedState =
  { kind: 'any' | 'no_stream' | 'stream_exists' } | { kind: 'revision'; revision: bigint };

export interface ProposedEvent {
  eventId: string;
  type: string;
  contentType: string;
  data: Buffer;
  metadata: Buffer;
}

export type AppendOutcome =
  | { kind: 'written'; events: LogEvent[]; currentRevision: bigint }
  /** The ids matched events already written at the expected place: nothing written (content is not compared). */
  | { kind: 'idempotent'; currentRevision: bigint; lastPosition: bigint | undefined }
  | { kind: 'wrong-expected-version'; currentRevision: bigint | undefined }
  | { kind: 'stream-deleted' };

interface StreamState {
  events: LogEvent[];
  /** Soft delete: `$tb` of the stream's metadata; reads start at this revision. */
  truncateBefore?: bigint;
  tombstoned: boolean;
}

const TICKS_AT_UNIX_EPOCH = 621_355_968_000_000_000n;

/** .NET ticks of a JavaScript instant. */
export const ticksOf = (ms: number): bigint => TICKS_AT_UNIX_EPOCH + BigInt(ms) * 10_000n;

/**
 * Size of a prepare record on disk (LogRecords/PrepareLogRecord.cs, LogV2 `WriteTo`): length prefix 4, record
 * type 1, version 1, log position 8, flags 2, transaction position 8, transaction offset 4, expected version 8,
 * event stream id (7-bit length + UTF-8), event id 16, correlation id 16, timestamp 8, event type (7-bit length
 * + UTF-8), data length 4 + data, metadata length 4 + metadata, length suffix 4. What matters for the double is
 * that consecutive events are a record's size apart, never 1.
 */
export function recordSize(streamId: string, type: string, data: Buffer, metadata: Buffer): bigint {
  const text = (s: string) => {
    const bytes = Buffer.byteLength(s, 'utf8');
    return bytes + Math.max(1, Math.ceil(Math.log2(bytes + 1) / 7));
  };
  return BigInt(
    4 +
      1 +
      1 +
      8 +
      2 +
      8 +
      4 +
      8 +
      text(streamId) +
      16 +
      16 +
      8 +
      text(type) +
      4 +
      data.length +
      4 +
      metadata.length +
      4,
  );
}

/** The id cache of recently committed events (IndexWriter.cs `_committedEvents`): in memory, bounded. */
class CommittedEventIds {
  private readonly entries = new Map<string, { streamId: string; revision: bigint }>();
  constructor(private readonly limit: number) {}
  get(eventId: string) {
    return this.entries.get(eventId);
  }
  put(eventId: string, streamId: string, revision: bigint): void {
    this.entries.delete(eventId);
    this.entries.set(eventId, { streamId, revision });
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }
  clear(): void {
    this.entries.clear();
  }
}

export interface TransactionLogOptions {
  /** Offset of the first record (default 0). A large value exercises positions beyond 2^53. */
  firstPosition?: bigint;
  /** Size of the committed-event-id cache used for idempotency (server: ESConsts.CommitedEventsMemCacheLimit). */
  idCacheSize?: number;
  /** Clock for `created` (default Date.now). */
  now?: () => number;
}

export class TransactionLog {
  /** Every event record in log order (system events included). */
  readonly records: LogEvent[] = [];
  private readonly streams = new Map<string, StreamState>();
  private readonly ids: CommittedEventIds;
  /** Offset where the next record goes: the writer checkpoint. */
  private writer: bigint;
  /** Offsets of records that are not events (epoch records): valid read positions that no read returns. */
  private readonly boundaries = new Set<bigint>();
  private readonly listeners = new Set<(events: LogEvent[]) => void>();

  constructor(private readonly options: TransactionLogOptions = {}) {
    this.writer = options.firstPosition ?? 0n;
    this.ids = new CommittedEventIds(options.idCacheSize ?? 100_000);
    // A new database starts with an epoch record (TFChunk/EpochManager.cs writes it before anything else): the
    // first event never sits at position 0.
    this.boundaries.add(this.writer);
    this.writer += 128n;
    // ... and the server writes its own events to system streams (`$users`, `$settings`, ...): `$all` is never
    // only the application's. Their exact names do not matter, their `$` prefix does.
    this.write('$users', [systemEvent('$UserCreated', { LoginName: 'admin' })]);
    this.write('$settings', [systemEvent('$settings', { $userStreamAcl: {}, $systemStreamAcl: {} })]);
  }

  get writerCheckpoint(): bigint {
    return this.writer;
  }

  onCommit(listener: (events: LogEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets the in-memory id cache, as a server restart does. */
  restart(): void {
    this.ids.clear();
  }

  /**
   * Whether a read may start at `position` (StorageReaderWorker.cs: a position inside a record makes the chunk
   * reader fail with InvalidReadException, answered as ReadAllResult.InvalidPosition). Record boundaries and the
   * writer checkpoint are valid; forward reads past the end are valid and empty (AllReader.cs stops at the last
   * indexed position).
   */
  isValidReadPosition(position: bigint, forwards: boolean): boolean {
    if (position === this.writer) return true;
    if (position > this.writer) return forwards;
    if (this.boundaries.has(position)) return true;
    return this.indexAt(position) !== undefined;
  }

  /** Index in `records` of the event at exactly `position`. */
  private indexAt(position: bigint): number | undefined {
    const i = this.firstIndexFrom(position);
    return this.records[i]?.position === position ? i : undefined;
  }

  /** Index of the first record at or after `position`. */
  firstIndexFrom(position: bigint): number {
    let lo = 0;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.records[mid]!.position < position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Events of `$all` forwards from `position` (inclusive: AllReader.cs keeps a prepare when
   * `TFPos(prepare.LogPosition, prepare.LogPosition) >= pos`) or backwards from it (exclusive of the event that
   * starts there: a backwards read keeps records whose post-position is `<= pos`).
   */
  *readAll(position: bigint, forwards: boolean): Generator<LogEvent> {
    if (forwards) {
      for (let i = this.firstIndexFrom(position); i < this.records.length; i++) yield this.records[i]!;
    } else {
      for (let i = this.firstIndexFrom(position) - 1; i >= 0; i--) {
        const record = this.records[i]!;
        if (record.end <= position) yield record;
      }
    }
  }

  stream(streamId: string): { events: LogEvent[]; tombstoned: boolean; exists: boolean } {
    const state = this.streams.get(streamId);
    if (!state) return { events: [], tombstoned: false, exists: false };
    const visible =
      state.truncateBefore === undefined
        ? state.events
        : state.events.filter((e) => e.revision >= state.truncateBefore!);
    return { events: visible, tombstoned: state.tombstoned, exists: visible.length > 0 };
  }

  /**
   * An append, decided as IndexWriter.cs `CheckCommit` does: a deleted stream refuses; with `any` or
   * `stream_exists` the request is a retry when the first event id is in the recent-id cache for this stream
   * (every id must then be there, else CorruptedIdempotency, answered as WrongExpectedVersion); with an expected
   * revision behind the current one, the ids at the expected places decide. Only ids are compared, never content.
   */
  append(streamId: string, expected: ExpectedState, proposed: ProposedEvent[]): AppendOutcome {
    const state = this.streams.get(streamId);
    if (state?.tombstoned) return { kind: 'stream-deleted' };
    const last =
      state && state.events.length > 0 ? state.events[state.events.length - 1]!.revision : undefined;
    const softDeleted =
      state?.truncateBefore !== undefined && (last === undefined || last < state.truncateBefore);
    const current = last ?? -1n;
    const wrong = (): AppendOutcome => ({ kind: 'wrong-expected-version', currentRevision: last });

    if (expected.kind === 'stream_exists' && (softDeleted || last === undefined)) {
      return softDeleted ? { kind: 'stream-deleted' } : wrong();
    }
    if (expected.kind === 'any' || expected.kind === 'stream_exists') {
      const found = proposed.map((p) => this.ids.get(p.eventId));
      const first = found[0];
      if (first && first.streamId === streamId) {
        if (found.some((f) => !f || f.streamId !== streamId)) return wrong();
        const endRevision = found[found.length - 1]!.revision;
        return {
          kind: 'idempotent',
          currentRevision: endRevision,
          lastPosition: this.positionOf(streamId, endRevision),
        };
      }
      return this.write(streamId, proposed);
    }
    const expectedRevision = expected.kind === 'revision' ? expected.revision : -1n;
    if (expectedRevision < current) {
      let revision = expectedRevision;
      for (const p of proposed) {
        revision += 1n;
        const stored = state!.events.find((e) => e.revision === revision);
        if (stored?.eventId === p.eventId) continue;
        if (revision !== expectedRevision + 1n) return wrong();
        if (expected.kind === 'no_stream' && softDeleted) return this.write(streamId, proposed);
        return wrong();
      }
      return {
        kind: 'idempotent',
        currentRevision: revision,
        lastPosition: this.positionOf(streamId, revision),
      };
    }
    if (expectedRevision > current) return wrong();
    return this.write(streamId, proposed);
  }

  /**
   * Soft delete (Streams.Delete.cs → DeleteStream with hardDelete=false): writes `$metadata` with `$tb` = last
   * revision + 1 to the metastream `$$<stream>`; the events stay in `$all`, stream reads answer StreamNotFound,
   * and a later append continues the revisions.
   */
  softDelete(streamId: string): void {
    const state = this.streams.get(streamId);
    if (!state || state.events.length === 0) return;
    const tb = state.events[state.events.length - 1]!.revision + 1n;
    state.truncateBefore = tb;
    this.write(`$$${streamId}`, [systemEvent('$metadata', { $tb: Number(tb) })]);
  }

  /** Tombstone (hard delete): a `$streamDeleted` record in the stream itself; reads and appends answer StreamDeleted. */
  tombstone(streamId: string): void {
    const state = this.streams.get(streamId) ?? { events: [], tombstoned: false };
    this.streams.set(streamId, state);
    state.tombstoned = true;
    const record = this.record(streamId, 9_223_372_036_854_775_807n, systemEvent('$streamDeleted', {}));
    this.records.push(record);
    this.notify([record]);
  }

  private positionOf(streamId: string, revision: bigint): bigint | undefined {
    return this.streams.get(streamId)?.events.find((e) => e.revision === revision)?.position;
  }

  private write(streamId: string, proposed: ProposedEvent[]): AppendOutcome {
    const state = this.streams.get(streamId) ?? { events: [], tombstoned: false };
    this.streams.set(streamId, state);
    let revision = state.events.length > 0 ? state.events[state.events.length - 1]!.revision : -1n;
    const written = proposed.map((p) => {
      revision += 1n;
      const record = this.record(streamId, revision, p);
      state.events.push(record);
      this.records.push(record);
      this.ids.put(p.eventId, streamId, revision);
      return record;
    });
    this.notify(written);
    return { kind: 'written', events: written, currentRevision: revision };
  }

  private record(streamId: string, revision: bigint, p: ProposedEvent): LogEvent {
    const position = this.writer;
    const end = position + recordSize(streamId, p.type, p.data, p.metadata);
    this.writer = end;
    return {
      position,
      end,
      streamId,
      revision,
      eventId: p.eventId,
      type: p.type,
      contentType: p.contentType,
      data: p.data,
      metadata: p.metadata,
      created: ticksOf((this.options.now ?? Date.now)()),
    };
  }

  private notify(events: LogEvent[]): void {
    for (const listener of [...this.listeners]) listener(events);
  }
}

let systemIds = 0;
function systemEvent(type: string, data: unknown): ProposedEvent {
  systemIds += 1;
  return {
    eventId: `00000000-0000-4000-8000-${systemIds.toString(16).padStart(12, '0')}`,
    type,
    contentType: 'application/json',
    data: Buffer.from(JSON.stringify(data)),
    metadata: Buffer.alloc(0),
  };
}
