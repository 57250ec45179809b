import type { ProjectionStatus } from '@gongkai/projections';
import type { ServiceConfig } from '@gongkai/runtime';

/** What the projection thread is started with (structured-cloned into it). */
export interface ProjectionWorkerData {
  /** Opened by the thread itself: its own connection (SQLite) or client (EventStoreDB), same configuration. */
  store: Pick<ServiceConfig, 'dataDir' | 'store'>;
  readModelsFile: string;
  /** Longest slice (one transaction) of a catch-up or a live round on this thread. */
  sliceMs: number;
  /** First delay before a failed read-model build is retried (ProjectionManagerOptions.buildRetryDelayMs). */
  buildRetryDelayMs?: number;
  /** How often the thread posts its status (phases, rebuild progress) to the request thread. */
  statusIntervalMs: number;
  /** Added to the thread's nice value (Linux schedules threads alone): the request thread goes first. */
  niceIncrement: number;
  /** Int32[1]: 1 while the request thread holds the projection thread paused (`ProjectionThread.pause`). */
  gate: SharedArrayBuffer;
  /**
   * Int32[1]: 1 while a `committed` notice is posted and not yet taken; the thread sets it to 0 before it
   * re-reads, and the request thread posts no other notice meanwhile.
   */
  notice: SharedArrayBuffer;
}

/** Request thread to projection thread. */
export type ToProjectionThread =
  /** The request thread's connection committed: re-read the store now rather than at the next poll. */
  | { type: 'committed' }
  | { type: 'rebuild'; id: number; name: string }
  /** Block the thread (Atomics.wait on the gate) once this message is handled, until the gate is 0. */
  | { type: 'pause' }
  /** Stop the runners at their next slice (each resumes from its checkpoint), close, and exit. */
  | { type: 'stop' };

export type RebuildOutcome = 'started' | 'conflict' | 'failed';

/** Projection thread to request thread. */
export type FromProjectionThread =
  | { type: 'status'; statuses: ProjectionStatus[] }
  /** Every read model caught up and live (or failed to start: `error`). */
  | { type: 'started'; error?: string }
  | { type: 'rebuild-answer'; id: number; outcome: RebuildOutcome; message?: string }
  | { type: 'rebuilt'; name: string; error?: string }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; fields: Record<string, unknown>; message: string }
  | { type: 'paused' }
  | { type: 'stopped' };
