import type { Worker } from 'node:worker_threads';
import { InvalidCursor } from '../read-models/shared/keyset';
import { spawnThread, threadEntry } from '@gongkai/event-store';
import type { ReadQueryName, ReadQueryParams, ReadQueryResult } from './read-queries';
import type { QueryAnswer, QueryRequest } from './query-worker';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface PoolWorker {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * Worker threads that run the heavy read queries (READ_QUERIES) on read-only connections of their own, so a
 * report or a long list walk does not hold the event loop that answers `/health`, appends and every other
 * request. A query goes to the worker with the fewest queries waiting. Errors come back with their message;
 * InvalidCursor keeps its class (it is a 400).
 */
export class QueryPool {
  private readonly workers: PoolWorker[] = [];
  private nextId = 1;
  private closed = false;
  private readonly answeredBy = new Set<number>();

  private constructor(
    private readonly file: string,
    size: number,
  ) {
    for (let i = 0; i < size; i++) this.workers.push(this.spawn());
  }

  /** `size` worker threads reading `file` (the read-model database). */
  static open(file: string, size: number): QueryPool {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('a QueryPool needs at least one worker');
    return new QueryPool(file, size);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Thread ids of the workers that have answered a query so far. */
  servedBy(): number[] {
    return [...this.answeredBy];
  }

  /** Runs `name` on the generation `generation` of its projection, on a worker thread. */
  run<K extends ReadQueryName>(
    name: K,
    generation: number,
    params: ReadQueryParams<K>,
  ): Promise<ReadQueryResult<K>> {
    if (this.closed) return Promise.reject(new Error('the query pool is closed'));
    const target = this.workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      target.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      const request: QueryRequest = { id, name, generation, params };
      target.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }

  private spawn(): PoolWorker {
    const worker = spawnThread(threadEntry(__filename, 'query-worker'), { workerData: { file: this.file } });
    // The pool must not keep a process alive that has nothing else to do.
    worker.unref();
    const entryOf: PoolWorker = { worker, pending: new Map() };
    worker.on('message', (answer: QueryAnswer) => {
      const pending = entryOf.pending.get(answer.id);
      if (!pending) return;
      entryOf.pending.delete(answer.id);
      this.answeredBy.add(worker.threadId);
      if ('error' in answer) pending.reject(revive(answer.error));
      else pending.resolve(answer.value);
    });
    const fail = (error: unknown) => {
      for (const pending of entryOf.pending.values()) pending.reject(error);
      entryOf.pending.clear();
      // A worker that died is replaced: the next query gets a fresh one.
      const index = this.workers.indexOf(entryOf);
      if (index >= 0 && !this.closed) this.workers[index] = this.spawn();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`a query worker exited with code ${code}`));
    });
    return entryOf;
  }
}

/** The error a worker reported, with its class where callers test for it. */
function revive(error: { name: string; message: string }): Error {
  if (error.name === 'InvalidCursor') return new InvalidCursor(error.message);
  const revived = new Error(error.message);
  revived.name = error.name;
  return revived;
}
