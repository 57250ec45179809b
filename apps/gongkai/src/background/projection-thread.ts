import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { spawnThread, threadEntry } from '@gongkai/event-store';
import type { ProjectionStatus } from '@gongkai/projections';
import type {
  FromProjectionThread,
  ProjectionWorkerData,
  RebuildOutcome,
  ToProjectionThread,
} from './projection-thread-protocol';

export interface ProjectionThreadOptions {
  /** Slice of a catch-up or live round on the thread: longer than on the request loop, which it no longer holds. */
  sliceMs?: number;
  statusIntervalMs?: number;
  /** First delay before restarting a thread that died; doubles per failed start up to `maxRestartDelayMs`. */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  /** How long `stop()` waits for the thread to stop its runners before terminating it. */
  stopTimeoutMs?: number;
  /** Least interval between two commit notices (ms); 0: one per commit, unless one is still untaken. */
  noticeIntervalMs?: number;
  /** Added to the thread's nice value, so that on busy cores the request thread goes first; 0 leaves it. */
  niceIncrement?: number;
}

/** The thread's state as the request thread sees it. */
export interface ProjectionThreadState {
  /** Id of the thread running now (undefined while restarting). */
  threadId?: number;
  /** How often it died and was restarted. */
  restarts: number;
  /** Why it last died, and when. */
  lastExit?: { message: string; at: string };
  /** The last status it posted (phases, errors, rebuild progress); empty before the first. */
  statuses: readonly ProjectionStatus[];
  /** True between a death and the first status of its replacement: every read model reports `failing`. */
  down: boolean;
  /** Commit notices posted to the thread, and whether the last one is still untaken (diagnosis, tests). */
  commitNotices: { sent: number; pending: boolean };
}

/**
 * The request thread's side of the projection thread (projection-worker.ts): starts it, keeps the status it
 * posts (throttled by the thread, read here without waiting), forwards rebuilds and the store's commit
 * notifications, restarts it with backoff when it dies, and stops it cleanly.
 */
export class ProjectionThread {
  private worker?: Worker;
  private readonly gate = new Int32Array(new SharedArrayBuffer(4));
  /** Int32[1]: 1 from posting a commit notice until the thread takes it (see `committed`). */
  private readonly notice = new Int32Array(new SharedArrayBuffer(4));
  private noticesSent = 0;
  private lastNoticeAt = Number.NEGATIVE_INFINITY;
  private noticeTimer?: NodeJS.Timeout;
  private statuses: ProjectionStatus[] = [];
  private restarts = 0;
  private lastExit?: { message: string; at: string };
  private down = false;
  private stopping = false;
  private restartTimer?: NodeJS.Timeout;
  private restartDelay: number;
  private nextId = 1;
  private readonly rebuilds = new Map<
    number,
    (answer: { outcome: RebuildOutcome; message?: string }) => void
  >();
  private startedWaiters: Array<() => void> = [];
  private hasStarted = false;
  private pausedWaiters: Array<() => void> = [];
  private exitWaiters: Array<() => void> = [];
  private readonly options: Required<ProjectionThreadOptions>;

  constructor(
    private readonly data: Omit<
      ProjectionWorkerData,
      'gate' | 'notice' | 'sliceMs' | 'statusIntervalMs' | 'niceIncrement'
    >,
    private readonly logger: Logger,
    options: ProjectionThreadOptions = {},
  ) {
    this.options = {
      sliceMs: options.sliceMs ?? 100,
      statusIntervalMs: options.statusIntervalMs ?? 200,
      restartDelayMs: options.restartDelayMs ?? 1_000,
      maxRestartDelayMs: options.maxRestartDelayMs ?? 30_000,
      stopTimeoutMs: options.stopTimeoutMs ?? 30_000,
      noticeIntervalMs: options.noticeIntervalMs ?? 5,
      niceIncrement: options.niceIncrement ?? 0,
    };
    this.restartDelay = this.options.restartDelayMs;
  }

  start(): void {
    if (this.worker || this.stopping) return;
    const data: ProjectionWorkerData = {
      ...this.data,
      sliceMs: this.options.sliceMs,
      statusIntervalMs: this.options.statusIntervalMs,
      niceIncrement: this.options.niceIncrement,
      gate: this.gate.buffer as SharedArrayBuffer,
      notice: this.notice.buffer as SharedArrayBuffer,
    };
    // A thread that died holding a notice never takes it: its replacement starts with none pending.
    Atomics.store(this.notice, 0, 0);
    const worker = spawnThread(threadEntry(__filename, 'projection-worker'), { workerData: data });
    // Stopped by `stop()`; it must not keep a process alive that is exiting for another reason.
    worker.unref();
    this.worker = worker;
    let failure: Error | undefined;
    worker.on('message', (message: FromProjectionThread) => this.receive(message));
    worker.on('error', (error) => {
      failure = error;
    });
    worker.on('exit', (code) => this.exited(worker, code, failure));
  }

  get state(): ProjectionThreadState {
    return {
      threadId: this.worker?.threadId,
      restarts: this.restarts,
      lastExit: this.lastExit,
      statuses: this.statuses,
      down: this.down,
      commitNotices: { sent: this.noticesSent, pending: Atomics.load(this.notice, 0) === 1 },
    };
  }

  /** Resolves once the thread has caught every read model up (or failed to), or is stopped. */
  whenStarted(): Promise<void> {
    if (this.hasStarted || this.stopping) return Promise.resolve();
    return new Promise((resolve) => this.startedWaiters.push(resolve));
  }

  /**
   * The request thread's store committed: the thread re-reads now (its poll stays the fallback).
   *
   * Each notice wakes the thread, which on a busy machine takes the core from this thread, so a burst of
   * commits posts one: none while the last is untaken (the thread clears the flag before it re-reads, so that
   * re-read sees this commit too), and at most one per `noticeIntervalMs` (a later commit sets a timer for the
   * end of the interval). Every commit is still followed by a notice whose re-read starts after it.
   */
  committed(): void {
    if (!this.worker || this.noticeTimer || Atomics.load(this.notice, 0) === 1) return;
    const wait = this.lastNoticeAt + this.options.noticeIntervalMs - performance.now();
    if (wait <= 0) {
      this.postNotice();
      return;
    }
    this.noticeTimer = setTimeout(() => {
      this.noticeTimer = undefined;
      this.postNotice();
    }, wait);
    this.noticeTimer.unref();
  }

  private postNotice(): void {
    if (!this.worker || Atomics.compareExchange(this.notice, 0, 0, 1) !== 0) return;
    this.lastNoticeAt = performance.now();
    this.noticesSent++;
    this.send({ type: 'committed' });
  }

  /** Asks the thread to rebuild `name` beside its live generation; answers once the rebuild is registered. */
  rebuild(name: string): Promise<{ outcome: RebuildOutcome; message?: string }> {
    if (!this.worker || this.down) {
      return Promise.resolve({ outcome: 'failed', message: 'the projection thread is restarting' });
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.rebuilds.set(id, resolve);
      this.send({ type: 'rebuild', id, name });
    });
  }

  /**
   * Blocks the projection thread where it stands (between two slices) until the returned `resume` is
   * called: for tests and diagnosis, showing that requests do not wait for it.
   */
  async pause(): Promise<() => void> {
    const resume = () => {
      Atomics.store(this.gate, 0, 0);
      Atomics.notify(this.gate, 0);
    };
    if (!this.worker) return resume;
    Atomics.store(this.gate, 0, 1);
    const paused = new Promise<void>((resolve) => this.pausedWaiters.push(resolve));
    this.send({ type: 'pause' });
    await paused;
    return resume;
  }

  /** Ends the thread abruptly, as a crash would (tests): it is reported and restarted like one. */
  async kill(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => this.exitWaiters.push(resolve));
    await worker.terminate();
    await exited;
  }

  /** Stops the runners at their next slice (checkpoints consistent), then the thread. Never hangs. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    clearTimeout(this.noticeTimer);
    this.noticeTimer = undefined;
    this.resolveStarted();
    const worker = this.worker;
    if (!worker) return;
    // A paused thread must be let go, or it never reads the stop message.
    Atomics.store(this.gate, 0, 0);
    Atomics.notify(this.gate, 0);
    const exited = new Promise<void>((resolve) => this.exitWaiters.push(resolve));
    this.send({ type: 'stop' });
    const timeout = setTimeout(() => {
      this.logger.warn('the projection thread did not stop in time; terminating it');
      void worker.terminate();
    }, this.options.stopTimeoutMs);
    try {
      await exited;
    } finally {
      clearTimeout(timeout);
    }
  }

  private send(message: ToProjectionThread): void {
    this.worker?.postMessage(message);
  }

  private receive(message: FromProjectionThread): void {
    switch (message.type) {
      case 'status':
        this.statuses = message.statuses;
        this.down = false;
        return;
      case 'started':
        // A thread that came up after a restart: the next death waits the first delay again.
        this.restartDelay = this.options.restartDelayMs;
        this.resolveStarted();
        return;
      case 'rebuild-answer': {
        const resolve = this.rebuilds.get(message.id);
        this.rebuilds.delete(message.id);
        resolve?.({ outcome: message.outcome, message: message.message });
        return;
      }
      case 'rebuilt':
        if (message.error)
          this.logger.error({ projection: message.name, err: message.error }, 'projection rebuild failed');
        else this.logger.info({ projection: message.name }, 'projection rebuilt and switched');
        return;
      case 'log':
        this.logger[message.level](message.fields, message.message);
        return;
      case 'paused':
        for (const resolve of this.pausedWaiters.splice(0)) resolve();
        return;
      case 'stopped':
        return;
    }
  }

  private exited(worker: Worker, code: number, failure: Error | undefined): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const resolve of this.rebuilds.values())
      resolve({ outcome: 'failed', message: 'the projection thread stopped' });
    this.rebuilds.clear();
    for (const resolve of this.pausedWaiters.splice(0)) resolve();
    for (const resolve of this.exitWaiters.splice(0)) resolve();
    if (this.stopping) return;
    const message = failure
      ? `the projection thread failed: ${failure.message}`
      : `the projection thread exited with code ${code}`;
    this.lastExit = { message, at: new Date().toISOString() };
    this.down = true;
    this.restarts++;
    const delay = this.restartDelay;
    this.restartDelay = Math.min(this.restartDelay * 2, this.options.maxRestartDelayMs);
    this.logger.error({ err: failure, code, restartInMs: delay }, `${message}; restarting it`);
    this.restartTimer = setTimeout(() => this.start(), delay);
    this.restartTimer.unref();
  }

  private resolveStarted(): void {
    this.hasStarted = true;
    for (const resolve of this.startedWaiters.splice(0)) resolve();
  }
}
