import * as os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { readHistory, type CheckpointHistory } from './checkpoint-store';
import { SqliteTileStorage } from './tile-storage';
import { TiledTree } from './tiled-tree';
import { verifyAll, type VerifyResult } from './verify';

/** What ThreadScrubber sends: where the signed roots to compare are (read here, line by line). */
export interface ScrubRequest {
  history?: CheckpointHistory;
}

export type ScrubMessage =
  | { kind: 'progress'; checked: number; position: number; treeSize: number }
  | { kind: 'done'; result: VerifyResult }
  | { kind: 'failed'; error: string };

/**
 * A ThreadScrubber worker: the whole-store verification on connections of its own to the event store and the
 * tiles (WAL: it reads committed state while the service appends), on its own thread, so it uses another core
 * and never the event loop that answers requests. The tree is the tiles as they stood when it opened them.
 */
async function scrub(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('scrub-worker runs as a worker thread of ThreadScrubber');
  const { eventsFile, tilesFile, request } = workerData as {
    eventsFile: string;
    tilesFile: string;
    request: ScrubRequest;
  };
  const post = (message: ScrubMessage) => port.postMessage(message);
  // The lowest priority for this thread alone (Linux schedules threads as tasks): when the cores are busy, the
  // requests and the read models go first and the verification takes what is left.
  try {
    os.setPriority(19);
  } catch {
    // not permitted here: it runs at the process's priority
  }
  let store: SqliteEventStore | undefined;
  let tree: TiledTree | undefined;
  try {
    // One pass from start to end: a small page cache (the process's memory stays flat while it runs).
    store = await SqliteEventStore.open({ path: eventsFile, cacheMiB: 4 });
    tree = new TiledTree(SqliteTileStorage.open(tilesFile, { readonly: true }));
    const treeSize = tree.size;
    const result = await verifyAll(store, {
      tree,
      signed: request.history ? readHistory(request.history) : [],
      // Its own thread: long pages, no need to give way to anything.
      slicing: { sliceMs: 200 },
      onProgress: ({ checked, position }) => post({ kind: 'progress', checked, position, treeSize }),
    });
    post({ kind: 'done', result });
  } catch (error) {
    post({ kind: 'failed', error: error instanceof Error ? error.message : String(error) });
  } finally {
    tree?.close();
    await store?.close();
  }
}

void scrub();
