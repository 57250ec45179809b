import {
  matchesFilter,
  TimeSlicedPages,
  type AllFilter,
  type EventStore,
  type RecordedEvent,
} from '@gongkai/event-store';
import type { ProjectionTables, SqlProjection } from './projection';
import { tablesFor } from './projection';
import type { ReadModelDatabase } from './read-model-database';

/**
 * What a runner needs of the LiveFollower that applies live pages to every runner together (declared here,
 * not imported, so the follower and the runner do not import each other).
 */
export interface LiveFollowerMembership {
  add(runner: GenerationRunner): void;
  remove(runner: GenerationRunner): void;
}

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
  /** Live: shortest time between two applied rounds, so commits under load are applied together. Default 5. */
  liveRoundIntervalMs?: number;
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
  /** Where this runner follows live once caught up (shared by every live generation of the manager). */
  private follower?: LiveFollowerMembership;
  /** The catch-up before joining the follower (again, after a failure). */
  private liveLoop?: Promise<void>;
  private stopping = false;
  /** The committed checkpoint, read once: this runner is the only writer of its generation's checkpoint. */
  private committed: number | undefined;
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
    this.committed ??= this.readModels.checkpoint(this.projection.name, this.generation) ?? 0;
    return this.committed;
  }

  get readModelDatabase(): ReadModelDatabase {
    return this.readModels;
  }

  get name(): string {
    return this.projection.name;
  }

  /** Set once `stop()` was called: a catch-up in progress returns at its next slice. */
  get stopped(): boolean {
    return this.stopping;
  }

  /**
   * Creates this generation's tables and a zero checkpoint (idempotent). A generation built from empty
   * (`fromEmpty`) is created without its query indexes (see SqlProjection.queryIndexes); when it already
   * has a checkpoint, an earlier run created it and it is resumed as it stands.
   */
  prepare(options: { fromEmpty?: boolean } = {}): void {
    const { db } = this.readModels;
    db.transaction(() => {
      const created = this.readModels.checkpoint(this.projection.name, this.generation) !== undefined;
      if (created && options.fromEmpty) return;
      this.projection.setup(db, this.tables);
      if (created) return;
      if (options.fromEmpty) {
        for (const index of this.projection.queryIndexes ?? [])
          db.exec(`DROP INDEX IF EXISTS "${this.tables.table(index)}"`);
      }
      this.readModels.saveCheckpoint(this.projection.name, this.generation, this.projection.version, 0);
    })();
  }

  /** Creates whatever index `prepare({ fromEmpty })` left out, over the tables as they are (before going live). */
  createQueryIndexes(): void {
    const { db } = this.readModels;
    db.transaction(() => this.projection.setup(db, this.tables))();
    // One transaction as large as the indexes: its frames leave the WAL here rather than at a later slice.
    this.readModels.checkpointIfLarge();
  }

  /**
   * Applies everything up to the store's current head, page by page. Between slices it yields to the event
   * loop (setImmediate, not a microtask: the SQLite adapter's reads resolve at once, and a chain of resolved
   * awaits would otherwise hold the loop until the whole store was read, leaving HTTP unanswered).
   */
  async catchUp(onProgress?: (progress: CatchUpProgress) => void): Promise<void> {
    await catchUpTogether(this.store, [this], {
      pageSize: this.pageSize,
      sliceMs: this.sliceMs,
      filter: this.projection.filter,
      onProgress: onProgress && ((_runner, progress) => onProgress(progress)),
    });
  }

  /** Catches up, then follows new events with `follower` until `stop()`; a failing event is retried, never skipped. */
  startLive(follower: LiveFollowerMembership): void {
    if (this.liveLoop) return;
    this.follower = follower;
    this.liveLoop = this.join();
  }

  /** Called by the follower when this runner's `apply` failed: it retries alone, then joins again. */
  retryAlone(follower: LiveFollowerMembership): void {
    this.phase = 'failing';
    this.follower = follower;
    this.liveLoop = delay(this.retryDelayMs).then(() => this.join());
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.follower?.remove(this);
    await this.liveLoop;
    this.phase = 'stopped';
  }

  private async join(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.catchUp();
        if (this.stopping) return;
        this.follower!.add(this);
        return;
      } catch {
        if (this.stopping) return;
        this.phase = 'failing';
        await delay(this.retryDelayMs);
      }
    }
  }

  /** Applies one event inside the caller's transaction (skipped when already applied or filtered out). */
  applyInTransaction(event: RecordedEvent): void {
    if (event.position <= this.position || !matchesFilter(event, this.projection.filter)) return;
    this.projection.apply(this.readModels.db, this.tables, event);
  }

  /** Writes the checkpoint inside the caller's transaction; `committedAt` makes it current once committed. */
  saveCheckpointInTransaction(position: number): number {
    const reached = Math.max(position, this.position);
    this.readModels.saveCheckpoint(this.projection.name, this.generation, this.projection.version, reached);
    return reached;
  }

  /** After the transaction that applied events up to `position` committed. */
  committedAt(position: number, lastRecordedAt: string | undefined): void {
    this.committed = position;
    if (lastRecordedAt !== undefined) this.lastAppliedRecordedAt = lastRecordedAt;
    if (this.phase === 'failing') this.phase = 'live';
  }

  /** Records why an apply failed (shown by status), for the event at `position`. */
  failed(error: unknown, position: number | undefined): void {
    this.lastError = {
      message: error instanceof Error ? error.message : String(error),
      at: new Date().toISOString(),
      position,
    };
  }
}

export interface CatchUpTogetherOptions {
  pageSize: number;
  sliceMs: number;
  /** Only when every runner's projection has this same filter (a single runner). */
  filter?: AllFilter;
  onProgress?: (runner: GenerationRunner, progress: CatchUpProgress) => void;
}

/**
 * Catches several generations (of different projections, over the same store and read-model file) up to
 * the store's head in one pass: each page of `$all` is read and decoded once and applied to every runner
 * still behind it, in slices of about `sliceMs`, each slice one transaction holding every runner's
 * checkpoint. Runners may start at different checkpoints; each applies only the events after its own.
 * Between slices it yields to the event loop (setImmediate, not a microtask: the SQLite adapter's reads
 * resolve at once, and a chain of resolved awaits would otherwise hold the loop until the whole store was
 * read, leaving HTTP unanswered). Returns early once any runner is stopped.
 */
export async function catchUpTogether(
  store: EventStore,
  runners: readonly GenerationRunner[],
  options: CatchUpTogetherOptions,
): Promise<void> {
  if (runners.length === 0) return;
  const readModels = runners[0]!.readModelDatabase;
  for (const runner of runners) runner.phase = 'catching-up';
  // Pages sized so that reading, decoding and applying one takes about a slice: the SQLite store decodes a
  // page synchronously, so a fixed page of 1,000 large events held the event loop before the first slice.
  const pages = new TimeSlicedPages(options.pageSize, { sliceMs: options.sliceMs });
  for (;;) {
    if (runners.some((runner) => runner.stopped)) return;
    pages.begin();
    const head = await store.headPosition();
    const from = Math.min(...runners.map((runner) => runner.position));
    const maxCount = pages.pageSize;
    const events = await store.readAll({ from: { after: from }, maxCount, filter: options.filter });
    const last = events.at(-1)?.position ?? from;
    const complete = events.length < maxCount;
    // A short page saw everything committed before `head` was read, so the checkpoint may jump to it
    // even when a filter skipped the events in between.
    const pageEnd = complete ? Math.max(last, head) : last;
    let applied = 0;
    for (;;) {
      // The page was sized to fit a slice; when it did not (a slow event, a busy core), the rest waits a turn.
      const deadline = performance.now() + options.sliceMs;
      applied += applySlice(readModels, runners, events.slice(applied), pageEnd, deadline);
      for (const runner of runners)
        options.onProgress?.(runner, {
          position: runner.position,
          headPosition: Math.max(head, runner.position),
        });
      if (applied >= events.length) break;
      await yieldToEventLoop();
      if (runners.some((runner) => runner.stopped)) return;
    }
    // Yields after the last page too: a catch-up (a rebuild) never completes within the turn that began it, so
    // requests queued meanwhile (a second rebuild of the same read model: 409) find it running.
    await pages.pause(events.length);
    if (complete) return;
  }
}

/**
 * Applies `events` to every runner in one transaction with their checkpoints, and answers how many it
 * applied: all of them, or (given a `deadline`, a performance.now() instant) those applied before it
 * passed, at least one. Checkpoints move to `checkpoint` only when every event was applied, else to the
 * last one applied. On a failure nothing of the slice stays, and the failing runner records the error.
 */
export function applySlice(
  readModels: ReadModelDatabase,
  runners: readonly GenerationRunner[],
  events: readonly RecordedEvent[],
  checkpoint: number,
  deadline?: number,
): number {
  if (events.length === 0 && runners.every((runner) => checkpoint <= runner.position)) return 0;
  let taken = 0;
  let reached: number[] = [];
  let failing: { runner: GenerationRunner; position: number } | undefined;
  try {
    readModels.db.transaction(() => {
      for (const event of events) {
        if (taken > 0 && deadline !== undefined && performance.now() > deadline) break;
        taken++;
        for (const runner of runners) {
          failing = { runner, position: event.position };
          runner.applyInTransaction(event);
        }
      }
      failing = undefined;
      const end = taken === events.length ? checkpoint : events[taken - 1]!.position;
      reached = runners.map((runner) => runner.saveCheckpointInTransaction(end));
    })();
  } catch (error) {
    const blamed = failing as { runner: GenerationRunner; position: number } | undefined;
    if (blamed) {
      blamed.runner.failed(error, blamed.position);
      if (typeof error === 'object' && error !== null) blame.set(error, blamed.runner);
    } else for (const runner of runners) runner.failed(error, undefined);
    throw error;
  }
  const lastRecordedAt = events[taken - 1]?.recordedAt;
  runners.forEach((runner, i) => runner.committedAt(reached[i]!, lastRecordedAt));
  // Between slices: keeps the WAL bounded while readers hold snapshots (ReadModelDatabase.checkpointIfLarge).
  readModels.checkpointIfLarge();
  return taken;
}

const blame = new WeakMap<object, GenerationRunner>();

/** The runner whose `apply` threw `error` in `applySlice` (undefined when the failure was not one runner's). */
export function blamedRunner(error: unknown): GenerationRunner | undefined {
  return typeof error === 'object' && error !== null ? blame.get(error) : undefined;
}

/** Lets timers and I/O (HTTP requests) run before the next slice of work. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
