import { setMaxListeners } from 'node:events';
import type { EventStore, RecordedEvent, Subscription } from '@gongkai/event-store';
import type { SinkMapper, SinkRecord } from '../mappers/sink-record';
import { DeadLetterNotOpen } from './dead-letter-errors';
import { DeliveryAborted } from './delivery-errors';
import type { DeliveryOutcome, HttpSink } from './http-sink';
import { LowWaterMark } from './low-water-mark';
import type { SinkLogger } from './sink-logger';
import type {
  DeadLetter,
  EventRef,
  NewDeadLetter,
  Settlement,
  SinkStateStore,
} from './sink-state-store.port';
import type { SinkTargetConfig } from './sink-target.config';

/** What an operator's retry of a dead letter achieved. */
export interface DeadLetterRetryResult {
  /** delivered: accepted by the target (stream released); failed: still failing (stays open). */
  outcome: 'delivered' | 'failed' | 'no-longer-mapped';
  deadLetter: DeadLetter;
  /** Why it still fails, when it does. */
  error?: string;
}

type LaneItem =
  | { kind: 'live'; event: RecordedEvent }
  | { kind: 'held'; ref: EventRef }
  | { kind: 'control'; run: () => Promise<void> };

/** The events of one stream waiting for this target, delivered strictly one after another. */
interface StreamLane {
  streamId: string;
  items: LaneItem[];
  running: boolean;
}

export interface TargetPipelineDeps {
  eventStore: EventStore;
  state: SinkStateStore;
  sink: HttpSink;
  mapper: SinkMapper;
  logger: SinkLogger;
  /** How often to pick up dead letters resolved by another process (0 disables). */
  parkedSyncIntervalMs: number;
  /** Delay before a target stopped by an unexpected error (store unavailable...) starts again. */
  restartDelayMs: number;
}

export interface TargetPipelineSnapshot {
  running: boolean;
  /** Last position read from `$all` (0 before the first). */
  readPosition: number;
  /** Events read and not yet settled. */
  inFlight: number;
  parkedStreams: number;
  lastDeliveredAt?: string;
  fatalError?: string;
}

/**
 * Delivery to one target: reads `$all` from the target's checkpoint, fans events out to one lane per
 * stream (strict order within a stream, lanes in parallel; the HttpSink bounds requests in flight),
 * and settles each event atomically with the checkpoint. A dead letter parks its stream: the stream's
 * later events are held (persisted) until an operator retries or discards the dead letter.
 */
export class TargetPipeline {
  readonly name: string;
  private readonly lanes = new Map<string, StreamLane>();
  private readonly parked = new Set<string>();
  private readonly laneRuns = new Set<Promise<void>>();
  private tracker = new LowWaterMark(0);
  private persistedCheckpoint = 0;
  private buffered = 0;
  private spaceWaiters: Array<() => void> = [];
  private abort = new AbortController();
  private subscription: Subscription | undefined;
  private consumer: Promise<void> | undefined;
  private syncTimer: NodeJS.Timeout | undefined;
  private started = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private restartPending = false;
  private starting: Promise<void> | undefined;
  private readPosition = 0;
  private lastDeliveredAt: string | undefined;
  private fatalError: string | undefined;

  constructor(
    readonly config: SinkTargetConfig,
    private readonly deps: TargetPipelineDeps,
  ) {
    this.name = config.name;
  }

  get running(): boolean {
    return this.started;
  }

  start(): Promise<void> {
    if (this.started) return Promise.resolve();
    this.starting ??= this.open().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async open(): Promise<void> {
    this.abort = new AbortController();
    // Every lane waits on this one signal; the default limit of 10 listeners would warn.
    setMaxListeners(0, this.abort.signal);
    this.fatalError = undefined;
    const state = await this.deps.state.loadTarget(this.name);
    this.tracker = new LowWaterMark(state.checkpoint);
    this.persistedCheckpoint = state.checkpoint;
    this.readPosition = state.checkpoint;
    this.parked.clear();
    for (const streamId of state.parkedStreams) this.parked.add(streamId);
    this.started = true;
    // Held events whose dead letter was resolved while we were not running go first.
    for (const streamId of state.releasableStreams) this.enqueue(streamId, this.releaseControl(streamId));
    this.subscription = this.deps.eventStore.subscribeToAll({
      from: state.checkpoint > 0 ? { after: state.checkpoint } : 'start',
    });
    this.consumer = this.consume(this.subscription);
    if (this.deps.parkedSyncIntervalMs > 0) {
      this.syncTimer = setInterval(() => void this.syncParked(), this.deps.parkedSyncIntervalMs);
      this.syncTimer.unref();
    }
    this.deps.logger.info({ target: this.name, checkpoint: state.checkpoint }, 'sink target started');
  }

  /** Stops reading and delivering; undelivered events are sent again after the next start. */
  async stop(): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.restartPending = false;
    await this.halt();
  }

  private async halt(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.abort.abort();
    if (this.syncTimer) clearInterval(this.syncTimer);
    this.wakeReader();
    await this.subscription?.close();
    await this.consumer;
    await Promise.allSettled([...this.laneRuns]);
    this.lanes.clear();
    this.buffered = 0;
    await this.flushCheckpoint();
    this.deps.logger.info({ target: this.name, checkpoint: this.persistedCheckpoint }, 'sink target stopped');
  }

  snapshot(): TargetPipelineSnapshot {
    return {
      running: this.started,
      readPosition: this.readPosition,
      inFlight: this.started ? this.tracker.outstanding : 0,
      parkedStreams: this.parked.size,
      lastDeliveredAt: this.lastDeliveredAt,
      fatalError: this.fatalError,
    };
  }

  /**
   * Operator retry of an open dead letter: one attempt. When it is accepted, the dead letter is closed
   * and the stream's held events are released in order. Runs in the stream's lane when the pipeline
   * is running, so it never overtakes or races the stream's other events.
   */
  retryDeadLetter(deadLetter: DeadLetter, note?: string): Promise<DeadLetterRetryResult> {
    return this.inLane(deadLetter.streamId, () => this.doRetry(deadLetter.id, note));
  }

  /** Operator discard: the event is never sent to this target; the stream's held events are released. */
  discardDeadLetter(deadLetter: DeadLetter, note?: string): Promise<DeadLetter> {
    return this.inLane(deadLetter.streamId, async () => {
      const resolved = await this.deps.state.resolveDeadLetter(deadLetter.id, 'discarded', note);
      await this.unpark(resolved.streamId);
      this.deps.logger.warn(
        { target: this.name, deadLetter: resolved.id, eventId: resolved.eventId },
        'dead letter discarded',
      );
      return resolved;
    });
  }

  private async consume(subscription: Subscription): Promise<void> {
    try {
      for await (const event of subscription) {
        if (this.abort.signal.aborted) break;
        this.tracker.read(event.position);
        this.readPosition = event.position;
        this.buffered++;
        this.enqueue(event.streamId, { kind: 'live', event });
        if (this.buffered >= this.config.maxBufferedEvents) await this.waitForSpace();
      }
    } catch (error) {
      if (!this.abort.signal.aborted) this.failFatally(error);
    }
  }

  private enqueue(streamId: string, item: LaneItem): void {
    let lane = this.lanes.get(streamId);
    if (!lane) {
      lane = { streamId, items: [], running: false };
      this.lanes.set(streamId, lane);
    }
    lane.items.push(item);
    if (!lane.running) this.runLane(lane);
  }

  private runLane(lane: StreamLane): void {
    lane.running = true;
    const run = this.drainLane(lane).finally(() => {
      lane.running = false;
      this.laneRuns.delete(run);
      if (lane.items.length === 0) this.lanes.delete(lane.streamId);
      else if (!this.abort.signal.aborted) this.runLane(lane);
    });
    this.laneRuns.add(run);
  }

  private async drainLane(lane: StreamLane): Promise<void> {
    try {
      while (lane.items.length > 0 && !this.abort.signal.aborted) {
        const item = lane.items[0]!;
        if (item.kind === 'control') {
          lane.items.shift();
          await item.run();
        } else if (this.parked.has(lane.streamId)) {
          await this.holdLaneEvents(lane);
        } else {
          await this.process(item);
          lane.items.shift();
          if (item.kind === 'live') this.freeSpace();
        }
      }
    } catch (error) {
      if (!(error instanceof DeliveryAborted)) this.failFatally(error);
    }
  }

  private async process(item: Exclude<LaneItem, { kind: 'control' }>): Promise<void> {
    const event = item.kind === 'live' ? item.event : await this.readEvent(item.ref);
    let record: SinkRecord | undefined;
    try {
      record = this.deps.mapper.map(event);
    } catch (error) {
      await this.deadLetter(item, {
        ref: refOf(event),
        reason: 'unmappable',
        attempts: 0,
        error: messageOf(error),
      });
      return;
    }
    if (record === undefined) {
      await this.settle(item, (settlement) => this.deps.state.recordSkipped(this.name, settlement));
      return;
    }
    const outcome = await this.deps.sink.deliver(event, record, this.abort.signal);
    if (outcome.kind === 'delivered') {
      await this.settle(item, (settlement) => this.deps.state.recordDelivered(this.name, settlement));
      this.lastDeliveredAt = new Date().toISOString();
      return;
    }
    await this.deadLetter(item, {
      ref: refOf(event),
      reason: outcome.reason === 'rejected' ? 'rejected' : 'attempts-exhausted',
      attempts: outcome.attempts,
      httpStatus: outcome.failure.status,
      error: outcome.failure.message,
    });
  }

  private async deadLetter(
    item: Exclude<LaneItem, { kind: 'control' }>,
    deadLetter: NewDeadLetter,
  ): Promise<void> {
    const stored = await this.settle(item, (settlement) =>
      this.deps.state.recordDeadLetter(this.name, deadLetter, settlement),
    );
    this.parked.add(deadLetter.ref.streamId);
    this.deps.logger.warn(
      {
        target: this.name,
        deadLetter: stored.id,
        eventId: stored.eventId,
        streamId: stored.streamId,
        position: stored.position,
        reason: stored.reason,
        error: stored.lastError,
      },
      'event dead-lettered; stream parked until the dead letter is retried or discarded',
    );
  }

  /** Writes an outcome together with the checkpoint it allows (live events) or the held row it clears. */
  private async settle<T>(
    item: Exclude<LaneItem, { kind: 'control' }>,
    write: (settlement: Settlement) => Promise<T>,
  ): Promise<T> {
    if (item.kind === 'held') return write({ source: 'held', position: item.ref.position });
    const position = item.event.position;
    const checkpoint = this.tracker.prospective(position);
    const result = await write({
      source: 'live',
      checkpoint: checkpoint > this.persistedCheckpoint ? checkpoint : undefined,
    });
    this.persistedCheckpoint = Math.max(this.persistedCheckpoint, checkpoint);
    this.tracker.settle(position);
    // Another lane may have settled while we wrote; its checkpoint could not include us until now.
    if (this.tracker.value > this.persistedCheckpoint) await this.flushCheckpoint();
    return result;
  }

  private async flushCheckpoint(): Promise<void> {
    const mark = this.tracker.value;
    if (mark <= this.persistedCheckpoint) return;
    this.persistedCheckpoint = mark;
    await this.deps.state.saveCheckpoint(this.name, mark);
  }

  /** Moves the lane's events into the held table (the stream is parked behind a dead letter). */
  private async holdLaneEvents(lane: StreamLane): Promise<void> {
    const live: RecordedEvent[] = [];
    const remaining: LaneItem[] = [];
    for (const item of lane.items) {
      if (item.kind === 'live') live.push(item.event);
      else if (item.kind === 'control') remaining.push(item);
      // 'held' items are already in the held table.
    }
    if (live.length > 0) {
      const checkpoint = this.tracker.prospective(...live.map((event) => event.position));
      await this.deps.state.holdEvents(
        this.name,
        live.map(refOf),
        checkpoint > this.persistedCheckpoint ? checkpoint : undefined,
      );
      this.persistedCheckpoint = Math.max(this.persistedCheckpoint, checkpoint);
      for (const event of live) this.tracker.settle(event.position);
      if (this.tracker.value > this.persistedCheckpoint) await this.flushCheckpoint();
      for (let i = 0; i < live.length; i++) this.freeSpace();
    }
    lane.items = remaining;
  }

  private async doRetry(id: number, note: string | undefined): Promise<DeadLetterRetryResult> {
    const deadLetter = await this.deps.state.getDeadLetter(id);
    if (!deadLetter) throw new Error(`dead letter ${id} vanished`);
    if (deadLetter.status !== 'open') throw new DeadLetterNotOpen(id, deadLetter.status);
    const event = await this.readEvent(deadLetter);
    let record: SinkRecord | undefined;
    try {
      record = this.deps.mapper.map(event);
    } catch (error) {
      const updated = await this.deps.state.recordDeadLetterAttempt(id, 0, undefined, messageOf(error));
      return { outcome: 'failed', deadLetter: updated, error: updated.lastError };
    }
    if (record === undefined) {
      const resolved = await this.deps.state.resolveDeadLetter(
        id,
        'discarded',
        note ?? 'the target no longer takes this event type',
      );
      await this.unpark(resolved.streamId);
      return { outcome: 'no-longer-mapped', deadLetter: resolved };
    }
    const signal = this.started ? this.abort.signal : undefined;
    const outcome: DeliveryOutcome = await this.deps.sink.deliverOnce(event, record, signal);
    if (outcome.kind === 'delivered') {
      const resolved = await this.deps.state.resolveDeadLetter(id, 'delivered', note);
      await this.unpark(resolved.streamId);
      this.deps.logger.info(
        { target: this.name, deadLetter: id, eventId: resolved.eventId },
        'dead letter delivered',
      );
      return { outcome: 'delivered', deadLetter: resolved };
    }
    const updated = await this.deps.state.recordDeadLetterAttempt(
      id,
      outcome.attempts,
      outcome.failure.status,
      outcome.failure.message,
    );
    return { outcome: 'failed', deadLetter: updated, error: outcome.failure.message };
  }

  /** Releases a stream: its held events go to the front of its lane, ahead of anything newer. */
  private async unpark(streamId: string): Promise<void> {
    if (!this.started) {
      // Not delivering here: the held events are released by the next start.
      this.parked.delete(streamId);
      return;
    }
    const held = await this.deps.state.heldEvents(this.name, streamId);
    this.parked.delete(streamId);
    const lane = this.lanes.get(streamId);
    const items: LaneItem[] = held.map((ref) => ({ kind: 'held', ref }));
    if (lane) lane.items.unshift(...items);
    else for (const item of items) this.enqueue(streamId, item);
  }

  private releaseControl(streamId: string): LaneItem {
    return { kind: 'control', run: () => this.unpark(streamId) };
  }

  /**
   * Runs `action` in the stream's lane when running (serialised with its events), directly otherwise.
   */
  private inLane<T>(streamId: string, action: () => Promise<T>): Promise<T> {
    if (!this.started) return action();
    const signal = this.abort.signal;
    return new Promise<T>((resolve, reject) => {
      // A lane stopped by shutdown never runs the item: fail the caller instead of hanging.
      const onAbort = (): void => reject(new DeliveryAborted());
      signal.addEventListener('abort', onAbort, { once: true });
      const settleWith = (finish: () => void): void => {
        signal.removeEventListener('abort', onAbort);
        finish();
      };
      this.enqueue(streamId, {
        kind: 'control',
        run: () =>
          action().then(
            (value) => settleWith(() => resolve(value)),
            (error: unknown) => settleWith(() => reject(error)),
          ),
      });
    });
  }

  /** Picks up dead letters resolved by another process (for example the CLI while the service runs). */
  private async syncParked(): Promise<void> {
    if (!this.started) return;
    try {
      const state = await this.deps.state.loadTarget(this.name);
      const stillParked = new Set(state.parkedStreams);
      for (const streamId of [...this.parked]) {
        if (!stillParked.has(streamId)) this.enqueue(streamId, this.releaseControl(streamId));
      }
    } catch (error) {
      this.deps.logger.warn(
        { target: this.name, error: messageOf(error) },
        'could not refresh parked streams',
      );
    }
  }

  private async readEvent(ref: EventRef): Promise<RecordedEvent> {
    const [event] = await this.deps.eventStore.readAll({ from: { at: ref.position }, maxCount: 1 });
    if (!event || event.id !== ref.eventId) {
      throw new Error(`event ${ref.eventId} is no longer at position ${ref.position} in the event store`);
    }
    return event;
  }

  private waitForSpace(): Promise<void> {
    return new Promise((resolve) => this.spaceWaiters.push(resolve));
  }

  private freeSpace(): void {
    this.buffered = Math.max(0, this.buffered - 1);
    if (this.buffered < this.config.maxBufferedEvents) this.wakeReader();
  }

  private wakeReader(): void {
    const waiters = this.spaceWaiters;
    this.spaceWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Stops the target and starts it again later from its stored state; nothing is lost meanwhile. */
  private failFatally(error: unknown): void {
    if (this.restartPending) return;
    this.restartPending = true;
    this.fatalError = messageOf(error);
    this.deps.logger.error(
      { target: this.name, error: this.fatalError, restartInMs: this.deps.restartDelayMs },
      'sink target stopped by an error; it restarts from its checkpoint',
    );
    void this.halt().then(() => {
      if (!this.restartPending) return; // stopped by its owner meanwhile
      this.restartTimer = setTimeout(() => {
        this.restartTimer = undefined;
        this.restartPending = false;
        this.start().catch((restartError: unknown) => this.failFatally(restartError));
      }, this.deps.restartDelayMs);
      this.restartTimer.unref();
    });
  }
}

function refOf(event: Pick<RecordedEvent, 'streamId' | 'position' | 'id' | 'type'>): EventRef {
  return { streamId: event.streamId, position: event.position, eventId: event.id, eventType: event.type };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
