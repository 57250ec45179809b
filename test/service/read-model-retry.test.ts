import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '@gongkai/event-store';
import { ReadModelDatabase } from '@gongkai/projections';
import { eventStorePath } from '@gongkai/runtime';
import { FeedWorkload } from '../../bench/lib/feed-workload';
import { startService, type RunningService } from './harness';
import { expectReadModelsEqualRebuild, waitForProjections } from './read-model-support';

const EVENTS = 2_000;
const FAILING = 'red-flags';

interface Report {
  name: string;
  phase: string;
  lastError?: { message: string };
  retry?: { attempts: number; nextRetryAt?: string; delayMs?: number; lastError: { message: string } };
}

interface HealthProjection {
  name: string;
  phase: string;
  retry?: { attempts: number; nextRetryAt?: string };
}

/**
 * A read-models file on which every checkpoint write of `FAILING` past 0 fails, as a full disk or an I/O error
 * would: its first build fails at its first slice, for as long as the trigger is there (a real SQLite file).
 */
function failingReadModels(dataDir: string): void {
  const readModels = ReadModelDatabase.open(path.join(dataDir, 'read-models.sqlite'));
  readModels.db.exec(`
    CREATE TRIGGER fail_red_flags BEFORE UPDATE ON projection_checkpoints
    WHEN NEW.projection = '${FAILING}' AND NEW.position > 0
    BEGIN SELECT RAISE(ABORT, 'simulated I/O error'); END`);
  readModels.close();
}

function repair(dataDir: string): void {
  const db = new Database(path.join(dataDir, 'read-models.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    db.exec('DROP TRIGGER fail_red_flags');
  } finally {
    db.close();
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.each([
  ['on the projection thread', '1'],
  ['on the event loop (GONGKAI_PROJECTION_THREAD=0)', '0'],
])('a read model whose first build fails is retried with backoff %s', (_where, thread) => {
  let dataDir: string;
  let service: RunningService | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-retry-'));
    const store = await SqliteEventStore.open({ path: eventStorePath(dataDir), synchronous: 'NORMAL' });
    await new FeedWorkload().load(store, EVENTS, 32, 'retry test load');
    await store.close();
    failingReadModels(dataDir);
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows failing with attempts and the next retry, then goes live once the fault is gone', async () => {
    service = await startService(
      { GONGKAI_PROJECTION_THREAD: thread, GONGKAI_READ_MODEL_RETRY_MS: '200' },
      dataDir,
      { waitForReadModels: false },
    );
    const running = service;
    const reportOf = async (): Promise<Report> => {
      const answer = await running.call('GET', '/v1/projections');
      return (answer.body.projections as Report[]).find((r) => r.name === FAILING)!;
    };
    // Retried, not abandoned: attempts grow, each with the time of the next one (backoff 200, 400, 800 ms…).
    const retried = await until('two failed attempts', async () => {
      const report = await reportOf();
      return report.retry && report.retry.attempts >= 2 && report.retry.nextRetryAt ? report : undefined;
    });
    expect(retried.retry!.lastError.message).toContain('simulated I/O error');
    expect(retried.retry!.delayMs).toBeGreaterThanOrEqual(400);
    expect(Date.parse(retried.retry!.nextRetryAt!)).toBeGreaterThan(Date.now() - 5_000);
    const health = await running.call('GET', '/health');
    expect(health.status).toBe(200);
    const readModels = health.body.readModels as { status: string; projections: HealthProjection[] };
    const failing = readModels.projections.find((p) => p.name === FAILING)!;
    expect(failing.retry?.attempts).toBeGreaterThanOrEqual(2);
    // Every other read model went live meanwhile.
    const others = (await running.call('GET', '/v1/projections')).body.projections as Report[];
    await until('the others live', async () => {
      const reports = (await running.call('GET', '/v1/projections')).body.projections as Report[];
      return reports.filter((r) => r.name !== FAILING).every((r) => r.phase === 'live') ? true : undefined;
    });
    expect(others).toHaveLength(6);

    repair(dataDir);
    const reports = await waitForProjections(running, () => true, 30_000);
    const built = reports.find((r) => r.name === FAILING) as Report | undefined;
    expect(built?.phase).toBe('live');
    expect(built?.retry).toBeUndefined();
    await running.stop({ keepData: true });
    service = undefined;
    await expectReadModelsEqualRebuild(dataDir);
  });
});
