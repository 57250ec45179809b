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
function countingProjection(version = 1, failOnType?: { value?: string }, name = 'counts'): SqlProjection {
  return {
    name,
    version,
    tableNames: ['per_stream'],
    queryIndexes: ['per_stream_by_n'],
    setup(db: Database.Database, t: ProjectionTables) {
      db.exec(`CREATE TABLE IF NOT EXISTS ${t.table('per_stream')} (stream_id TEXT PRIMARY KEY, n INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ${t.table('per_stream_by_n')} ON ${t.table('per_stream')} (n)`);
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

function count(
  readModels: ReadModelDatabase,
  manager: ProjectionManager,
  stream: string,
  name = 'counts',
): number {
  const row = readModels.db
    .prepare(`SELECT n FROM ${manager.tables(name).table('per_stream')} WHERE stream_id = ?`)
    .get(stream) as { n: number } | undefined;
  return row?.n ?? 0;
}

function indexes(readModels: ReadModelDatabase): string[] {
  const rows = readModels.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
    .all() as Array<{ name: string }>;
  return rows.map((r) => r.name);
}

async function appendMany(store: EventStore, stream: string, n: number, type = 'Thing'): Promise<void> {
  for (let i = 0; i < n; i += 50) {
    const batch = Array.from({ length: Math.min(50, n - i) }, () => ({
      id: randomUUID(),
      type,
      data: { i },
    }));
    await store.append(stream, batch);
  }
}

/** Bounded polling for a condition (no timing assertion: only a generous upper bound). */
async function waitFor(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function waitForPosition(manager: ProjectionManager, position: number): Promise<void> {
  await waitFor(async () => (await manager.status()).every((s) => s.position >= position));
}

/** `start()` returns once every read model is caught up; each then joins the live subscription. */
async function waitUntilLive(manager: ProjectionManager): Promise<void> {
  await waitFor(async () => (await manager.status()).every((s) => s.phase === 'live'));
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
    expect(status).toMatchObject({
      name: 'counts',
      phase: 'live',
      position: 127,
      headPosition: 127,
      lagEvents: 0,
    });
    await manager.stop();
  });

  it('reads the history in pages sized to a slice, starting small, not a fixed page of 1,000 events', async () => {
    await appendMany(store, 'txn-a', 300);
    const readAll = jest.spyOn(store, 'readAll');
    const manager = new ProjectionManager(store, readModels, [countingProjection()], { pageSize: 1000 });
    await manager.start();
    const catchUpReads = readAll.mock.calls.map(([options]) => options?.maxCount ?? Infinity);
    // The first read of the catch-up asks for a few events (decoded synchronously, they hold the thread);
    // later pages grow while they fit the slice, never past `pageSize`.
    expect(catchUpReads[0]).toBeLessThanOrEqual(64);
    expect(Math.max(...catchUpReads)).toBeLessThanOrEqual(1000);
    expect(count(readModels, manager, 'txn-a')).toBe(300);
    readAll.mockRestore();
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
    const manager = new ProjectionManager(store, readModels, [countingProjection(1, failOn)], {
      retryDelayMs: 20,
    });
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
    expect(indexes(readModels)).toEqual([after.table('per_stream_by_n')]);
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

  it('resumes a rebuild stopped half-way from its checkpoint, and applies each event once', async () => {
    await appendMany(store, 'txn-a', 300);
    const first = new ProjectionManager(store, readModels, [countingProjection()], { pageSize: 20 });
    let stopping: Promise<void> | undefined;
    await first.start((p) => {
      if (p.position >= 100) stopping ??= first.stop();
    });
    await stopping;
    // Not switched: nothing half-built is served. Built without its query index, created before going live.
    expect(readModels.liveState('counts')).toBeUndefined();
    expect(indexes(readModels)).toEqual([]);
    const left = readModels.generations('counts');
    expect(left).toHaveLength(1);
    expect(left[0]!.position).toBeGreaterThanOrEqual(100);
    expect(left[0]!.position).toBeLessThan(300);

    const firstPositions: number[] = [];
    const second = new ProjectionManager(store, readModels, [countingProjection()], { pageSize: 20 });
    await second.start((p) => firstPositions.push(p.position));
    expect(firstPositions[0]).toBeGreaterThan(left[0]!.position);
    expect(second.tables('counts').generation).toBe(left[0]!.generation);
    expect(count(readModels, second, 'txn-a')).toBe(300);
    expect(readModels.generations('counts').map((g) => g.generation)).toEqual([left[0]!.generation]);
    expect(indexes(readModels)).toEqual([`counts_per_stream_by_n__g${left[0]!.generation}`]);
    await second.stop();
  });

  it('drops a rebuild an earlier run left unfinished beside a live generation', async () => {
    await appendMany(store, 'txn-a', 100);
    const first = new ProjectionManager(store, readModels, [countingProjection()], { pageSize: 10 });
    await first.start();
    let stopping: Promise<void> | undefined;
    await first.rebuild('counts', (p) => {
      if (p.position >= 30) stopping ??= first.stop();
    });
    await stopping;
    expect(readModels.generations('counts')).toHaveLength(2);
    expect(readModels.liveState('counts')!.generation).toBe(1);

    const second = new ProjectionManager(store, readModels, [countingProjection()]);
    await second.start();
    expect(readModels.generations('counts').map((g) => g.generation)).toEqual([1]);
    const tables = readModels.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'counts_%'")
      .all() as Array<{ name: string }>;
    expect(tables.map((t) => t.name)).toEqual(['counts_per_stream__g1']);
    expect(count(readModels, second, 'txn-a')).toBe(100);
    await second.stop();
  });

  it('catches projections at different checkpoints up in one pass, each event applied once to each', async () => {
    await appendMany(store, 'txn-a', 40);
    const early = new ProjectionManager(store, readModels, [countingProjection(1, undefined, 'old')]);
    await early.start();
    await early.stop();
    await appendMany(store, 'txn-a', 60);
    const reads: number[] = [];
    const counting: EventStore = Object.assign(Object.create(store) as EventStore, {
      readAll: async (options: Parameters<EventStore['readAll']>[0]) => {
        const page = await store.readAll(options);
        reads.push(page.length);
        return page;
      },
    });
    const manager = new ProjectionManager(
      counting,
      readModels,
      [countingProjection(1, undefined, 'old'), countingProjection(1, undefined, 'new')],
      { pageSize: 25 },
    );
    await manager.start();
    expect(count(readModels, manager, 'txn-a', 'old')).toBe(100);
    expect(count(readModels, manager, 'txn-a', 'new')).toBe(100);
    // One pass from the lowest checkpoint (0): 100 events read once, not once per projection.
    expect(reads.reduce((a, b) => a + b, 0)).toBe(100);
    await appendMany(store, 'txn-b', 3);
    await manager.waitForCatchUp();
    expect(count(readModels, manager, 'txn-b', 'old')).toBe(3);
    expect(count(readModels, manager, 'txn-b', 'new')).toBe(3);
    await manager.stop();
  });

  it('follows live with one subscription for every read model, each event handed to all of them as one object', async () => {
    const subscriptions: number[] = [];
    const tracking: EventStore = Object.assign(Object.create(store) as EventStore, {
      subscribeToAll: (options: Parameters<EventStore['subscribeToAll']>[0]) => {
        subscriptions.push(1);
        return store.subscribeToAll(options);
      },
    });
    const seen = new Map<string, RecordedEvent[]>([
      ['one', []],
      ['two', []],
    ]);
    const recording = (name: string): SqlProjection => {
      const inner = countingProjection(1, undefined, name);
      return { ...inner, apply: (db, t, event) => (seen.get(name)!.push(event), inner.apply(db, t, event)) };
    };
    const manager = new ProjectionManager(tracking, readModels, [recording('one'), recording('two')]);
    await manager.start();
    await waitUntilLive(manager);
    await appendMany(store, 'txn-a', 120);
    await manager.waitForCatchUp();
    expect(count(readModels, manager, 'txn-a', 'one')).toBe(120);
    expect(count(readModels, manager, 'txn-a', 'two')).toBe(120);
    // The same decoded object for both (so it is parsed once: stored-event.ts caches the parse per object).
    expect(seen.get('one')!.every((event, i) => event === seen.get('two')![i])).toBe(true);
    // Runners join the shared subscription one after another (each join re-opens it from the lowest checkpoint).
    expect(subscriptions.length).toBeLessThanOrEqual(2);
    await manager.stop();
  });

  it('applies a burst of live events in one transaction per read-model group, not one per event and projection', async () => {
    const manager = new ProjectionManager(
      store,
      readModels,
      [countingProjection(1, undefined, 'one'), countingProjection(1, undefined, 'two')],
      { sliceMs: 60_000 },
    );
    await manager.start();
    await waitUntilLive(manager);
    const checkpoints = jest.spyOn(readModels, 'saveCheckpoint');
    await appendMany(store, 'txn-a', 50); // one append: one commit of 50 events
    await manager.waitForCatchUp();
    expect(count(readModels, manager, 'txn-a', 'one')).toBe(50);
    // One slice: one checkpoint per read model (before: 50 transactions per read model).
    expect(checkpoints).toHaveBeenCalledTimes(2);
    checkpoints.mockRestore();
    await manager.stop();
  });

  it('a live read model that fails is retried alone; the others stay live and current, each event applied once', async () => {
    const failOn = { value: 'Poison' as string | undefined };
    const manager = new ProjectionManager(
      store,
      readModels,
      [countingProjection(1, failOn, 'bad'), countingProjection(1, undefined, 'good')],
      { retryDelayMs: 20 },
    );
    await manager.start();
    await appendMany(store, 'txn-a', 3);
    await appendMany(store, 'txn-a', 1, 'Poison');
    await appendMany(store, 'txn-a', 6);
    await waitFor(async () => (await manager.status()).find((s) => s.name === 'good')!.position === 10);
    const bad = (await manager.status()).find((s) => s.name === 'bad')!;
    expect(bad.position).toBe(3);
    expect(bad.lastError?.position).toBe(4);
    expect(count(readModels, manager, 'txn-a', 'good')).toBe(10);
    expect(count(readModels, manager, 'txn-a', 'bad')).toBe(3);
    failOn.value = undefined;
    await manager.waitForCatchUp();
    expect(count(readModels, manager, 'txn-a', 'bad')).toBe(10);
    await appendMany(store, 'txn-b', 2);
    await manager.waitForCatchUp();
    expect(count(readModels, manager, 'txn-b', 'bad')).toBe(2);
    expect(count(readModels, manager, 'txn-b', 'good')).toBe(2);
    await waitUntilLive(manager); // both back in the shared live follower
    await manager.stop();
  });

  it('a live batch failing half-way leaves read model and checkpoint together; a restart applies each event once', async () => {
    const failOn = { value: 'Poison' as string | undefined };
    const first = new ProjectionManager(store, readModels, [countingProjection(1, failOn)], {
      retryDelayMs: 20,
      sliceMs: 60_000,
    });
    await first.start();
    await appendMany(store, 'txn-a', 4);
    await waitForPosition(first, 4);
    // One commit of 9 events, the 6th failing after the 5 before it were applied in the same transaction.
    await store.append('txn-a', [
      ...Array.from({ length: 5 }, () => ({ id: randomUUID(), type: 'Thing', data: {} })),
      { id: randomUUID(), type: 'Poison', data: {} },
      ...Array.from({ length: 3 }, () => ({ id: randomUUID(), type: 'Thing', data: {} })),
    ]);
    await waitFor(async () => (await first.status())[0]!.lastError?.position === 10);
    // Stopped (as by a crash) while the batch keeps failing: nothing of it is kept, the checkpoint says so.
    await first.stop();
    const stuckAt = readModels.liveState('counts')!.position;
    expect(stuckAt).toBeLessThan(10);
    expect(count(readModels, first, 'txn-a')).toBe(stuckAt);
    const second = new ProjectionManager(store, readModels, [countingProjection(1)]);
    await second.start();
    expect(count(readModels, second, 'txn-a')).toBe(13);
    expect(readModels.liveState('counts')).toMatchObject({ position: 13 });
    await second.stop();
  });

  it('a read model failing at start does not leave the others behind it unbuilt or half-applied', async () => {
    await appendMany(store, 'txn-a', 30);
    await appendMany(store, 'txn-a', 1, 'Poison');
    const manager = new ProjectionManager(
      store,
      readModels,
      [countingProjection(1, { value: 'Poison' }, 'bad'), countingProjection(1, undefined, 'good')],
      { pageSize: 10 },
    );
    await expect(manager.start()).rejects.toThrow('refusing Poison');
    // The joint pass rolled back at the poison event, and the good read model went on by itself.
    expect(readModels.liveState('good')).toMatchObject({ position: 31 });
    expect(count(readModels, manager, 'txn-a', 'good')).toBe(31);
    expect(readModels.liveState('bad')).toBeUndefined();
    // The read model that failed its first build says so, with the error (it read `idle`, no error, before).
    const bad = (await manager.status()).find((status) => status.name === 'bad')!;
    expect(bad.phase).toBe('failing');
    expect(bad.lastError?.message).toContain('refusing Poison');
    expect(bad.rebuild).toBeUndefined();
    // A rebuild asked for by an admin meets the same event: still failing, with its error, not idle.
    await expect(manager.rebuild('bad')).rejects.toThrow('refusing Poison');
    const again = (await manager.status()).find((status) => status.name === 'bad')!;
    expect(again).toMatchObject({ phase: 'failing', lastError: { message: expect.stringContaining('refusing Poison') } });
    expect((await manager.status()).find((status) => status.name === 'good')!.phase).toBe('live');
    await manager.stop();
  });
});

describe('ProjectionManager: a failed build is retried with capped exponential backoff', () => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: ReadModelDatabase;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-proj-retry-'));
    store = await SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    readModels = ReadModelDatabase.open(join(dir, 'read-models.sqlite'));
  });

  afterEach(async () => {
    await store.close();
    readModels.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Counts per stream, and throws on the event at `failAt` while `throwsLeft.n` > 0 (one throw per attempt). */
  function flakyProjection(throwsLeft: { n: number }, failAt: number, name = 'flaky'): SqlProjection {
    const inner = countingProjection(1, undefined, name);
    return {
      ...inner,
      apply(db, t, event) {
        inner.apply(db, t, event);
        if (event.position === failAt && throwsLeft.n > 0) {
          throwsLeft.n--;
          throw new Error(`flaky build (${throwsLeft.n} throws left)`);
        }
      },
    };
  }

  it('retries a first build that throws the first times, resuming its generation, until it is live', async () => {
    await appendMany(store, 'txn-a', 100);
    // The start's joint pass and its read model's own catch-up each throw once: 2, then 3 retries fail.
    const throwsLeft = { n: 5 };
    const manager = new ProjectionManager(
      store,
      readModels,
      [flakyProjection(throwsLeft, 60), countingProjection(1, undefined, 'steady')],
      { pageSize: 10, buildRetryDelayMs: 40, maxBuildRetryDelayMs: 100 },
    );
    await expect(manager.start()).rejects.toThrow('flaky build');
    const seen: Array<{ attempts: number; delayMs?: number; generation: number }> = [];
    const first = (await manager.status()).find((s) => s.name === 'flaky')!;
    expect(first.phase).toBe('failing');
    expect(first.retry).toMatchObject({
      attempts: 1,
      delayMs: 40,
      nextRetryAt: expect.any(String),
      lastError: { message: expect.stringContaining('flaky build'), position: 60 },
    });
    expect(Date.parse(first.retry!.nextRetryAt!)).toBeGreaterThan(Date.now() - 1000);
    const generation = readModels.generations('flaky')[0]!.generation;
    // Kept, not dropped: the retry resumes from the checkpoint it reached before the failing event.
    expect(readModels.generations('flaky')[0]!.position).toBeGreaterThanOrEqual(50);
    await waitFor(async () => {
      const status = (await manager.status()).find((s) => s.name === 'flaky')!;
      if (status.retry?.nextRetryAt && seen.at(-1)?.attempts !== status.retry.attempts)
        seen.push({ attempts: status.retry.attempts, delayMs: status.retry.delayMs, generation: status.generation });
      return status.phase === 'live';
    });
    // Backoff doubling from 40 ms, capped at 100 ms; the fourth attempt succeeded.
    expect(seen.map((s) => s.attempts)).toEqual([1, 2, 3, 4]);
    expect(seen.map((s) => s.delayMs)).toEqual([40, 80, 100, 100]);
    const live = (await manager.status()).find((s) => s.name === 'flaky')!;
    expect(live).toMatchObject({ phase: 'live', position: 100, generation });
    expect(live.retry).toBeUndefined();
    // Each event applied once (the failed slices rolled back), and it follows live.
    expect(count(readModels, manager, 'txn-a', 'flaky')).toBe(100);
    expect(count(readModels, manager, 'txn-a', 'steady')).toBe(100);
    await appendMany(store, 'txn-b', 3);
    await manager.waitForCatchUp();
    expect(count(readModels, manager, 'txn-b', 'flaky')).toBe(3);
    await manager.stop();
  });

  it('rebuilds from empty when resuming a generation an earlier run left fails (other code, same version)', async () => {
    await appendMany(store, 'txn-a', 200);
    // An earlier run at version 1 with another table shape, stopped half-way (the 10M disclosure-reports case).
    // It fails at its 51st event, so it is half-built whatever the machine's speed (a stop() from the progress
    // callback raced the build on a loaded machine: the build could finish first).
    let applied = 0;
    const earlier: SqlProjection = {
      name: 'counts',
      version: 1,
      tableNames: ['per_stream'],
      setup(db, t) {
        db.exec(`CREATE TABLE IF NOT EXISTS ${t.table('per_stream')} (stream_id TEXT PRIMARY KEY, other INTEGER)`);
      },
      apply(db, t, event) {
        if (++applied > 50) throw new Error('the earlier run stops here');
        db.prepare(`INSERT OR IGNORE INTO ${t.table('per_stream')} (stream_id, other) VALUES (?, 0)`).run(event.streamId);
      },
    };
    const first = new ProjectionManager(store, readModels, [earlier], { pageSize: 20, buildRetryDelayMs: 60_000 });
    await expect(first.start()).rejects.toThrow('the earlier run stops here');
    await first.stop();
    expect(readModels.generations('counts')).toHaveLength(1);

    const manager = new ProjectionManager(store, readModels, [countingProjection(1)], { buildRetryDelayMs: 30 });
    // Resuming the earlier generation fails ("no such column"); on a loaded machine the retry can already be
    // under way when start() settles (seen in full-suite runs), so only the end state is asserted strictly:
    // the read model goes live, built from empty, with no generation left behind. The old code never did.
    const started = await manager.start().then(
      () => undefined,
      (error: unknown) => error,
    );
    if (started !== undefined) expect(String(started)).toMatch(/no such column|has no column/);
    await waitFor(async () => (await manager.status())[0]!.phase === 'live');
    expect(count(readModels, manager, 'txn-a')).toBe(200);
    expect(readModels.generations('counts')).toHaveLength(1);
    await manager.stop();
  });

  it('an admin rebuild during the backoff runs at once; stop() during the backoff returns at once', async () => {
    await appendMany(store, 'txn-a', 30);
    const throwsLeft = { n: 2 };
    const manager = new ProjectionManager(store, readModels, [flakyProjection(throwsLeft, 10)], {
      buildRetryDelayMs: 60_000,
    });
    await expect(manager.start()).rejects.toThrow('flaky build');
    const failing = (await manager.status())[0]!;
    expect(failing.retry).toMatchObject({ attempts: 1, delayMs: 60_000 });
    // The flaw is gone (throwsLeft 0): an admin does not wait a minute for the retry.
    await manager.rebuild('flaky');
    await waitUntilLive(manager);
    const live = (await manager.status())[0]!;
    expect(live).toMatchObject({ phase: 'live', position: 30 });
    expect(live.retry).toBeUndefined();
    expect(count(readModels, manager, 'txn-a', 'flaky')).toBe(30);
    expect(readModels.generations('flaky')).toHaveLength(1);
    await manager.stop();

    // A second read model that keeps failing: stopped during its minute-long backoff.
    const again = new ProjectionManager(store, readModels, [flakyProjection({ n: 99 }, 10, 'broken')], {
      buildRetryDelayMs: 60_000,
    });
    await expect(again.start()).rejects.toThrow('flaky build');
    expect((await again.status())[0]!.retry?.nextRetryAt).toEqual(expect.any(String));
    const before = Date.now();
    await again.stop();
    expect(Date.now() - before).toBeLessThan(1_000);
    expect((await again.status())[0]!.retry?.nextRetryAt).toBeUndefined();
  });

  it('a live generation whose catch-up fails at start keeps serving and is retried from its checkpoint', async () => {
    await appendMany(store, 'txn-a', 20);
    const first = new ProjectionManager(store, readModels, [countingProjection(1)]);
    await first.start();
    await first.stop();
    await appendMany(store, 'txn-a', 5);
    const throwsLeft = { n: 3 };
    const manager = new ProjectionManager(store, readModels, [flakyProjection(throwsLeft, 23, 'counts')], {
      retryDelayMs: 20,
    });
    await expect(manager.start()).rejects.toThrow('flaky build');
    // It serves what it has meanwhile (it was never started before: `tables()` threw "not running").
    expect(count(readModels, manager, 'txn-a')).toBeGreaterThanOrEqual(20);
    await manager.waitForCatchUp();
    expect(count(readModels, manager, 'txn-a')).toBe(25);
    await waitUntilLive(manager);
    await manager.stop();
  });
});
