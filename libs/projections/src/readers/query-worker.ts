import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { tablesFor } from '../runner/projection';
import { READ_QUERIES, runReadQuery, type ReadQueryName } from './read-queries';

/** One request of QueryPool: a read query on the live generation the main thread resolved. */
export interface QueryRequest {
  id: number;
  name: ReadQueryName;
  generation: number;
  params: unknown;
}

export type QueryAnswer =
  | { id: number; value: unknown }
  | { id: number; error: { name: string; message: string } };

/**
 * A QueryPool worker: its own read-only connection to the read-model file (WAL: it reads the last committed
 * state while the main thread writes), running one query at a time.
 */
function serve(): void {
  const port = parentPort;
  if (!port) throw new Error('query-worker runs as a worker thread of QueryPool');
  const { file } = workerData as { file: string };
  const db = new Database(file, { readonly: true, fileMustExist: true });
  port.on('message', (request: QueryRequest) => {
    let answer: QueryAnswer;
    try {
      const handle = { db, tables: tablesFor(READ_QUERIES[request.name].projection, request.generation) };
      answer = { id: request.id, value: runReadQuery(request.name, handle, request.params as never) };
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      answer = { id: request.id, error: { name, message } };
    }
    port.postMessage(answer);
  });
}

serve();
