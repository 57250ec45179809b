/**
 * A worker thread of `gongkai import` (see transaction-builder.ts): maps and validates the transactions it is
 * sent, and answers their builds.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { BuildAnswer, BuildJob } from './transaction-builder';
import { buildTransaction, reasonOf, type ImportPublisher } from './transaction-events';

const { publisher } = workerData as { publisher: ImportPublisher };

parentPort!.on('message', ({ id, transactions }: BuildJob) => {
  let answer: BuildAnswer;
  try {
    answer = {
      id,
      builds: transactions.map(({ streamId, rows }) => buildTransaction(streamId, rows, publisher)),
    };
  } catch (error) {
    answer = { id, error: reasonOf(error) };
  }
  parentPort!.postMessage(answer);
});
