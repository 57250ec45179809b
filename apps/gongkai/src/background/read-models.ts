import * as path from 'node:path';
import type { Logger } from 'pino';
import type { EventStore } from '@gongkai/event-store';
import type { ServiceConfig } from '@gongkai/runtime';
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
import { ProjectionThread, type ProjectionThreadOptions } from './projection-thread';

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
  /** `worker-thread` (default), `event-loop` (GONGKAI_PROJECTION_THREAD=0), `elsewhere` (GONGKAI_ROLE=api). */
  runsOn: ProjectionsRunOn;
  /** The projection thread: its id, how often it died and was restarted, and why it last did. */
  thread?: { threadId?: number; restarts: number; lastExit?: { message: string; at: string } };
  projections: Array<{
    name: string;
    phase: ProjectionReport['phase'];
    servable: boolean;
    lagEvents: number;
    /** A failed build retried automatically: failed attempts and when the next one starts. */
    retry?: { attempts: number; nextRetryAt?: string };
  }>;
}

/** What `GET /v1/projections` answers per projection. */
export type ProjectionReport = Omit<ProjectionStatus, 'phase'> & {
  /** `external`: this process does not run projections (GONGKAI_ROLE=api); figures come from the file. */
  phase: ProjectionStatus['phase'] | 'external';
};

/** Where this process runs the projections: on a worker thread (default), on the event loop, or not at all. */
export type ProjectionsRunOn = 'worker-thread' | 'event-loop' | 'elsewhere';

export interface ReadModelsOptions {
  /** Worker threads for the heavy reads (`query`); 0 runs them on the event loop. */
  readWorkers?: number;
  /** Run the projections on a worker thread of their own (default) rather than on the event loop. */
  projectionThread?: boolean;
  /** Options of that thread (tests: shorter restart delays). */
  thread?: ProjectionThreadOptions;
  /** First delay before a failed read-model build is retried (GONGKAI_READ_MODEL_RETRY_MS). */
  buildRetryDelayMs?: number;
}

/**
 * The read models of the service: the projections (run in this process unless GONGKAI_ROLE=api, on a worker
 * thread of their own unless GONGKAI_PROJECTION_THREAD=0) and read-only handles on their live generation for
 * the query endpoints. Handles are resolved per query from the file, so they follow the generation switches
 * made by the projection thread or a worker process alike.
 */
export class ReadModels {
  /** Set when the projections run on this event loop (GONGKAI_PROJECTION_THREAD=0). */
  private manager?: ProjectionManager;
  /** Set when they run on a worker thread (the default). */
  private thread?: ProjectionThread;
  private running = false;
  private started?: Promise<void>;
  private stopCommitSignal?: () => void;

  private constructor(
    readonly database: ReadModelDatabase,
    private readonly store: EventStore,
    private readonly logger: Logger,
    private readonly pool: QueryPool | undefined,
    private readonly file: string,
    private readonly storeConfig: Pick<ServiceConfig, 'dataDir' | 'store'>,
    private readonly options: ReadModelsOptions,
  ) {}

  static open(
    storeConfig: Pick<ServiceConfig, 'dataDir' | 'store'>,
    store: EventStore,
    logger: Logger,
    options: ReadModelsOptions = {},
  ): ReadModels {
    const file = path.join(storeConfig.dataDir, READ_MODELS_FILE);
    const database = ReadModelDatabase.open(file);
    const readWorkers = options.readWorkers ?? 0;
    const pool = readWorkers > 0 ? QueryPool.open(file, readWorkers) : undefined;
    return new ReadModels(database, store, logger, pool, file, storeConfig, options);
  }

  get runsHere(): boolean {
    return this.running;
  }

  get runsOn(): ProjectionsRunOn {
    if (!this.running) return 'elsewhere';
    return this.thread ? 'worker-thread' : 'event-loop';
  }

  /** The projection thread (undefined unless the projections run on one): its state, pause and kill for tests. */
  get projectionThread(): ProjectionThread | undefined {
    return this.thread;
  }

  /**
   * Catches every projection up and follows live, in the background: HTTP is served meanwhile, and a
   * query on a read model that has no live generation yet answers 503.
   */
  start(): void {
    this.running = true;
    if (this.options.projectionThread ?? true) {
      const thread = new ProjectionThread(
        { store: this.storeConfig, readModelsFile: this.file, buildRetryDelayMs: this.options.buildRetryDelayMs },
        this.logger,
        this.options.thread,
      );
      this.thread = thread;
      // The thread's own SQLite connection would see this one's commits only at its next poll.
      this.stopCommitSignal = commitSignalOf(this.store)?.onCommit(() => thread.committed());
      thread.start();
      this.started = thread.whenStarted();
      return;
    }
    const manager = new ProjectionManager(this.store, this.database, READ_MODELS, {
      buildRetryDelayMs: this.options.buildRetryDelayMs,
      log: (level, fields, message) => this.logger[level](fields, message),
    });
    this.manager = manager;
    this.started = manager.start(this.progressLogger()).then(
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
  async handleAt(
    projection: string,
    minPosition: number | undefined,
    waitMs = READ_YOUR_WRITES_WAIT_MS,
  ): Promise<ReadModelHandle> {
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
    if (this.manager) return this.manager.status();
    const head = await this.store.headPosition();
    const thread = this.thread?.state;
    const reported = new Map(thread?.statuses.map((status) => [status.name, status]));
    return READ_MODELS.map((projection) => {
      // Position and lag from the file and the store, fresh: the thread's own report may be 200 ms old, and a
      // caller waiting for lag 0 after a write must not be told so before the read model has it.
      const live = this.database.liveState(projection.name);
      const position = live?.position ?? 0;
      const lagEvents = Math.max(0, head - position);
      const report = reported.get(projection.name);
      const base = {
        name: projection.name,
        version: projection.version,
        generation: live?.generation ?? 0,
        position,
        headPosition: head,
        lagEvents,
      };
      if (!thread) return { ...base, phase: 'external', lagSeconds: 0 };
      if (thread.down) {
        const at = thread.lastExit?.at ?? new Date().toISOString();
        return {
          ...base,
          phase: 'failing',
          lagSeconds: report?.lagSeconds ?? 0,
          lastError: {
            message: `${thread.lastExit?.message ?? 'the projection thread stopped'}; restarting`,
            at,
          },
        };
      }
      return {
        ...base,
        phase: report?.phase ?? 'idle',
        lagSeconds: lagEvents === 0 ? 0 : (report?.lagSeconds ?? 0),
        lastError: report?.lastError,
        rebuild: report?.rebuild && { ...report.rebuild, headPosition: head },
        ...(report?.retry && { retry: report.retry }),
      };
    });
  }

  /** Cheap: the store's head and each projection's checkpoint. Never waits for a catch-up. */
  async health(): Promise<ReadModelsHealth> {
    const reports = await this.status();
    const projections = reports.map((report) => {
      const servable = this.database.liveState(report.name) !== undefined;
      // Built from empty (first start, or a new version): no live generation, only the one being built, whose
      // progress is the rebuild's. Reported as catching up with that lag, not as an idle read model 100 % behind.
      const building = !servable && report.rebuild !== undefined && report.phase !== 'failing';
      return {
        name: report.name,
        phase: building ? ('catching-up' as const) : report.phase,
        servable,
        lagEvents: building
          ? Math.max(0, report.rebuild!.headPosition - report.rebuild!.position)
          : report.lagEvents,
        ...(report.retry && {
          retry: {
            attempts: report.retry.attempts,
            ...(report.retry.nextRetryAt !== undefined && { nextRetryAt: report.retry.nextRetryAt }),
          },
        }),
      };
    });
    const status: ReadModelsHealth['status'] = projections.some((p) => p.phase === 'failing')
      ? 'failing'
      : !this.running
        ? 'external'
        : projections.every((p) => p.phase === 'live' && p.servable)
          ? 'live'
          : 'catching-up';
    const thread = this.thread?.state;
    return {
      status,
      runsOn: this.runsOn,
      ...(thread && {
        thread: { threadId: thread.threadId, restarts: thread.restarts, lastExit: thread.lastExit },
      }),
      projections,
    };
  }

  /** Starts a rebuild beside the live generation; progress shows in `status()`. */
  async rebuild(name: string): Promise<void> {
    if (!READ_MODELS.some((projection) => projection.name === name)) {
      throw new Problem('not-found', `There is no projection named ${name}`, {
        projections: READ_MODELS.map((projection) => projection.name),
      });
    }
    if (!this.running) {
      throw new Problem(
        'unavailable',
        'Projections run in the worker process (GONGKAI_ROLE=worker), not here',
      );
    }
    if (this.thread) {
      const answer = await this.thread.rebuild(name);
      if (answer.outcome === 'conflict') {
        throw new Problem('conflict', `Projection ${name} is already being rebuilt`, { projection: name });
      }
      if (answer.outcome === 'failed') {
        throw new Problem(
          'unavailable',
          `Projection ${name} could not be rebuilt: ${answer.message ?? 'unknown error'}`,
          {
            projection: name,
            retryAfterSeconds: READ_MODEL_RETRY_AFTER_SECONDS,
          },
        );
      }
      return;
    }
    const manager = this.manager!;
    // Checked here, not only by the manager, so the caller gets 409 rather than a background log line.
    const current = (await manager.status()).find((status) => status.name === name);
    if (current?.rebuild) {
      throw new Problem('conflict', `Projection ${name} is already being rebuilt`, { projection: name });
    }
    manager.rebuild(name, this.progressLogger()).then(
      () => this.logger.info({ projection: name }, 'projection rebuilt and switched'),
      (error: unknown) => this.logger.error({ err: error, projection: name }, 'projection rebuild failed'),
    );
  }

  /** Stops the runners at their next slice (a catch-up under way is not waited for: it resumes at the next start). */
  async stop(): Promise<void> {
    this.stopCommitSignal?.();
    await this.thread?.stop();
    await this.manager?.stop();
    await this.started;
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

/** The SQLite store's commit listener (another connection is told of its commits); none on EventStoreDB. */
function commitSignalOf(store: EventStore): { onCommit(listener: () => void): () => void } | undefined {
  const candidate = store as EventStore & { onCommit?: (listener: () => void) => () => void };
  return typeof candidate.onCommit === 'function'
    ? { onCommit: (listener) => candidate.onCommit!(listener) }
    : undefined;
}
