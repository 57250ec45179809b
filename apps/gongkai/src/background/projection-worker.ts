import * as os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { EventStore } from '@gongkai/event-store';
import {
  ProjectionManager,
  READ_MODELS,
  ReadModelDatabase,
  type RebuildProgress,
} from '@gongkai/projections';
import { openEventStore } from '@gongkai/runtime';
import type {
  FromProjectionThread,
  ProjectionWorkerData,
  ToProjectionThread,
} from './projection-thread-protocol';

/** Page cache of the projection thread's event-store connection. */
const PROJECTION_STORE_CACHE_MIB = 4;

/**
 * The projection thread (started by ProjectionThread): its own event-store connection and its own connection
 * to read-models.sqlite; it catches every read model up and follows the store live, as `ReadModels` did on
 * the request thread, and posts its status there. Checkpoints commit with the read models, so whatever ends
 * this thread (a stop, a crash, a SIGKILL of the process), the next start resumes from them.
 */
async function run(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('projection-worker runs as the projection thread of the service');
  const data = workerData as ProjectionWorkerData;
  const post = (message: FromProjectionThread) => port.postMessage(message);
  const log = (level: 'info' | 'warn' | 'error', fields: Record<string, unknown>, message: string) =>
    post({ type: 'log', level, fields, message });
  const gate = new Int32Array(data.gate);
  // This thread alone (Linux schedules threads as tasks): when the cores are busy, the request thread goes first
  // and the read models take what is left; a commit notice no longer hands them the request thread's core.
  if (data.niceIncrement > 0) {
    try {
      os.setPriority(Math.min(19, os.getPriority() + data.niceIncrement));
    } catch {
      // not permitted here: it runs at the process's priority
    }
  }
  const notice = new Int32Array(data.notice);

  // Read in position order, each page once (catch-up, rebuilds, the live tail): a page cache cannot help, and the
  // default 64 MiB (for the appends' random index pages) filled with events during a first build (issue 17's RSS).
  const store = await openEventStore(data.store, undefined, { cacheMiB: PROJECTION_STORE_CACHE_MIB });
  const database = ReadModelDatabase.open(data.readModelsFile);
  const manager = new ProjectionManager(store, database, READ_MODELS, {
    sliceMs: data.sliceMs,
    buildRetryDelayMs: data.buildRetryDelayMs,
    log,
  });

  let reporting: Promise<void> | undefined;
  const report = (): Promise<void> =>
    (reporting ??= manager
      .status()
      .then(
        (statuses) => post({ type: 'status', statuses }),
        (error: unknown) => log('warn', { err: String(error) }, 'projection status failed'),
      )
      .finally(() => (reporting = undefined)));
  /** A status taken after this call (not one already under way), so it shows what just changed. */
  const reportNow = async (): Promise<void> => {
    await reporting;
    await report();
  };
  const timer = setInterval(() => void report(), data.statusIntervalMs);

  const started = manager.start(progressLogger(log)).then(
    async () => {
      await reportNow();
      log('info', {}, 'projections live');
      post({ type: 'started' });
    },
    async (error: unknown) => {
      await reportNow();
      log('error', { err: messageOf(error) }, 'projections failed to start');
      post({ type: 'started', error: messageOf(error) });
    },
  );

  let stopping: Promise<void> | undefined;
  port.on('message', (message: ToProjectionThread) => {
    switch (message.type) {
      case 'committed':
        // Taken before the re-read, so a commit after this point posts a notice of its own.
        Atomics.store(notice, 0, 0);
        wake(store);
        return;
      case 'pause':
        post({ type: 'paused' });
        // Blocks this thread whole (slices, timers, messages) until the request thread sets the gate to 0.
        while (Atomics.load(gate, 0) === 1) Atomics.wait(gate, 0, 1);
        return;
      case 'rebuild':
        void rebuild(message.id, message.name);
        return;
      case 'stop':
        stopping ??= stop();
        return;
    }
  });

  async function rebuild(id: number, name: string): Promise<void> {
    // Decided with no await before `manager.rebuild` registers it: a second request queued behind this one
    // finds it running.
    if (manager.isRebuilding(name)) {
      post({ type: 'rebuild-answer', id, outcome: 'conflict' });
      return;
    }
    const rebuilding = manager.rebuild(name, progressLogger(log));
    if (!manager.isRebuilding(name)) {
      // Refused before it began (an unknown name): nothing runs.
      const message = await rebuilding.then(() => 'not started', messageOf);
      post({ type: 'rebuild-answer', id, outcome: 'failed', message });
      return;
    }
    await reportNow();
    post({ type: 'rebuild-answer', id, outcome: 'started' });
    const error = await rebuilding.then(() => undefined, messageOf);
    await reportNow();
    post({ type: 'rebuilt', name, ...(error !== undefined && { error }) });
  }

  async function stop(): Promise<void> {
    clearInterval(timer);
    // Each runner returns at its next slice: the slice under way commits (with its checkpoint) or rolls back.
    await manager.stop();
    await started;
    await reporting;
    await store.close();
    database.close();
    post({ type: 'stopped' });
    port!.close();
  }
}

/** Tells the thread's own SQLite connection that another one committed (EventStoreDB pushes by itself). */
function wake(store: EventStore): void {
  const signal = store as EventStore & { changed?: () => void };
  signal.changed?.();
}

function progressLogger(
  log: (level: 'info', fields: Record<string, unknown>, message: string) => void,
): (progress: RebuildProgress) => void {
  let lastLog = 0;
  return (progress) => {
    if (Date.now() - lastLog < 5_000) return;
    lastLog = Date.now();
    log('info', { ...progress }, 'projection catching up');
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// A failure here (the store cannot be opened) reaches the request thread as the worker's 'error' event: it is
// reported there and the thread restarted with backoff.
void run();
