import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { READ_MODELS } from '@gongkai/projections';
import { startService, type RunningService } from './harness';

describe('GONGKAI_ROLE', () => {
  let service: RunningService | undefined;
  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });

  it('worker: runs the projections, answers only /health and /metrics over HTTP', async () => {
    service = await startService({ GONGKAI_ROLE: 'worker' });
    expect((await service.call('GET', '/health')).status).toBe(200);
    expect((await service.call('GET', '/metrics')).text).toContain('gongkai_projection_lag_events');
    const api = await service.call('GET', '/v1/transactions');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    await service.service.background.readModels.whenStarted();
    expect(service.service.background.readModels.runsHere).toBe(true);
  });

  it('api: serves HTTP and reads the read models, but runs no projection', async () => {
    service = await startService({ GONGKAI_ROLE: 'api' });
    const status = await service.call('GET', '/v1/projections');
    expect(status.status).toBe(200);
    expect((status.body.projections as Array<{ phase: string }>).map((p) => p.phase)).toEqual(
      READ_MODELS.map(() => 'external'),
    );
    // Nothing has built the read model yet: its queries say so rather than answer empty.
    expect((await service.call('GET', '/v1/credit/91440200MA4W7D8E99')).status).toBe(503);
    expect(
      (await service.call('POST', '/v1/projections/credit-registry/rebuild', { token: 'x' })).status,
    ).toBe(401);
  });

  it('the scheduled whole-store verification runs in the api process only, not again in the worker', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-roles-'));
    const env = { GONGKAI_INTEGRITY_VERIFY_INTERVAL_MS: '50', GONGKAI_CHECKPOINT_INTERVAL_MS: '0' };
    // The worker first, so its timer (if it had one) would fire before the api's.
    const worker = await startService({ ...env, GONGKAI_ROLE: 'worker' }, dataDir);
    const api = await startService({ ...env, GONGKAI_ROLE: 'api' }, dataDir);
    try {
      const apiLog = api.service.infrastructure.integrity.log;
      const scheduledRuns: string[] = [];
      for (let i = 0; i < 1200 && scheduledRuns.length < 2; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const last = apiLog.lastVerify;
        if (last?.trigger === 'schedule' && !scheduledRuns.includes(last.startedAt)) {
          scheduledRuns.push(last.startedAt);
        }
      }
      expect(scheduledRuns).toHaveLength(2);
      expect(apiLog.lastVerify?.result).toMatchObject({ ok: true });
      // Two api intervals have passed; the worker, on the same event loop, never verified.
      expect(worker.service.infrastructure.integrity.log.lastVerify).toBeUndefined();
      expect(worker.service.infrastructure.integrity.log.verifyInProgress).toBe(false);
    } finally {
      await api.stop({ keepData: true });
      await worker.stop({ keepData: true });
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
