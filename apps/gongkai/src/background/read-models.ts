import * as path from 'node:path';
import type { Logger } from 'pino';
import type { EventStore } from '@gongkai/event-store';
import {
  ProjectionManager,
  QueryPool,
  READ_MODELS,
  READ_QUERIES,
  ReadModelDatabase,
  runReadQuery,
  tablesFor,
  type ReadQueryName,
  type ReadQueryParams,
  type ReadQueryResult,
  type ProjectionStatus,
  type ReadModelHandle,
  type RebuildProgress,
} from '@gongkai/projections';
import { Problem } from '../platform/http/problem';

/** File (under the data dir, beside the event store) of every read model and the projections' checkpoints. */
export const READ_MODELS_FILE = 'read-models.sqlite';

/** Seconds a client is told to wait (`Retry-After`) when a read model is still being built. */
export const READ_MODEL_RETRY_AFTER_SECONDS = 5;
/** Longest a read asking for `minPosition` waits for the read model to reach it. */
export const READ_YOUR_WRITES_WAIT_MS = 5_000;

/** The read models' part of `/health`: each one's phase and lag, and whether all of them are live. */
export interface ReadModelsHealth {
  /** `live`: every read model serves at the store's head; `catching-up`: some are being built or behind. */
  status: 'live' | 'catching-up' | 'failing' | 'external';
  projections: Array<{ name: string; phase: ProjectionReport['phase']; servable: boolean; lagEvents: number }>;
}

/** What `GET /v1/projections` answers per projection. */
export type ProjectionReport = Omit<ProjectionStatus, 'phase'> & {
  /** `external`: this process does not run projections (GONGKAI_ROLE=api); figures come from the file. */
  phase: ProjectionStatus['phase'] | 'external';
};

/**
 * The read models of the service: the projections (run here unless GONGKAI_ROLE=api) and read-only
 * handles on their live generation for the query endpoints. Handles are resolved per query from the file,
 * so an API process follows the generation switches made by a worker process too.
 */
export class ReadModels {
  readonly manager: ProjectionManager;
  private running = false;
  private started?: Promise<void>;

  private constructor(
    readonly database: ReadModelDatabase,
    private readonly store: EventStore,
    private readonly logger: Logger,
    private readonly pool: QueryPool | undefined,
  ) {
    this.manager = new ProjectionManager(store, database, READ_MODELS);
  }

  /** `readWorkers` worker threads run the heavy reads (`query`); 0 runs them on the event loop. */
  static open(dataDir: string, store: EventStore, logger: Logger, readWorkers = 0): ReadModels {
    const file = path.join(dataDir, READ_MODELS_FILE);
    const database = ReadModelDatabase.open(file);
    return new ReadModels(database, store, logger, readWorkers > 0 ? QueryPool.open(file, readWorkers) : undefined);
  }

  get runsHere(): boolean {
    return this.running;
  }

  /**
   * Catches every projection up and follows live, in the background: HTTP is served meanwhile, and a
   * query on a read model that has no live generation yet answers 503.
   */
  start(): void {
    this.running = true;
    this.started = this.manager.start(this.progressLogger()).then(
      () => this.logger.info('projections live'),
      (error: unknown) => this.logger.error({ err: error }, 'projections failed to start'),
    );
  }

  /** Resolves once `start()` has caught every projection up (tests). */
  async whenStarted(): Promise<void> {
    await this.started;
  }

  /** Tables of the live generation of `projection`, for the query functions of libs/projections. */
  handle(projection: string): ReadModelHandle {
    const live = this.database.liveState(projection);
    if (!live) {
      throw new Problem('unavailable', `The ${projection} read model is still being built; retry shortly`, {
        projection,
        retryAfterSeconds: READ_MODEL_RETRY_AFTER_SECONDS,
      });
    }
    return { db: this.database.db, tables: tablesFor(projection, live.generation) };
  }

  /**
   * Read-your-writes: the handle once the live generation has applied `minPosition` (the position a write
   * answered), waiting at most `waitMs`; 503 with Retry-After when it has not got there by then.
   */
  async handleAt(projection: string, minPosition: number | undefined, waitMs = READ_YOUR_WRITES_WAIT_MS): Promise<ReadModelHandle> {
    if (minPosition === undefined) return this.handle(projection);
    const deadline = Date.now() + waitMs;
    for (;;) {
      const position = this.database.liveState(projection)?.position ?? 0;
      if (position >= minPosition) return this.handle(projection);
      if (Date.now() >= deadline) {
        throw new Problem(
          'unavailable',
          `The ${projection} read model is at position ${position}, not yet at ${minPosition}; retry shortly`,
          { projection, position, minPosition, retryAfterSeconds: 1 },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * A heavy read (READ_QUERIES: search, findings, reports, red flags) on the live generation of its read
   * model, on a worker thread when the service has them, so it does not hold the event loop; with
   * `minPosition`, once that generation has applied it (as `handleAt`). 503 while it is not live.
   */
  async query<K extends ReadQueryName>(
    name: K,
    params: ReadQueryParams<K>,
    minPosition?: number,
  ): Promise<ReadQueryResult<K>> {
    const projection = READ_QUERIES[name].projection;
    const handle = await this.handleAt(projection, minPosition);
    if (!this.pool) return runReadQuery(name, handle, params);
    return this.pool.run(name, handle.tables.generation, params).catch((error: unknown) => {
      // A rebuild switched generations and dropped the one the worker was sent to: ask the new one.
      if (!(error instanceof Error && /no such table/.test(error.message))) throw error;
      return this.pool!.run(name, this.handle(projection).tables.generation, params);
    });
  }

  async status(): Promise<ProjectionReport[]> {
    if (this.running) return this.manager.status();
    const head = await this.store.headPosition();
    return READ_MODELS.map((projection) => {
      const live = this.database.liveState(projection.name);
      const position = live?.position ?? 0;
      return {
        name: projection.name,
        version: projection.version,
        generation: live?.generation ?? 0,
        phase: 'external',
        position,
        headPosition: head,
        lagEvents: Math.max(0, head - position),
        lagSeconds: 0,
      };
    });
  }

  /** Cheap: the store's head and each projection's checkpoint. Never waits for a catch-up. */
  async health(): Promise<ReadModelsHealth> {
    const reports = await this.status();
    const projections = reports.map((report) => ({
      name: report.name,
      phase: report.phase,
      servable: this.database.liveState(report.name) !== undefined,
      lagEvents: report.lagEvents,
    }));
    const status: ReadModelsHealth['status'] = projections.some((p) => p.phase === 'failing')
      ? 'failing'
      : !this.running
        ? 'external'
        : projections.every((p) => p.phase === 'live' && p.servable)
          ? 'live'
          : 'catching-up';
    return { status, projections };
  }

  /** Starts a rebuild beside the live generation; progress shows in `status()`. */
  async rebuild(name: string): Promise<void> {
    if (!READ_MODELS.some((projection) => projection.name === name)) {
      throw new Problem('not-found', `There is no projection named ${name}`, {
        projections: READ_MODELS.map((projection) => projection.name),
      });
    }
    if (!this.running) {
      throw new Problem('unavailable', 'Projections run in the worker process (GONGKAI_ROLE=worker), not here');
    }
    // Checked here, not only by the manager, so the caller gets 409 rather than a background log line.
    const current = (await this.manager.status()).find((status) => status.name === name);
    if (current?.rebuild) {
      throw new Problem('conflict', `Projection ${name} is already being rebuilt`, { projection: name });
    }
    this.manager.rebuild(name, this.progressLogger()).then(
      () => this.logger.info({ projection: name }, 'projection rebuilt and switched'),
      (error: unknown) => this.logger.error({ err: error, projection: name }, 'projection rebuild failed'),
    );
  }

  async stop(): Promise<void> {
    await this.started;
    await this.manager.stop();
  }

  close(): void {
    void this.pool?.close();
    this.database.close();
  }

  private progressLogger(): (progress: RebuildProgress) => void {
    let lastLog = 0;
    return (progress) => {
      if (Date.now() - lastLog < 5_000) return;
      lastLog = Date.now();
      this.logger.info(progress, 'projection catching up');
    };
  }
}
