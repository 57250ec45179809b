import { matchesFilter, type EventStore, type RecordedEvent, type Subscription } from '@gongkai/event-store';
import type { ProjectionTables, SqlProjection } from './projection';
import { tablesFor } from './projection';
import type { ReadModelDatabase } from './read-model-database';

export type RunnerPhase = 'idle' | 'catching-up' | 'live' | 'stopped' | 'failing';

export interface RunnerError {
  message: string;
  at: string;
  /** Position of the event the projection failed on, when known. */
  position?: number;
}

export interface RunnerOptions {
  pageSize?: number;
  /**
   * Longest stretch (ms) a catch-up holds the event loop: a page is applied in slices of about this long,
   * each its own transaction, with a yield to the event loop after each, so HTTP keeps answering while a
   * read model is built. Default 20.
   */
  sliceMs?: number;
  /** Delay before retrying after a failed apply (the checkpoint did not move, so nothing is lost). */
  retryDelayMs?: number;
}

export interface CatchUpProgress {
  position: number;
  headPosition: number;
}

/**
 * Feeds one generation of a projection: pages through `$all` from its checkpoint (one transaction per page,
 * the checkpoint written in the same transaction), then follows the live subscription.
 */
export class GenerationRunner {
  readonly tables: ProjectionTables;
  phase: RunnerPhase = 'idle';
  lastError?: RunnerError;
  /** recordedAt of the last applied event, for lag in seconds. */
  lastAppliedRecordedAt?: string;
  private subscription?: Subscription;
  private liveLoop?: Promise<void>;
  private stopping = false;
  private readonly pageSize: number;
  private readonly retryDelayMs: number;
  private readonly sliceMs: number;

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelDatabase,
    private readonly projection: SqlProjection,
    readonly generation: number,
    options: RunnerOptions = {},
  ) {
    this.tables = tablesFor(projection.name, generation);
    this.pageSize = options.pageSize ?? 1000;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.sliceMs = options.sliceMs ?? 20;
  }

  get position(): number {
    return this.readModels.checkpoint(this.projection.name, this.generation) ?? 0;
  }

  /** Creates this generation's tables and a zero checkpoint (idempotent). */
  prepare(): void {
    const { db } = this.readModels;
    db.transaction(() => {
      this.projection.setup(db, this.tables);
      if (this.readModels.checkpoint(this.projection.name, this.generation) === undefined) {
        this.readModels.saveCheckpoint(this.projection.name, this.generation, this.projection.version, 0);
      }
    })();
  }

  /**
   * Applies everything up to the store's current head, page by page. Between slices it yields to the event
   * loop (setImmediate, not a microtask: the SQLite adapter's reads resolve at once, and a chain of resolved
   * awaits would otherwise hold the loop until the whole store was read, leaving HTTP unanswered).
   */
  async catchUp(onProgress?: (progress: CatchUpProgress) => void): Promise<void> {
    this.phase = 'catching-up';
    for (;;) {
      if (this.stopping) return;
      const head = await this.store.headPosition();
      const from = this.position;
      const events = await this.store.readAll({
        from: { after: from },
        maxCount: this.pageSize,
        filter: this.projection.filter,
      });
      const last = events.at(-1)?.position ?? from;
      const complete = events.length < this.pageSize;
      // A short page saw everything committed before `head` was read, so the checkpoint may jump to it
      // even when a filter skipped the events in between.
      const pageEnd = complete ? Math.max(last, head) : last;
      let applied = 0;
      do {
        const deadline = performance.now() + this.sliceMs;
        const taken = this.applyPage(events.slice(applied), pageEnd, deadline);
        applied += taken;
        onProgress?.({ position: this.position, headPosition: Math.max(head, this.position) });
        await yieldToEventLoop();
        if (this.stopping) return;
      } while (applied < events.length);
      if (complete) return;
    }
  }

  /** Follows new events until `stop()`; a failing event is retried, never skipped. */
  startLive(): void {
    if (this.liveLoop) return;
    this.liveLoop = this.followLive();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.subscription?.close();
    await this.liveLoop;
    this.liveLoop = undefined;
    this.phase = 'stopped';
  }

  private async followLive(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.catchUp();
        if (this.stopping) break;
        this.phase = 'live';
        // Unfiltered on purpose: the checkpoint must follow the head of `$all` (lag, waitForCatchUp), and a
        // filtered subscription would only report the events the projection takes.
        this.subscription = this.store.subscribeToAll({ from: { after: this.position } });
        for await (const event of this.subscription) {
          const taken = matchesFilter(event, this.projection.filter) ? [event] : [];
          this.applyPage(taken, event.position);
          if (this.stopping) break;
        }
      } catch {
        if (this.stopping) break;
        this.phase = 'failing';
        await this.subscription?.close().catch(() => undefined);
        await delay(this.retryDelayMs);
      }
    }
  }

  /**
   * Applies `events` in one transaction with the checkpoint, and answers how many it applied: all of them,
   * or (given a `deadline`, a performance.now() instant) those applied before it passed, at least one. The
   * checkpoint moves to `checkpoint` only when every event was applied, else to the last one applied.
   */
  private applyPage(events: readonly RecordedEvent[], checkpoint: number, deadline?: number): number {
    const { db } = this.readModels;
    const current = this.position;
    if (checkpoint <= current && events.length === 0) return 0;
    let failedAt: number | undefined;
    let taken = 0;
    try {
      db.transaction(() => {
        for (const event of events) {
          if (taken > 0 && deadline !== undefined && performance.now() > deadline) break;
          taken++;
          if (event.position <= current) continue;
          failedAt = event.position;
          this.projection.apply(db, this.tables, event);
        }
        const reached = taken === events.length ? checkpoint : events[taken - 1]!.position;
        this.readModels.saveCheckpoint(
          this.projection.name,
          this.generation,
          this.projection.version,
          Math.max(reached, current),
        );
      })();
    } catch (error) {
      this.lastError = {
        message: error instanceof Error ? error.message : String(error),
        at: new Date().toISOString(),
        position: failedAt,
      };
      throw error;
    }
    const lastEvent = events[taken - 1];
    if (lastEvent) this.lastAppliedRecordedAt = lastEvent.recordedAt;
    if (this.phase === 'failing') this.phase = 'live';
    return taken;
  }
}

/** Lets timers and I/O (HTTP requests) run before the next slice of work. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
