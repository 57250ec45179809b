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
    expect((await service.call('POST', '/v1/projections/credit-registry/rebuild', { token: 'x' })).status).toBe(401);
  });
});
