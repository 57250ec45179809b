import type { EventStore } from '@gongkai/event-store';
import type { CatchUpProgress, RunnerError, RunnerOptions, RunnerPhase } from './generation-runner';
import { GenerationRunner } from './generation-runner';
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
  private readonly projections = new Map<string, SqlProjection>();

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelDatabase,
    projections: readonly SqlProjection[],
    private readonly options: RunnerOptions = {},
  ) {
    for (const projection of projections) this.projections.set(projection.name, projection);
  }

  /**
   * Catches every projection up, then follows live. A projection whose stored version differs from the
   * code's is rebuilt first (its old tables no longer match the code that queries them).
   */
  async start(onProgress?: (progress: RebuildProgress) => void): Promise<void> {
    for (const projection of this.projections.values()) {
      const state = this.readModels.liveState(projection.name);
      if (!state || state.version !== projection.version) {
        await this.rebuild(projection.name, onProgress);
        continue;
      }
      const runner = new GenerationRunner(this.store, this.readModels, projection, state.generation, this.options);
      runner.prepare();
      await runner.catchUp((p) => onProgress?.({ ...p, projection: projection.name, generation: state.generation }));
      runner.startLive();
      this.live.set(projection.name, runner);
    }
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

  async rebuild(name: string, onProgress?: (progress: RebuildProgress) => void): Promise<void> {
    const projection = this.projections.get(name);
    if (!projection) throw new Error(`Unknown projection ${name}`);
    if (this.rebuilding.has(name)) throw new Error(`Projection ${name} is already being rebuilt`);
    const generation = this.readModels.nextGeneration(name);
    const next = new GenerationRunner(this.store, this.readModels, projection, generation, this.options);
    this.rebuilding.set(name, next);
    try {
      next.prepare();
      const report = (p: CatchUpProgress) => onProgress?.({ ...p, projection: name, generation });
      await next.catchUp(report);
      const previous = this.live.get(name);
      await previous?.stop();
      await next.catchUp(report);
      this.switchTo(projection, next, previous?.generation ?? this.readModels.liveState(name)?.generation);
      next.startLive();
      this.live.set(name, next);
    } catch (error) {
      this.readModels.db.transaction(() => this.dropGeneration(projection, generation))();
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
        phase: runner?.phase ?? 'idle',
        position,
        headPosition: head,
        lagEvents,
        lagSeconds,
        lastError: runner?.lastError,
        rebuild: rebuild ? { generation: rebuild.generation, position: rebuild.position, headPosition: head } : undefined,
      };
    });
  }

  async stop(): Promise<void> {
    await Promise.all([...this.live.values()].map((runner) => runner.stop()));
    await Promise.all([...this.rebuilding.values()].map((runner) => runner.stop()));
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
    for (const table of projection.tableNames) {
      this.readModels.db.exec(`DROP TABLE IF EXISTS "${tables.table(table)}"`);
    }
    this.readModels.forgetGeneration(projection.name, generation);
  }
}
