import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '@gongkai/event-store';
import { eventStorePath } from '@gongkai/runtime';
import { FeedWorkload } from '../../bench/lib/feed-workload';
import { ADMIN_TOKEN, startService, type RunningService } from './harness';
import { waitForProjections } from './read-model-support';

/** Enough realistic events (whole lifecycles and credit subjects) that building the read models takes seconds. */
const EVENTS = 30_000;

interface HealthBody {
  ready: boolean;
  integrity: { phase: string; treeSize: number };
  readModels: {
    status: string;
    projections: Array<{ name: string; phase: string; servable: boolean; lagEvents: number }>;
  };
}

describe('start-up over a store whose read models are still to be built', () => {
  let service: RunningService | undefined;

  afterAll(() => service?.stop());

  it('answers /health and the write path at once, and 503 with Retry-After for read models not yet live', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-startup-'));
    const store = await SqliteEventStore.open({ path: eventStorePath(dataDir), synchronous: 'NORMAL' });
    await new FeedWorkload().load(store, EVENTS, 32, 'startup test load');
    await store.close();

    service = await startService({}, dataDir, { waitForReadModels: false });
    const health = await service.call('GET', '/health');
    expect(health.status).toBe(200);
    const body = health.body as unknown as HealthBody;
    expect(body.ready).toBe(true);
    // The store has no Merkle tiles: the tree is built in the background, not before listening.
    expect(['building', 'verifying', 'live']).toContain(body.integrity.phase);
    // Answered while the read models were still being built (before, the service listened only after).
    expect(body.readModels.status).toBe('catching-up');
    const findings = body.readModels.projections.find((p) => p.name === 'supervision-findings')!;
    expect(findings.servable).toBe(false);

    const early = await service.call('GET', '/v1/findings', { token: ADMIN_TOKEN });
    expect(early.status).toBe(503);
    expect(early.headers.get('retry-after')).toBe('5');
    expect(early.headers.get('content-type')).toContain('application/problem+json');
    // The trail itself does not wait for the read models.
    const projections = await service.call('GET', '/v1/projections');
    expect(projections.status).toBe(200);

    // A read model built from empty reports the build's progress: catching up, with the build's lag (it read
    // `idle` and the whole store as lag for the whole first build). The thread is paused so both answers are
    // taken from the same report.
    let building: { name: string; rebuild: { position: number; headPosition: number } } | undefined;
    for (let i = 0; i < 2400 && !building; i++) {
      const list = (await service.call('GET', '/v1/projections')).body as unknown as {
        projections: Array<{ name: string; rebuild?: { position: number; headPosition: number } }>;
      };
      building = list.projections.find((p) => (p.rebuild?.position ?? 0) > 0) as typeof building;
      if (!building) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(building).toBeDefined();
    const resume = await service.service.background.readModels.projectionThread!.pause();
    try {
      const list = (await service.call('GET', '/v1/projections')).body as unknown as {
        projections: Array<{ name: string; rebuild?: { position: number; headPosition: number } }>;
      };
      const report = list.projections.find((p) => p.name === building!.name)!;
      const during = (await service.call('GET', '/health')).body as unknown as HealthBody;
      const entry = during.readModels.projections.find((p) => p.name === building!.name)!;
      if (!entry.servable && report.rebuild) {
        expect(entry.phase).toBe('catching-up');
        expect(entry.lagEvents).toBe(report.rebuild.headPosition - report.rebuild.position);
        expect(entry.lagEvents).toBeLessThan(EVENTS);
      }
    } finally {
      resume();
    }

    await waitForProjections(service, () => true, 240_000);
    const live = (await service.call('GET', '/health')).body as unknown as HealthBody;
    expect(live.readModels.status).toBe('live');
    expect(live.readModels.projections.every((p) => p.servable && p.lagEvents === 0)).toBe(true);
    const later = await service.call('GET', '/v1/findings', { token: ADMIN_TOKEN });
    expect(later.status).toBe(200);

    // The tree catches up with every event and only then is a checkpoint signed over it.
    for (let i = 0; i < 1200; i++) {
      const h = (await service.call('GET', '/health')).body as unknown as HealthBody;
      if (h.integrity.phase === 'live') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const built = (await service.call('GET', '/health')).body as unknown as HealthBody;
    expect(built.integrity).toMatchObject({ phase: 'live', treeSize: EVENTS });
    const checkpoint = await service.call('GET', '/v1/integrity/checkpoint');
    expect(checkpoint.status).toBe(200);
    expect((checkpoint.body as { checkpoint: { treeSize: number } }).checkpoint.treeSize).toBe(EVENTS);
  }, 300_000);
});
