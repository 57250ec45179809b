import type { Worker } from 'node:worker_threads';
import { spawnThread, threadEntry } from '@gongkai/event-store';
import type { SourceRow } from './source-row';
import { buildTransaction, type ImportPublisher, type TransactionBuild } from './transaction-events';

/** A transaction's staged records, as the staging area gives them back. */
export interface StagedTransaction {
  streamId: string;
  rows: SourceRow[];
}

/**
 * Maps and validates transactions (records to events, every event through its schema): on the main thread,
 * or on worker threads while the main thread decides and appends the batches before (the profile of a
 * 1M-row import puts a quarter of its time here). Answers each job's builds in the job's order.
 */
export interface TransactionBuilder {
  build(transactions: readonly StagedTransaction[]): Promise<TransactionBuild[]>;
  close(): Promise<void>;
}

export function inlineBuilder(publisher: ImportPublisher): TransactionBuilder {
  return {
    build: async (transactions) =>
      transactions.map(({ streamId, rows }) => buildTransaction(streamId, rows, publisher)),
    close: async () => undefined,
  };
}

/** What a build worker is sent and answers (structured clones of plain data). */
export interface BuildJob {
  id: number;
  transactions: readonly StagedTransaction[];
}
export type BuildAnswer = { id: number; builds: TransactionBuild[] } | { id: number; error: string };

function startWorker(publisher: ImportPublisher): Worker {
  return spawnThread(threadEntry(__filename, 'build-worker'), { workerData: { publisher } });
}

/** `workers` threads building jobs round-robin. A worker that fails fails its pending jobs (the import stops). */
export function workerBuilder(publisher: ImportPublisher, workers: number): TransactionBuilder {
  const pending = new Map<number, { resolve: (b: TransactionBuild[]) => void; reject: (e: Error) => void }>();
  const failAll = (error: Error) => {
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  };
  const pool = Array.from({ length: workers }, () => {
    const worker = startWorker(publisher);
    worker.on('message', (answer: BuildAnswer) => {
      const job = pending.get(answer.id);
      if (!job) return;
      pending.delete(answer.id);
      if ('error' in answer) job.reject(new Error(answer.error));
      else job.resolve(answer.builds);
    });
    worker.on('error', failAll);
    worker.on('exit', (code) => {
      if (code !== 0) failAll(new Error(`an import worker stopped (exit code ${code})`));
    });
    return worker;
  });
  let next = 0;
  return {
    build: (transactions) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        pool[id % pool.length]!.postMessage({ id, transactions } satisfies BuildJob);
      }),
    close: async () => {
      await Promise.all(pool.map((worker) => worker.terminate()));
    },
  };
}
