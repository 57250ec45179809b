import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { SqliteEventStore, type EventStore, type RecordedEvent } from '@gongkai/event-store';
import { ProjectionManager } from './projection-manager';
import type { ProjectionTables, SqlProjection } from './projection';
import { ReadModelDatabase } from './read-model-database';

/** Counts events per stream; can be told to fail on one event type to prove nothing is half-applied. */
function countingProjection(version = 1, failOnType?: { value?: string }): SqlProjection {
  return {
    name: 'counts',
    version,
    tableNames: ['per_stream'],
    setup(db: Database.Database, t: ProjectionTables) {
      db.exec(`CREATE TABLE IF NOT EXISTS ${t.table('per_stream')} (stream_id TEXT PRIMARY KEY, n INTEGER NOT NULL)`);
    },
    apply(db: Database.Database, t: ProjectionTables, event: RecordedEvent) {
      db.prepare(
        `INSERT INTO ${t.table('per_stream')} (stream_id, n) VALUES (?, 1)
         ON CONFLICT (stream_id) DO UPDATE SET n = n + 1`,
      ).run(event.streamId);
      if (failOnType?.value === event.type) throw new Error(`refusing ${event.type}`);
    },
  };
}

function count(readModels: ReadModelDatabase, manager: ProjectionManager, stream: string): number {
  const row = readModels.db
    .prepare(`SELECT n FROM ${manager.tables('counts').table('per_stream')} WHERE stream_id = ?`)
    .get(stream) as { n: number } | undefined;
  return row?.n ?? 0;
}

async function appendMany(store: EventStore, stream: string, n: number, type = 'Thing'): Promise<void> {
  for (let i = 0; i < n; i += 50) {
    const batch = Array.from({ length: Math.min(50, n - i) }, () => ({ id: randomUUID(), type, data: { i } }));
    await store.append(stream, batch);
  }
}

describe('ProjectionManager over a real SQLite store', () => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: ReadModelDatabase;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-proj-'));
    store = await SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    readModels = ReadModelDatabase.open(join(dir, 'read-models.sqlite'));
  });

  afterEach(async () => {
    await store.close();
    readModels.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('catches up on history, then follows live appends', async () => {
    await appendMany(store, 'txn-a', 120);
    const manager = new ProjectionManager(store, readModels, [countingProjection()], { pageSize: 50 });
    await manager.start();
    expect(count(readModels, manager, 'txn-a')).toBe(120);
    await appendMany(store, 'txn-b', 7);
    await manager.waitForCatchUp();
    expect(count(readModels, manager, 'txn-b')).toBe(7);
    const [status] = await manager.status();
    expect(status).toMatchObject({ name: 'counts', phase: 'live', position: 127, headPosition: 127, lagEvents: 0 });
    await manager.stop();
  });

  it('applies each event exactly once across restarts (checkpoint committed with the read model)', async () => {
    await appendMany(store, 'txn-a', 30);
    const first = new ProjectionManager(store, readModels, [countingProjection()]);
    await first.start();
    await first.stop();
    await appendMany(store, 'txn-a', 5);
    const second = new ProjectionManager(store, readModels, [countingProjection()]);
    await second.start();
    expect(count(readModels, second, 'txn-a')).toBe(35);
    await second.stop();
  });

  it('rolls back a failing page and retries it, never skipping the event', async () => {
    const failOn = { value: 'Poison' as string | undefined };
    const manager = new ProjectionManager(store, readModels, [countingProjection(1, failOn)], { retryDelayMs: 20 });
    await manager.start();
    await appendMany(store, 'txn-a', 3);
    await appendMany(store, 'txn-a', 1, 'Poison');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const [stuck] = await manager.status();
    expect(stuck.position).toBe(3);
    expect(stuck.lastError?.message).toContain('refusing Poison');
    expect(stuck.lastError?.position).toBe(4);
    expect(count(readModels, manager, 'txn-a')).toBe(3);
    failOn.value = undefined;
    await manager.waitForCatchUp();
    expect(count(readModels, manager, 'txn-a')).toBe(4);
    await manager.stop();
  });

  it('rebuilds beside the live read model and switches atomically', async () => {
    await appendMany(store, 'txn-a', 200);
    const manager = new ProjectionManager(store, readModels, [countingProjection()], { pageSize: 20 });
    await manager.start();
    const before = manager.tables('counts');
    const seenDuringRebuild: number[] = [];
    const progress: number[] = [];
    await manager.rebuild('counts', (p) => {
      progress.push(p.position);
      seenDuringRebuild.push(count(readModels, manager, 'txn-a'));
    });
    expect(seenDuringRebuild.every((n) => n === 200)).toBe(true);
    expect(progress.at(-1)).toBe(200);
    expect(progress.length).toBeGreaterThan(5);
    const after = manager.tables('counts');
    expect(after.generation).toBe(before.generation + 1);
    expect(count(readModels, manager, 'txn-a')).toBe(200);
    const oldTable = readModels.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?")
      .get(before.table('per_stream'));
    expect(oldTable).toBeUndefined();
    await appendMany(store, 'txn-a', 1);
    await manager.waitForCatchUp();
    expect(count(readModels, manager, 'txn-a')).toBe(201);
    await manager.stop();
  });

  it('rebuilds from zero when the projection version changes', async () => {
    await appendMany(store, 'txn-a', 10);
    const v1 = new ProjectionManager(store, readModels, [countingProjection(1)]);
    await v1.start();
    await v1.stop();
    const v2 = new ProjectionManager(store, readModels, [countingProjection(2)]);
    await v2.start();
    expect(v2.tables('counts').generation).toBe(2);
    expect(count(readModels, v2, 'txn-a')).toBe(10);
    expect(readModels.liveState('counts')).toMatchObject({ version: 2, generation: 2, position: 10 });
    await v2.stop();
  });
});
