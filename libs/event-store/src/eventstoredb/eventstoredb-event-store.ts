import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { StoreClosed, StreamNotFound } from '../errors';
import {
  POSITION_ZERO,
  type AppendOptions,
  type Direction,
  type AppendResult,
  type EventData,
  type EventStore,
  type ExpectedRevision,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
  type SubscribeToStreamOptions,
  type Subscription,
} from '../event-store.port';
import {
  checkExpectedRevision,
  checkReadAllFrom,
  matchesFilter,
  resolveRetry,
  sealEvents,
  validateAppend,
  type ChainTip,
} from '../shared/append-rules';
import {
  assertNoReservedMetadata,
  esdbDirection,
  isSystemEvent,
  readPosition,
  readRevision,
  serverFilter,
  toEventData,
  toPosition,
  toRecordedEvent,
} from './esdb-mapping';
import { EsdbSubscription } from './esdb-subscription';

export interface EventStoreDbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false`. */
  connectionString: string;
  /**
   * How many of a stream's last events are searched for the ids of an `any`/`stream_exists` append, to
   * recognise a retry (EventStoreDB has no lookup by event id). Default 100.
   */
  retryWindow?: number;
  /** Attempts when another writer extends the stream between reading its tip and appending. Default 10. */
  maxAttempts?: number;
}

/**
 * The port over EventStoreDB. The hash chain is computed here: an append reads the stream's last event,
 * checks the caller's expectation against it, seals the events onto its hash, and appends with that exact
 * revision, so a concurrent writer makes the server refuse (and the append starts over) instead of
 * breaking the chain. Positions are commit positions.
 */
export class EventStoreDbEventStore implements EventStore {
  private closed = false;
  private readonly subscriptions = new Set<Subscription>();

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
      throw new Error(`EventStoreDB is not reachable: ${health.detail}`);
    }
    return store;
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
      const tip = await this.tip(streamId);
      const retried = await this.findRetry(streamId, events, expected, tip);
      if (retried) return toResult(retried);
      checkExpectedRevision(streamId, expected, tip?.revision);
      const sealed = sealEvents(streamId, events, tip, new Date().toISOString());
      try {
        await this.client.appendToStream(streamId, sealed.map(toEventData), {
          expectedRevision: tip ? BigInt(tip.revision) : NO_STREAM,
        });
      } catch (error) {
        // Another writer moved the stream on: re-read its tip, re-check the caller's expectation, re-seal.
        if (error instanceof WrongExpectedVersionError && attempt < attempts) continue;
        throw error;
      }
      // Read the events back for their commit positions (the append reports the last one only).
      const written = await this.readStream(streamId, {
        fromRevision: sealed[0]!.revision,
        maxCount: sealed.length,
      });
      return toResult(written);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (options.maxCount === 0) return [];
    const direction = options.direction ?? 'forwards';
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: esdbDirection(direction),
        fromRevision: readRevision(options.fromRevision, direction),
        ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
      });
      for await (const resolved of read) {
        if (resolved.event) events.push(toRecordedEvent(resolved));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) throw new StreamNotFound(streamId);
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    if (limit === 0) return [];
    const direction = options.direction ?? 'forwards';
    const start = checkReadAllFrom(options.from, direction === 'forwards');
    if (start === 'empty') return [];
    if (start === 'all' || start.position === POSITION_ZERO)
      return this.scanAll(direction, direction === 'forwards' ? 'start' : 'end', limit, options);
    const { position, inclusive } = start;
    if (direction === 'forwards') {
      // The server reads forwards from an event's position inclusively; `after` skips that event.
      return this.scanAll('forwards', position, limit, options, (e) => inclusive || e.position > position);
    }
    // A backwards read from an event's position starts with the event before it (AllReader.cs in the server
    // compares the record's end with the position); `at` fetches the event at the position first.
    const [atFrom] = inclusive ? await this.scanAll('forwards', position, 1, options) : [];
    const head = atFrom?.position === position ? [atFrom] : [];
    const rest = await this.scanAll(
      'backwards',
      position,
      limit - head.length,
      options,
      (e) => e.position < position,
    );
    return [...head, ...rest];
  }

  /** Reads $all without a server filter (the client has none for reads), filtering here, until `limit` match. */
  private async scanAll(
    direction: Direction,
    from: number | 'start' | 'end',
    limit: number,
    options: ReadAllOptions,
    accept: (event: RecordedEvent) => boolean = () => true,
  ): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    if (limit <= 0) return events;
    const read = this.client.readAll({
      direction: esdbDirection(direction),
      fromPosition: readPosition(from, direction),
    });
    try {
      for await (const resolved of read) {
        if (isSystemEvent(resolved) || !matchesFilter(resolved.event!, options.filter)) continue;
        const event = toRecordedEvent(resolved);
        if (!accept(event)) continue;
        events.push(event);
        if (events.length >= limit) break;
      }
    } finally {
      read.destroy();
    }
    return events;
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    this.assertOpen();
    const from = options.from ?? 'start';
    const filter = options.filter;
    const source = this.client.subscribeToAll({
      fromPosition:
        from === 'start' || (from !== 'end' && from.after === POSITION_ZERO)
          ? START
          : from === 'end'
            ? END
            : toPosition(from.after),
      filter: serverFilter(filter),
    });
    return this.track(
      new EsdbSubscription<AllStreamResolvedEvent>(
        source,
        (resolved) =>
          isSystemEvent(resolved) || !matchesFilter(resolved.event!, filter)
            ? undefined
            : toRecordedEvent(resolved),
        (s) => this.subscriptions.delete(s),
      ),
    );
  }

  subscribeToStream(streamId: string, options: SubscribeToStreamOptions = {}): Subscription {
    this.assertOpen();
    const from = options.from ?? 'start';
    const source = this.client.subscribeToStream(streamId, {
      fromRevision: from === 'start' ? START : from === 'end' ? END : BigInt(from.after),
    });
    return this.track(
      new EsdbSubscription<ResolvedEvent>(
        source,
        (resolved) => (resolved.event ? toRecordedEvent(resolved) : undefined),
        (s) => this.subscriptions.delete(s),
      ),
    );
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    this.assertOpen();
    return (await this.tip(streamId))?.revision;
  }

  async headPosition(): Promise<Position> {
    this.assertOpen();
    const [last] = await this.readAll({ direction: 'backwards', maxCount: 1 });
    return last?.position ?? 0;
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
      for await (const _ of read) break;
      return { ok: true, detail: 'eventstoredb reachable' };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.closed = true;
    await this.client.dispose();
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
   * Recognises a retried append: the first event id already in the stream where the same expectation would
   * have put it (or, for any/stream_exists, among the stream's last `retryWindow` events).
   */
  private async findRetry(
    streamId: string,
    events: readonly EventData[],
    expected: ExpectedRevision,
    tip: ChainTip | undefined,
  ): Promise<RecordedEvent[] | undefined> {
    if (!tip) return undefined;
    let candidates: RecordedEvent[];
    if (typeof expected === 'number' || expected === 'no_stream') {
      const from = expected === 'no_stream' ? 0 : expected + 1;
      if (from > tip.revision) return undefined;
      candidates = await this.readStream(streamId, { fromRevision: from, maxCount: events.length });
    } else {
      const window = await this.readStream(streamId, {
        direction: 'backwards',
        maxCount: Math.max(this.options.retryWindow ?? 100, events.length),
      });
      candidates = window.reverse();
    }
    const firstAt = candidates.findIndex((e) => e.id === events[0]!.id);
    if (firstAt < 0) return undefined;
    const byId = new Map(candidates.slice(firstAt).map((e) => [e.id, e]));
    const stored = events.map((e) => byId.get(e.id));
    return resolveRetry(streamId, events, expected, stored, tip.revision);
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
