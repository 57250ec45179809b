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
    private readonly options: RunnerOptions = {},
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
    const plans: Array<{ projection: SqlProjection; runner: GenerationRunner; replaces?: number; rebuild: boolean }> = [];
    for (const projection of this.projections.values()) {
      const state = this.readModels.liveState(projection.name);
      if (state && state.version === projection.version) {
        const runner = new GenerationRunner(this.store, this.readModels, projection, state.generation, this.options);
        // A rebuild an earlier run started beside this generation and never finished: nothing will resume it.
        this.dropUnfinished(projection, state.generation);
        this.starting.add(runner);
        plans.push({ projection, runner, rebuild: false });
        continue;
      }
      if (this.rebuilding.has(projection.name)) throw new Error(`Projection ${projection.name} is already being rebuilt`);
      const generation = this.resumableGeneration(projection, state?.generation);
      const runner = new GenerationRunner(this.store, this.readModels, projection, generation, this.options);
      this.rebuilding.set(projection.name, runner);
      plans.push({ projection, runner, replaces: state?.generation, rebuild: true });
    }
    const reporter = (runner: GenerationRunner) => (p: CatchUpProgress) =>
      onProgress?.({ ...p, projection: runner.name, generation: runner.generation });
    let failure: unknown;
    try {
      for (const { runner, rebuild } of plans) runner.prepare({ fromEmpty: rebuild });
      await catchUpTogether(
        this.store,
        plans.map((plan) => plan.runner),
        { pageSize: this.options.pageSize ?? 1000, sliceMs: this.options.sliceMs ?? 20, onProgress: (runner, p) => reporter(runner)(p) },
      ).catch(() => undefined); // a failing read model is caught up (and reports its error) on its own below
      // Each finishes on its own, so one failing read model does not keep the others from going live.
      for (const plan of plans) {
        const { projection, runner } = plan;
        try {
          await runner.catchUp(reporter(runner));
        } catch (error) {
          failure ??= error;
          if (plan.rebuild) {
            this.buildFailures.set(projection.name, runner.lastError ?? errorOf(error));
            this.abandon(plan.projection, runner);
          }
          continue;
        }
        if (runner.stopped) return;
        if (plan.rebuild) {
          runner.createQueryIndexes();
          await runner.catchUp(reporter(runner));
          if (runner.stopped) return;
          this.switchTo(projection, runner, plan.replaces);
          this.rebuilding.delete(projection.name);
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

  private abandon(projection: SqlProjection, runner: GenerationRunner): void {
    this.readModels.db.transaction(() => this.dropGeneration(projection, runner.generation))();
    this.rebuilding.delete(projection.name);
  }

  private dropUnfinished(projection: SqlProjection, live: number): void {
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
    const generation = this.readModels.nextGeneration(name);
    const next = new GenerationRunner(this.store, this.readModels, projection, generation, this.options);
    this.rebuilding.set(name, next);
    try {
      next.prepare({ fromEmpty: true });
      const report = (p: CatchUpProgress) => onProgress?.({ ...p, projection: name, generation });
      await next.catchUp(report);
      if (next.stopped) return;
      next.createQueryIndexes();
      const previous = this.live.get(name);
      await previous?.stop();
      await next.catchUp(report);
      if (next.stopped) return;
      this.switchTo(projection, next, previous?.generation ?? this.readModels.liveState(name)?.generation);
      next.startLive(this.follower);
      this.live.set(name, next);
      this.buildFailures.delete(name);
    } catch (error) {
      this.abandon(projection, next);
      // Still nothing to serve: the read model stays failing with this error rather than idle.
      if (!this.live.has(name)) this.buildFailures.set(name, next.lastError ?? errorOf(error));
      throw error;
    } finally {
      this.rebuilding.delete(name);
    }
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.store.headPosition();
    const newest = head > 0 ? (await this.store.readAll({ from: 'end', direction: 'backwards', maxCount: 1 }))[0] : undefined;
    return [...this.projections.values()].map((projection) => {
      const runner = this.live.get(projection.name);
      const rebuild = this.rebuilding.get(projection.name);
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
        phase: runner?.phase ?? (this.buildFailures.has(projection.name) ? 'failing' : 'idle'),
        position,
        headPosition: head,
        lagEvents,
        lagSeconds,
        lastError: runner?.lastError ?? (rebuild ? undefined : this.buildFailures.get(projection.name)),
        rebuild: rebuild ? { generation: rebuild.generation, position: rebuild.position, headPosition: head } : undefined,
      };
    });
  }

  async stop(): Promise<void> {
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
