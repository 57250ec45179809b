import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '@gongkai/event-store';
import { ReadModelDatabase } from '@gongkai/projections';
import { eventStorePath } from '@gongkai/runtime';
import { FeedWorkload } from '../../bench/lib/feed-workload';
import { startChildService, type ChildService } from './child-service';
import { expectReadModelsEqualRebuild, type ProjectionReportBody } from './read-model-support';

/** Enough realistic events that building the read models from empty takes seconds, not one slice. */
const EVENTS = 10_000;
const ADMIN = 'shutdown-admin-token-0123456789abcdef';

async function projections(service: ChildService): Promise<ProjectionReportBody[]> {
  const answer = await fetch(`${service.url}/v1/projections`);
  return ((await answer.json()) as { projections: ProjectionReportBody[] }).projections;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('SIGTERM while the projection thread builds the read models', () => {
  let dataDir: string;
  let running: ChildService | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-sigterm-'));
    const store = await SqliteEventStore.open({ path: eventStorePath(dataDir), synchronous: 'NORMAL' });
    await new FeedWorkload().load(store, EVENTS, 32, 'shutdown test load');
    await store.close();
  }, 120_000);
  afterAll(() => {
    if (running && running.child.exitCode === null && running.child.signalCode === null)
      running.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops mid-build with checkpoints consistent, and a restart applies each event exactly once', async () => {
    const env = {
      GONGKAI_DATA_DIR: dataDir,
      GONGKAI_ADMIN_TOKEN: ADMIN,
      GONGKAI_CHECKPOINT_INTERVAL_MS: '0',
    };
    running = await startChildService(env);
    const first = running;
    // Mid-build: a read model has applied part of the store (its rebuild progress is past 0).
    await until(
      'a read model part-built',
      async () =>
        (await projections(first)).some((p) => (p as { rebuild?: { position: number } }).rebuild?.position)
          ? true
          : undefined,
      120_000,
    );
    first.child.kill('SIGTERM');
    const exit = await first.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(first.output()).not.toContain('did not stop in time');

    // Stopped where it was (it did not finish the build first): some checkpoint short of the head.
    const db = new Database(path.join(dataDir, 'read-models.sqlite'), { readonly: true });
    let positions: number[];
    try {
      positions = (
        db.prepare('SELECT position FROM projection_checkpoints').all() as { position: number }[]
      ).map((row) => row.position);
    } finally {
      db.close();
    }
    expect(positions.length).toBeGreaterThan(0);
    expect(Math.min(...positions)).toBeLessThan(EVENTS);

    running = await startChildService(env);
    const second = running;
    await until(
      'every read model live at the head',
      async () => {
        const reports = await projections(second);
        return reports.every((p) => p.phase === 'live' && p.position >= EVENTS && p.rebuild === undefined)
          ? true
          : undefined;
      },
      240_000,
    );
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    await expectReadModelsEqualRebuild(dataDir);
  }, 600_000);

  it('exits promptly on SIGTERM while a failed build waits out its retry backoff', async () => {
    // A copy of the store whose red-flags build fails at every attempt (a trigger on its checkpoint).
    const failingDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-sigterm-retry-'));
    try {
      copyFileSync(eventStorePath(dataDir), eventStorePath(failingDir));
      const readModels = ReadModelDatabase.open(path.join(failingDir, 'read-models.sqlite'));
      readModels.db.exec(`CREATE TRIGGER fail_red_flags BEFORE UPDATE ON projection_checkpoints
        WHEN NEW.projection = 'red-flags' AND NEW.position > 0
        BEGIN SELECT RAISE(ABORT, 'simulated I/O error'); END`);
      readModels.close();
      running = await startChildService({
        GONGKAI_DATA_DIR: failingDir,
        GONGKAI_ADMIN_TOKEN: ADMIN,
        GONGKAI_CHECKPOINT_INTERVAL_MS: '0',
        GONGKAI_READ_MODEL_RETRY_MS: '600000',
      });
      const service = running;
      await until(
        'red-flags waiting for its retry',
        async () =>
          (await projections(service)).some(
            (p) => p.name === 'red-flags' && (p as { retry?: { nextRetryAt?: string } }).retry?.nextRetryAt,
          )
            ? true
            : undefined,
        120_000,
      );
      const signalled = Date.now();
      service.child.kill('SIGTERM');
      expect(await service.exited).toEqual({ code: 0, signal: null });
      // Not held by the ten-minute retry timer, nor by the thread's 30 s stop timeout.
      expect(Date.now() - signalled).toBeLessThan(10_000);
      expect(service.output()).not.toContain('did not stop in time');
    } finally {
      rmSync(failingDir, { recursive: true, force: true });
    }
  }, 300_000);
});
