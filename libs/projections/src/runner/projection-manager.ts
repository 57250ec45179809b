import type { EventStore } from '@gongkai/event-store';
import type { CatchUpProgress, RunnerError, RunnerOptions, RunnerPhase } from './generation-runner';
import { catchUpTogether, GenerationRunner } from './generation-runner';
import { LiveFollower } from './live-follower';
import type { ProjectionTables, SqlProjection } from './projection';
import { tablesFor } from './projection';
import type { ReadModelDatabase } from './read-model-database';

export interface ProjectionStatus {
  name: string;
  version: number;
  generation: number;
  phase: RunnerPhase;
  position: number;
  headPosition: number;
  lagEvents: number;
  /** Seconds between the newest event in the store and the last one applied (0 when caught up). */
  lagSeconds: number;
  lastError?: RunnerError;
  rebuild?: { generation: number; position: number; headPosition: number };
  /**
   * A build (first build, new version or admin rebuild) that failed and is retried automatically: how many
   * attempts failed, the last one's error, and when the next one starts (absent while one is running).
   */
  retry?: BuildRetryStatus;
}

export interface BuildRetryStatus {
  /** Failed attempts so far (the first build or rebuild included). */
  attempts: number;
  /** When the next attempt starts; absent while an attempt is running. */
  nextRetryAt?: string;
  /** The backoff before that attempt (ms): doubles per failed attempt, capped. */
  delayMs?: number;
  lastError: RunnerError;
}

export interface ProjectionManagerOptions extends RunnerOptions {
  /**
   * First delay (ms) before a failed build (first build, new version, admin rebuild) is tried again; it
   * doubles per failed attempt up to `maxBuildRetryDelayMs`. Default 5 s.
   */
  buildRetryDelayMs?: number;
  /** Longest delay between two attempts of a failed build. Default 5 min. */
  maxBuildRetryDelayMs?: number;
  /** Where the manager reports what only the log would otherwise know (a build failed, a retry began). */
  log?: (level: 'info' | 'warn' | 'error', fields: Record<string, unknown>, message: string) => void;
}

interface StartPlan {
  projection: SqlProjection;
  runner: GenerationRunner;
  /** The live generation (of another version) this build replaces. */
  replaces?: number;
  /** Built beside (first build or new version) rather than a live generation catching up. */
  rebuild: boolean;
  /** A generation an earlier run began and this one resumes. */
  inherited: boolean;
}

/** A failed build waiting for (or running) its next attempt. */
interface PendingRetry {
  attempts: number;
  lastError: RunnerError;
  /** The generation to resume (its checkpoint says how far it got), or a new one from empty. */
  resume?: number;
  timer?: NodeJS.Timeout;
  at?: number;
  delayMs?: number;
}

export type RebuildProgress = CatchUpProgress & { projection: string; generation: number };

/**
 * Runs every projection on its live generation and rebuilds one beside the live read model, then switches
 * in a single transaction: queries keep answering from the old generation until the new one is complete.
 */
export class ProjectionManager {
  private readonly live = new Map<string, GenerationRunner>();
  private readonly rebuilding = new Map<string, GenerationRunner>();
  /** Runners of live generations still catching up in `start()` (not yet in `live`). */
  private readonly starting = new Set<GenerationRunner>();
  private readonly projections = new Map<string, SqlProjection>();
  /** Every live generation follows the store through this one subscription. */
  private readonly follower: LiveFollower;

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelDatabase,
    projections: readonly SqlProjection[],
    private readonly options: ProjectionManagerOptions = {},
  ) {
    for (const projection of projections) this.projections.set(projection.name, projection);
    this.follower = new LiveFollower(store, readModels, {
      pageSize: options.pageSize ?? 1000,
      sliceMs: options.sliceMs ?? 20,
      retryDelayMs: options.retryDelayMs ?? 1000,
      minRoundIntervalMs: options.liveRoundIntervalMs ?? 5,
    });
  }

  /**
   * Catches every projection up, then follows live. A projection whose stored version differs from the
   * code's (or that has none yet) is rebuilt first, beside any old generation (its old tables no longer match
   * the code that queries them). A rebuild that an earlier run left unfinished (stopped or killed) is
   * resumed from its checkpoint rather than started again. Every projection behind the head is caught up
   * in one pass over the store (`catchUpTogether`): each event is read and decoded once for all of them.
   */
  /**
   * Read models whose build from empty failed at start, with the error: they have no generation to serve and
   * none is being built, so without this their status read `idle` at position 0 and the error reached only the
   * log. Cleared when a rebuild of that read model starts.
   */
  private readonly buildFailures = new Map<string, RunnerError>();

  async start(onProgress?: (progress: RebuildProgress) => void): Promise<void> {
    this.onProgress = onProgress;
    const plans: StartPlan[] = [];
    for (const projection of this.projections.values()) {
      const state = this.readModels.liveState(projection.name);
      if (state && state.version === projection.version) {
        const runner = new GenerationRunner(this.store, this.readModels, projection, state.generation, this.options);
        // A rebuild an earlier run started beside this generation and never finished: nothing will resume it.
        this.dropUnfinished(projection, state.generation);
        this.starting.add(runner);
        plans.push({ projection, runner, rebuild: false, inherited: false });
        continue;
      }
      if (this.rebuilding.has(projection.name)) throw new Error(`Projection ${projection.name} is already being rebuilt`);
      const generation = this.resumableGeneration(projection, state?.generation);
      const inherited = this.readModels.checkpoint(projection.name, generation) !== undefined;
      const runner = new GenerationRunner(this.store, this.readModels, projection, generation, this.options);
      this.rebuilding.set(projection.name, runner);
      plans.push({ projection, runner, replaces: state?.generation, rebuild: true, inherited });
    }
    const reporter = (runner: GenerationRunner) => (p: CatchUpProgress) =>
      onProgress?.({ ...p, projection: runner.name, generation: runner.generation });
    let failure: unknown;
    const failed = (plan: StartPlan, error: unknown) => {
      failure ??= error;
      this.failedAtStart(plan, error);
    };
    try {
      const prepared: StartPlan[] = [];
      for (const plan of plans) {
        try {
          plan.runner.prepare({ fromEmpty: plan.rebuild });
          prepared.push(plan);
        } catch (error) {
          failed(plan, error);
        }
      }
      await catchUpTogether(
        this.store,
        prepared.map((plan) => plan.runner),
        { pageSize: this.options.pageSize ?? 1000, sliceMs: this.options.sliceMs ?? 20, onProgress: (runner, p) => reporter(runner)(p) },
      ).catch(() => undefined); // a failing read model is caught up (and reports its error) on its own below
      // Each finishes on its own, so one failing read model does not keep the others from going live.
      for (const plan of prepared) {
        const { projection, runner } = plan;
        try {
          await runner.catchUp(reporter(runner));
          if (runner.stopped) return;
          if (plan.rebuild) {
            runner.createQueryIndexes();
            await runner.catchUp(reporter(runner));
            if (runner.stopped) return;
            this.switchTo(projection, runner, plan.replaces);
            this.rebuilding.delete(projection.name);
          }
        } catch (error) {
          failed(plan, error);
          continue;
        }
        runner.startLive(this.follower);
        this.live.set(projection.name, runner);
      }
    } finally {
      for (const plan of plans) {
        this.starting.delete(plan.runner);
        // Stopped before its switch: left for the next start to resume.
        if (this.rebuilding.get(plan.projection.name) === plan.runner) this.rebuilding.delete(plan.projection.name);
      }
    }
    if (failure !== undefined) throw failure;
  }

  /** The progress callback `start()` was given: retries report through it too. */
  private onProgress?: (progress: RebuildProgress) => void;
  /** Failed builds waiting for their next attempt (or running it), by read model. */
  private readonly retries = new Map<string, PendingRetry>();
  private stopping = false;

  private failedAtStart(plan: StartPlan, error: unknown): void {
    if (plan.rebuild) {
      this.buildFailed(plan.projection, plan.runner, error, plan.inherited);
      return;
    }
    // A live generation whose catch-up failed: it keeps serving what it has and retries from its checkpoint
    // (every `retryDelayMs`, one slice each time) as a live read model does. It was dropped before: never
    // followed live, and reported idle at position 0 until a restart.
    if (this.stopping) return;
    plan.runner.startLive(this.follower);
    this.live.set(plan.projection.name, plan.runner);
  }

  /**
   * A build failed (first build, new version, admin rebuild, or a retry of one): it is tried again after a
   * backoff that doubles per failed attempt (`buildRetryDelayMs`, capped at `maxBuildRetryDelayMs`). The
   * failed slice rolled back, so the generation is kept and the retry resumes it from its checkpoint (at
   * 10M events a failure near the end costs one slice, not the whole build again). A generation an earlier
   * run left (`inherited`), perhaps by other code at the same version with another table shape, is dropped
   * instead, and the retry builds from empty.
   */
  private buildFailed(projection: SqlProjection, runner: GenerationRunner, error: unknown, inherited: boolean): void {
    const name = projection.name;
    const lastError = runner.lastError ?? errorOf(error);
    if (this.rebuilding.get(name) === runner) this.rebuilding.delete(name);
    let resume: number | undefined = runner.generation;
    if (inherited) {
      resume = undefined;
      try {
        this.readModels.db.transaction(() => this.dropGeneration(projection, runner.generation))();
      } catch {
        // Dropped by the retry (dropUnfinished) instead.
      }
    }
    // Nothing to serve: failing with this error rather than idle (a live generation keeps serving).
    if (!this.live.has(name)) this.buildFailures.set(name, lastError);
    const pending: PendingRetry = this.retries.get(name) ?? { attempts: 0, lastError };
    if (pending.timer) clearTimeout(pending.timer);
    pending.attempts++;
    pending.lastError = lastError;
    pending.resume = resume;
    pending.timer = undefined;
    pending.at = undefined;
    pending.delayMs = undefined;
    this.retries.set(name, pending);
    if (this.stopping) return;
    const first = this.options.buildRetryDelayMs ?? 5_000;
    const cap = Math.max(first, this.options.maxBuildRetryDelayMs ?? 300_000);
    const delayMs = Math.min(cap, first * 2 ** Math.min(pending.attempts - 1, 30));
    pending.delayMs = delayMs;
    pending.at = Date.now() + delayMs;
    pending.timer = setTimeout(() => void this.retry(name), delayMs);
    // A waiting retry alone does not keep a process alive (a CLI, a test whose store is gone): what serves
    // (the HTTP server, the live follower) does.
    pending.timer.unref();
    // A pending retry never keeps a process (or the projection thread) alive: stop() clears it anyway.
    pending.timer.unref?.();
    this.options.log?.(
      'error',
      { projection: name, generation: runner.generation, attempts: pending.attempts, retryInMs: delayMs, err: lastError.message },
      'read model build failed; retrying',
    );
  }

  /** The next attempt of a failed build: resumes the generation it left, or builds one from empty. */
  private async retry(name: string): Promise<void> {
    const pending = this.retries.get(name);
    const projection = this.projections.get(name);
    if (!pending || !projection || this.stopping || this.rebuilding.has(name)) return;
    pending.timer = undefined;
    pending.at = undefined;
    pending.delayMs = undefined;
    let generation = pending.resume;
    if (generation === undefined || this.readModels.checkpoint(name, generation) === undefined) {
      this.dropUnfinished(projection, this.live.get(name)?.generation ?? this.readModels.liveState(name)?.generation);
      generation = this.readModels.nextGeneration(name);
    }
    this.options.log?.('info', { projection: name, generation, attempt: pending.attempts + 1 }, 'retrying read model build');
    // A failure schedules the next attempt (buildFailed); nothing else is waiting for this one.
    await this.build(projection, generation, false, this.onProgress).catch(() => undefined);
  }

  /**
   * Builds `generation` of `projection` beside the live one (resuming it when it has a checkpoint), then
   * switches to it. Registered in `rebuilding` before the first await.
   */
  private async build(
    projection: SqlProjection,
    generation: number,
    inherited: boolean,
    onProgress?: (progress: RebuildProgress) => void,
  ): Promise<void> {
    const name = projection.name;
    const next = new GenerationRunner(this.store, this.readModels, projection, generation, this.options);
    this.rebuilding.set(name, next);
    let previous: GenerationRunner | undefined;
    try {
      next.prepare({ fromEmpty: true });
      const report = (p: CatchUpProgress) => onProgress?.({ ...p, projection: name, generation });
      await next.catchUp(report);
      if (next.stopped) return;
      next.createQueryIndexes();
      previous = this.live.get(name);
      await previous?.stop();
      await next.catchUp(report);
      if (next.stopped) return;
      this.switchTo(projection, next, previous?.generation ?? this.readModels.liveState(name)?.generation);
      next.startLive(this.follower);
      this.live.set(name, next);
      this.buildFailures.delete(name);
      this.retries.delete(name);
    } catch (error) {
      if (previous && this.live.get(name) === previous && !this.stopping) {
        // Stopped for a switch that did not happen: its generation follows live again.
        const again = new GenerationRunner(this.store, this.readModels, projection, previous.generation, this.options);
        again.startLive(this.follower);
        this.live.set(name, again);
      }
      this.buildFailed(projection, next, error, inherited);
      throw error;
    } finally {
      if (this.rebuilding.get(name) === next) this.rebuilding.delete(name);
    }
  }

  private dropUnfinished(projection: SqlProjection, live: number | undefined): void {
    const stale = this.readModels.generations(projection.name).filter((g) => g.generation !== live);
    if (stale.length === 0) return;
    this.readModels.db.transaction(() => {
      for (const g of stale) this.dropGeneration(projection, g.generation);
    })();
  }

  /**
   * The generation to rebuild into: the newest one an earlier run left unfinished at the code's version (its
   * checkpoint says how far it got), else a new one. Other unfinished generations are dropped.
   */
  private resumableGeneration(projection: SqlProjection, live: number | undefined): number {
    const unfinished = this.readModels
      .generations(projection.name)
      .filter((g) => g.generation !== live)
      .sort((a, b) => b.generation - a.generation);
    const resumable = unfinished.find((g) => g.version === projection.version);
    this.readModels.db.transaction(() => {
      for (const g of unfinished) if (g !== resumable) this.dropGeneration(projection, g.generation);
    })();
    return resumable?.generation ?? this.readModels.nextGeneration(projection.name);
  }

  /** Table names of the live generation: what queries read. */
  tables(projection: string): ProjectionTables {
    const runner = this.live.get(projection);
    if (!runner) throw new Error(`Projection ${projection} is not running`);
    return runner.tables;
  }

  /** Waits until every live projection has applied the store's head (tests, CLI reports). */
  async waitForCatchUp(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const head = await this.store.headPosition();
      if ([...this.live.values()].every((runner) => runner.position >= head)) return;
      if (Date.now() > deadline) throw new Error(`Projections did not reach position ${head} in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Whether `name` is being rebuilt (by `rebuild`, or at start because its version changed). */
  isRebuilding(name: string): boolean {
    return this.rebuilding.has(name);
  }

  /**
   * Rebuilds `name` beside its live generation, then switches. The rebuild is registered before the first
   * await (`isRebuilding` answers true once this is called); it rejects when one is already running.
   */
  async rebuild(name: string, onProgress?: (progress: RebuildProgress) => void): Promise<void> {
    const projection = this.projections.get(name);
    if (!projection) throw new Error(`Unknown projection ${name}`);
    if (this.rebuilding.has(name)) throw new Error(`Projection ${name} is already being rebuilt`);
    // Asked for by an admin: from empty, now, in place of a retry waiting for its backoff (if this one fails
    // too, the retries go on from it, their attempts counted on).
    const pending = this.retries.get(name);
    if (pending?.timer) clearTimeout(pending.timer);
    if (pending) Object.assign(pending, { timer: undefined, at: undefined, delayMs: undefined, resume: undefined });
    this.dropUnfinished(projection, this.live.get(name)?.generation ?? this.readModels.liveState(name)?.generation);
    await this.build(projection, this.readModels.nextGeneration(name), false, onProgress);
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.store.headPosition();
    const newest = head > 0 ? (await this.store.readAll({ from: 'end', direction: 'backwards', maxCount: 1 }))[0] : undefined;
    return [...this.projections.values()].map((projection) => {
      const runner = this.live.get(projection.name);
      const rebuild = this.rebuilding.get(projection.name);
      const pending = this.retries.get(projection.name);
      const position = runner?.position ?? 0;
      const lagEvents = Math.max(0, head - position);
      const lagSeconds =
        lagEvents > 0 && newest && runner?.lastAppliedRecordedAt
          ? Math.max(0, (Date.parse(newest.recordedAt) - Date.parse(runner.lastAppliedRecordedAt)) / 1000)
          : 0;
      return {
        name: projection.name,
        version: projection.version,
        generation: runner?.generation ?? 0,
        // A build under way (a retry's, an admin's) is not failing; /health shows it catching up.
        phase: runner?.phase ?? (!rebuild && this.buildFailures.has(projection.name) ? 'failing' : 'idle'),
        position,
        headPosition: head,
        lagEvents,
        lagSeconds,
        lastError: runner?.lastError ?? (rebuild ? undefined : this.buildFailures.get(projection.name)),
        rebuild: rebuild ? { generation: rebuild.generation, position: rebuild.position, headPosition: head } : undefined,
        retry: pending && {
          attempts: pending.attempts,
          ...(pending.at !== undefined && { nextRetryAt: new Date(pending.at).toISOString(), delayMs: pending.delayMs }),
          lastError: pending.lastError,
        },
      };
    });
  }

  async stop(): Promise<void> {
    // A retry waiting for its backoff must not start, nor keep the thread or process alive (SIGTERM).
    this.stopping = true;
    for (const pending of this.retries.values()) {
      clearTimeout(pending.timer);
      Object.assign(pending, { timer: undefined, at: undefined, delayMs: undefined });
    }
    await Promise.all([...this.live.values()].map((runner) => runner.stop()));
    await Promise.all([...this.rebuilding.values()].map((runner) => runner.stop()));
    await Promise.all([...this.starting].map((runner) => runner.stop()));
    await this.follower.stop();
  }

  private switchTo(projection: SqlProjection, next: GenerationRunner, previousGeneration: number | undefined): void {
    this.readModels.db.transaction(() => {
      this.readModels.setLive(projection.name, next.generation);
      if (previousGeneration !== undefined && previousGeneration !== next.generation) {
        this.dropGeneration(projection, previousGeneration);
      }
    })();
  }

  private dropGeneration(projection: SqlProjection, generation: number): void {
    const tables = tablesFor(projection.name, generation);
    for (const table of [...projection.tableNames, ...(projection.retiredTableNames ?? [])]) {
      this.readModels.db.exec(`DROP TABLE IF EXISTS "${tables.table(table)}"`);
    }
    this.readModels.forgetGeneration(projection.name, generation);
  }
}

/** A failure as status reports it, when the runner recorded none of its own. */
function errorOf(error: unknown): RunnerError {
  return { message: error instanceof Error ? error.message : String(error), at: new Date().toISOString() };
}
