import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { SqliteEventStore } from '@gongkai/event-store';
import { ProjectionManager } from './projection-manager';
import type { SqlProjection } from './projection';
import { ReadModelDatabase } from './read-model-database';

/** About 2 KB of read model per event: a build that writes tens of MB through the WAL. */
const wide: SqlProjection = {
  name: 'wide',
  version: 1,
  tableNames: ['rows'],
  setup(db, t) {
    db.exec(`CREATE TABLE IF NOT EXISTS ${t.table('rows')} (position INTEGER PRIMARY KEY, payload BLOB NOT NULL)`);
  },
  apply(db, t, event) {
    db.prepare(`INSERT INTO ${t.table('rows')} (position, payload) VALUES (?, randomblob(2000))`).run(event.position);
  },
};

/**
 * A reader on another thread that holds a read snapshot almost all the time (`holdMs` per transaction, 1 ms
 * between them), as the read pool and the request thread do under a steady query load.
 */
const READER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require('better-sqlite3');
const db = new Database(workerData.file, { readonly: true });
const stop = new Int32Array(workerData.stop);
const begin = db.prepare('BEGIN');
const commit = db.prepare('COMMIT');
const read = db.prepare('SELECT count(*) AS n FROM projection_checkpoints');
let transactions = 0;
parentPort.postMessage('ready');
while (Atomics.load(stop, 0) === 0) {
  begin.run();
  read.get();
  Atomics.wait(stop, 0, 0, workerData.holdMs);
  commit.run();
  transactions++;
  Atomics.wait(stop, 0, 0, 1);
}
db.close();
parentPort.postMessage(transactions);
`;

describe('read-models.sqlite-wal during a long build with a concurrent reader', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-wal-'));
    store = await SqliteEventStore.open({ path: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    for (let i = 0; i < 20_000; i += 500) {
      await store.append(
        `s-${i}`,
        Array.from({ length: 500 }, () => ({ id: randomUUID(), type: 'Thing', data: {} })),
      );
    }
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stays under its bound (journal_size_limit, a TRUNCATE checkpoint once past it), not the size of the build', async () => {
    const file = join(dir, 'read-models.sqlite');
    const limit = 4 * 1024 * 1024;
    const readModels = ReadModelDatabase.open(file, { walLimitBytes: limit, walCheckIntervalMs: 0 });
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const reader = new Worker(READER, { eval: true, workerData: { file, stop: stop.buffer, holdMs: 50 } });
    const readerDone = new Promise<number>((resolve, reject) => {
      reader.on('message', (message: unknown) => {
        if (typeof message === 'number') resolve(message);
      });
      reader.on('error', reject);
    });
    await new Promise<void>((resolve) => reader.once('message', () => resolve()));
    let largest = 0;
    const manager = new ProjectionManager(store, readModels, [wide], { sliceMs: 20 });
    try {
      await manager.start(() => {
        try {
          largest = Math.max(largest, statSync(`${file}-wal`).size);
        } catch {
          // no WAL at this instant (truncated)
        }
      });
    } finally {
      Atomics.store(stop, 0, 1);
      Atomics.notify(stop, 0);
      await manager.stop();
    }
    const transactions = await readerDone;
    await reader.terminate();
    // About 40 MB went through the WAL; the reader held a snapshot nearly all the time.
    const table = readModels.db.prepare(`SELECT count(*) AS n FROM ${manager.tables('wide').table('rows')}`).get() as { n: number };
    expect(table.n).toBe(20_000);
    expect(transactions).toBeGreaterThan(5);
    expect(largest).toBeGreaterThan(0);
    // The bound, plus what one slice writes after a check (the checkpoint runs between slices).
    expect(largest).toBeLessThan(limit * 2);
    readModels.close();
  });
});
