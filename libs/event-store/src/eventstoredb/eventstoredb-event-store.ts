import { trimToBytes } from '../shared/page-bytes';
import { type Clock, systemClock } from '../clock';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { AppendTooLarge, DuplicateEventId, StoreClosed, StoreUnavailable, StreamNotFound } from '../errors';
import {
  POSITION_ZERO,
  type AppendOptions,
  type AppendResult,
  type Direction,
  type EventData,
  type EventStore,
  type ExpectedRevision,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamAppend,
  type StreamAppendOutcome,
  type SubscribeToAllOptions,
  type SubscribeToStreamOptions,
  type Subscription,
} from '../event-store.port';
import {
  checkExpectedRevision,
  checkReadAllFrom,
  matchesFilter,
  resolveRetry,
  sameContent,
  sealEvents,
  validateAppend,
  type ChainTip,
} from '../shared/append-rules';
import { isTransient, mapClientError } from './esdb-errors';
import {
  assertNoReservedMetadata,
  isGongkaiEvent,
  isSystemEvent,
  readRevision,
  toEventData,
  toPosition,
  toRecordedEvent,
} from './esdb-mapping';
import { collect, filteredReadAll, serverFilterOf, type ServerStart } from './esdb-reads';
import { ResumingSubscription } from './esdb-subscription';

export interface EventStoreDbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false`. Reading `$all` needs a user in `$admins`. */
  connectionString: string;
  /** Stamps `recordedAt` (default: the system clock). */
  clock?: Clock;
  /** Attempts when another writer extends the stream between reading its tip and appending. Default 10. */
  maxAttempts?: number;
  /**
   * The server's MaxAppendSize (default 1,048,576, EventStoreDB's default). An append is measured before it is
   * sent (data + metadata + type, an upper bound of what any server version counts) and refused with
   * AppendTooLarge above it, instead of failing on the server.
   */
  maxAppendBytes?: number;
  /** Attempts of a read or append that met a transient error (no leader, restart). Default 5. */
  transientAttempts?: number;
}

/** Events per server read when a read has no count of its own. */
const PAGE = 1000;

/**
 * The port over EventStoreDB. The hash chain is computed here: an append reads the stream's last event,
 * checks the caller's expectation against it, seals the events onto its hash, and appends with that exact
 * revision, so a concurrent writer makes the server refuse (and the append starts over) instead of
 * breaking the chain. Positions are commit positions (see positionNumber). Every read goes to the leader.
 *
 * `$all` as the port shows it holds gongkai's events only: system events (`$` streams and types) and foreign
 * events (written by other clients, without the chain fields) are skipped. Hiding an event of a gongkai
 * stream this way still shows, as a revision gap, to verifyStream and verifyAll.
 */
/** Streams `appendMany` appends at once (each append is a few round trips to the leader). */
const APPEND_MANY_STREAMS = 32;

export class EventStoreDbEventStore implements EventStore {
  private closed = false;
  private readonly subscriptions = new Set<Subscription>();

  private now(): string {
    return (this.options.clock ?? systemClock).now().toISOString();
  }

  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: EventStoreDbEventStoreOptions,
  ) {}

  static async open(options: EventStoreDbEventStoreOptions): Promise<EventStoreDbEventStore> {
    const store = new EventStoreDbEventStore(
      EventStoreDBClient.connectionString(options.connectionString),
      options,
    );
    const health = await store.health();
    if (!health.ok) {
      await store.client.dispose();
      throw new StoreUnavailable('unreachable', `EventStoreDB is not reachable: ${health.detail}`);
    }
    return store;
  }

  get maxAppendBytes(): number {
    return this.options.maxAppendBytes ?? 1_048_576;
  }

  async append(
    streamId: string,
    events: readonly EventData[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    this.assertOpen();
    const expected = options.expectedRevision ?? 'any';
    validateAppend(streamId, events, expected);
    for (const event of events) assertNoReservedMetadata(event.metadata, event.id);
    const attempts = this.options.maxAttempts ?? 10;
    for (let attempt = 1; ; attempt++) {
      const { tip, retried } = await this.current(streamId, events, expected);
      if (retried) return toResult(retried);
      checkExpectedRevision(streamId, expected, tip?.revision);
      const sealed = sealEvents(streamId, events, tip, this.now());
      const data = sealed.map(toEventData);
      this.checkSize(streamId, data);
      try {
        await this.withRetry(streamId, () =>
          this.client.appendToStream(streamId, data, {
            expectedRevision: tip ? BigInt(tip.revision) : NO_STREAM,
          }),
        );
      } catch (error) {
        // Another writer moved the stream on: re-read its tip, re-check the caller's expectation, re-seal.
        if (error instanceof WrongExpectedVersionError && attempt < attempts) continue;
        if (error instanceof WrongExpectedVersionError) {
          throw new StoreUnavailable(
            'contention',
            `Stream ${streamId}: other writers kept extending it; gave up after ${attempts} attempts`,
            error,
          );
        }
        throw mapClientError(error, streamId);
      }
      // Read the events back for their commit positions (the append reports the last one only).
      const written = await this.readStream(streamId, {
        fromRevision: sealed[0]!.revision,
        maxCount: sealed.length,
      });
      // The server checks event ids only (IndexWriter.cs CheckCommit): an append racing another one that used
      // the same ids with other content "succeeds" as an idempotent write of the other's events.
      const mismatch = events.findIndex(
        (event, i) => !written[i] || written[i]!.id !== event.id || !sameContent(written[i]!, event),
      );
      if (written.length !== sealed.length || mismatch >= 0) {
        const id = events[Math.max(0, mismatch)]!.id;
        throw new DuplicateEventId(
          id,
          'stored with different content (a concurrent append used the same id)',
        );
      }
      return toResult(written);
    }
  }

  /**
   * gRPC has no multi-stream transaction (EventStoreDB 24.10): the streams are appended side by side, at most
   * APPEND_MANY_STREAMS at a time (an import hands over hundreds), each atomic on its own, parts of the same
   * stream one after the other.
   */
  async appendMany(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]> {
    this.assertOpen();
    const byStream = new Map<string, number[]>();
    appends.forEach(({ streamId }, index) => {
      const parts = byStream.get(streamId) ?? [];
      parts.push(index);
      byStream.set(streamId, parts);
    });
    const queue = [...byStream.values()];
    const outcomes: StreamAppendOutcome[] = [];
    const lane = async () => {
      for (let parts = queue.shift(); parts; parts = queue.shift()) {
        for (const index of parts) {
          const { streamId, events, expectedRevision } = appends[index]!;
          outcomes[index] = await this.append(streamId, events, { expectedRevision }).then(
            (result): StreamAppendOutcome => ({ ok: true, result }),
            (error: unknown): StreamAppendOutcome => ({ ok: false, error }),
          );
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(APPEND_MANY_STREAMS, queue.length) }, lane));
    return outcomes;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (options.maxCount === 0) return [];
    const direction = options.direction ?? 'forwards';
    return this.withRetry(streamId, async () => {
      const events: RecordedEvent[] = [];
      const read = this.client.readStream(streamId, {
        direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
        fromRevision: readRevision(options.fromRevision, direction),
        requiresLeader: true,
        ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
      });
      try {
        await collect(read, (resolved) => {
          if (resolved.event) events.push(toRecordedEvent(resolved));
          return 'more';
        });
      } catch (error) {
        if (error instanceof StreamNotFoundError) throw new StreamNotFound(streamId);
        throw error;
      }
      return events;
    });
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return trimToBytes(await this.readAllEvents(options), options.maxBytes);
  }

  private async readAllEvents(options: ReadAllOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    if (limit === 0) return [];
    const direction = options.direction ?? 'forwards';
    const start = checkReadAllFrom(options.from, direction === 'forwards');
    if (start === 'empty') return [];
    if (start === 'all' || (start.position === POSITION_ZERO && direction === 'forwards')) {
      return this.scanAll(direction, direction === 'forwards' ? 'start' : 'end', false, limit, options);
    }
    const { position, inclusive } = start;
    if (direction === 'forwards')
      return this.scanAll('forwards', BigInt(position), !inclusive, limit, options);
    // A backwards read from an event's position starts with the event before it (AllReader.cs keeps records
    // whose end is at or before the position); `at` fetches the event at the position first.
    const [atFrom] = inclusive ? await this.scanAll('forwards', BigInt(position), false, 1, options) : [];
    const head = atFrom?.position === position ? [atFrom] : [];
    const rest = await this.scanAll('backwards', BigInt(position), false, limit - head.length, options);
    return [...head, ...rest];
  }

  /**
   * Reads `$all` page by page with the server filtering (stream prefixes, else event types, else system
   * events), and here what the server cannot: a type filter beside stream prefixes, foreign events. Each page
   * asks for exactly what is missing, so every read ends on the server (none is left open).
   */
  private async scanAll(
    direction: Direction,
    from: ServerStart,
    skipFirstAtFrom: boolean,
    limit: number,
    options: ReadAllOptions,
  ): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    if (limit <= 0) return events;
    const filter = serverFilterOf(options.filter);
    let cursor = from;
    let skipAt = skipFirstAtFrom && typeof from === 'bigint' ? from : undefined;
    for (;;) {
      const wanted = Math.min(limit - events.length, PAGE) + (skipAt !== undefined ? 1 : 0);
      let received = 0;
      let last: bigint | undefined;
      await this.withRetry(undefined, () => {
        received = 0;
        const page: RecordedEvent[] = [];
        const read = filteredReadAll(this.client, { direction, from: cursor, count: wanted, filter });
        return collect(read, (resolved) => {
          received += 1;
          const event = resolved.event!;
          last = event.position?.commit;
          if (skipAt !== undefined && last === skipAt) return 'more';
          if (isSystemEvent(resolved) || !isGongkaiEvent(resolved) || !matchesFilter(event, options.filter))
            return 'more';
          page.push(toRecordedEvent(resolved));
          return 'more';
        }).then(() => {
          events.push(...page);
        });
      });
      if (received < wanted || events.length >= limit || last === undefined) return events.slice(0, limit);
      cursor = last;
      // Forwards, the server includes the event at the cursor (seen already); backwards it starts before it.
      skipAt = direction === 'forwards' ? last : undefined;
    }
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    this.assertOpen();
    const from = options.from ?? 'start';
    const filter = options.filter;
    const server = serverFilterOf(filter);
    const initial =
      from === 'start' || (from !== 'end' && from.after === POSITION_ZERO)
        ? START
        : from === 'end'
          ? END
          : toPosition(from.after);
    return this.track(
      new ResumingSubscription<AllStreamResolvedEvent, bigint>({
        open: (cursor) =>
          this.client.subscribeToAll({
            fromPosition: cursor === undefined ? initial : { commit: cursor, prepare: cursor },
            filter:
              server.on === 'stream'
                ? { filterOn: 'streamName', prefixes: server.prefixes, checkpointInterval: 1 }
                : { filterOn: 'eventType', regex: server.regex, checkpointInterval: 1 },
            requiresLeader: true,
          }),
        cursorOf: (resolved) => resolved.event?.position?.commit,
        map: (resolved) =>
          isSystemEvent(resolved) || !isGongkaiEvent(resolved) || !matchesFilter(resolved.event!, filter)
            ? undefined
            : toRecordedEvent(resolved),
        onClose: (s) => this.subscriptions.delete(s),
      }),
    );
  }

  subscribeToStream(streamId: string, options: SubscribeToStreamOptions = {}): Subscription {
    this.assertOpen();
    const from = options.from ?? 'start';
    const initial = from === 'start' ? START : from === 'end' ? END : BigInt(from.after);
    return this.track(
      new ResumingSubscription<ResolvedEvent, bigint>({
        open: (cursor) =>
          this.client.subscribeToStream(streamId, {
            fromRevision: cursor === undefined ? initial : cursor,
            requiresLeader: true,
          }),
        cursorOf: (resolved) => resolved.event?.revision,
        map: (resolved) =>
          resolved.event && !isSystemEvent(resolved) ? toRecordedEvent(resolved) : undefined,
        onClose: (s) => this.subscriptions.delete(s),
      }),
    );
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    this.assertOpen();
    return (await this.tip(streamId))?.revision;
  }

  async headPosition(): Promise<Position> {
    this.assertOpen();
    const [last] = await this.readAll({ direction: 'backwards', maxCount: 1 });
    return last?.position ?? POSITION_ZERO;
  }

  async health(): Promise<{ ok: boolean; detail: string }> {
    if (this.closed) return { ok: false, detail: 'closed' };
    try {
      const read = this.client.readAll({
        direction: BACKWARDS,
        fromPosition: END,
        maxCount: 1,
        deadline: 5000,
      });
      await collect(read, () => 'more');
      return { ok: true, detail: 'eventstoredb reachable' };
    } catch (error) {
      const mapped = mapClientError(error);
      return { ok: false, detail: mapped instanceof Error ? mapped.message : String(mapped) };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.closed = true;
    await this.client.dispose();
  }

  /** Refuses an append the server would refuse for its size, before anything is sent. */
  private checkSize(streamId: string, data: ReturnType<typeof toEventData>[]): void {
    let bytes = 0;
    for (const event of data) {
      bytes +=
        Buffer.byteLength(JSON.stringify(event.data), 'utf8') +
        Buffer.byteLength(JSON.stringify(event.metadata ?? {}), 'utf8') +
        event.type.length * 2;
    }
    if (bytes > this.maxAppendBytes) throw new AppendTooLarge(streamId, bytes, this.maxAppendBytes);
  }

  /**
   * Runs a request again after a transient error (the client reconnects to the leader a NotLeader names, or
   * after a restart); other errors, and the last transient one, come out as the port's errors.
   */
  private async withRetry<T>(streamId: string | undefined, request: () => Promise<T>): Promise<T> {
    const attempts = this.options.transientAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        return await request();
      } catch (error) {
        if (isTransient(error) && attempt < attempts && !this.closed) {
          await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** (attempt - 1)));
          continue;
        }
        if (error instanceof WrongExpectedVersionError) throw error;
        throw mapClientError(error, streamId);
      }
    }
  }

  private async tip(streamId: string): Promise<ChainTip | undefined> {
    try {
      const [last] = await this.readStream(streamId, {
        direction: 'backwards',
        fromRevision: 'end',
        maxCount: 1,
      });
      return last && { revision: last.revision, hash: last.hash };
    } catch (error) {
      if (error instanceof StreamNotFound) return undefined;
      throw error;
    }
  }

  /**
   * The stream's tip and, when the request was appended before, the events it stored: the first event id
   * already in the stream where the same expectation would have put it, or, for any/stream_exists, anywhere
   * in the stream. EventStoreDB has no lookup by id and its own id check remembers recent events only
   * (IndexWriter.cs `_committedEvents`), so for those the whole stream is read (gongkai's streams are short),
   * in one read that also gives the tip.
   */
  private async current(
    streamId: string,
    events: readonly EventData[],
    expected: ExpectedRevision,
  ): Promise<{ tip: ChainTip | undefined; retried: RecordedEvent[] | undefined }> {
    let candidates: RecordedEvent[];
    let tip: ChainTip | undefined;
    if (typeof expected === 'number' || expected === 'no_stream') {
      tip = await this.tip(streamId);
      const from = expected === 'no_stream' ? 0 : expected + 1;
      if (!tip || from > tip.revision) return { tip, retried: undefined };
      candidates = await this.readStream(streamId, { fromRevision: from, maxCount: events.length });
    } else {
      candidates = await this.readStream(streamId).catch((error: unknown) => {
        if (error instanceof StreamNotFound) return [];
        throw error;
      });
      const last = candidates[candidates.length - 1];
      tip = last && { revision: last.revision, hash: last.hash };
      if (!tip) return { tip, retried: undefined };
    }
    const firstAt = candidates.findIndex((e) => e.id === events[0]!.id);
    if (firstAt < 0) {
      const reused = events.find((event) => candidates.some((c) => c.id === event.id));
      if (reused) throw new DuplicateEventId(reused.id, 'already stored as another event');
      return { tip, retried: undefined };
    }
    const byId = new Map(candidates.slice(firstAt).map((e) => [e.id, e]));
    const stored = events.map((e) => byId.get(e.id));
    return { tip, retried: resolveRetry(streamId, events, expected, stored, tip.revision) };
  }

  private track(subscription: Subscription): Subscription {
    this.subscriptions.add(subscription);
    return subscription;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosed();
  }
}

function toResult(events: RecordedEvent[]): AppendResult {
  const last = events[events.length - 1]!;
  return { nextExpectedRevision: last.revision, position: last.position, events };
}
