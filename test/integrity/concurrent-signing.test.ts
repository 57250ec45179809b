import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ADMIN_TOKEN, startService, type RunningService } from '../service/harness';

/**
 * Checkpoint requests arriving together (several readers at once, one during a whole-store verification, while
 * events are appended) are each answered with a signed checkpoint: one signature per new tree size, never a 500.
 */
describe('concurrent checkpoint signing', () => {
  let service: RunningService;

  beforeAll(async () => {
    service = await startService({ GONGKAI_CHECKPOINT_INTERVAL_MS: '0' });
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
  });

  async function append(count: number): Promise<void> {
    const store = service.service.infrastructure.store;
    for (let i = 0; i < count; i++) {
      await store.append(`txn-concurrent-${i % 3}`, [
        { id: randomUUID(), type: 'AnnouncementPublished', data: { n: i } },
      ]);
    }
  }

  it('answers every simultaneous request, during verification and appends, with a consistent checkpoint', async () => {
    await append(20);
    for (let round = 0; round < 8; round++) {
      const requests = [
        service.call('POST', '/v1/integrity/verify', { token: ADMIN_TOKEN }),
        ...Array.from({ length: 6 }, (_, i) =>
          service.call('GET', i % 2 === 0 ? '/v1/log/checkpoint' : '/v1/integrity/checkpoint'),
        ),
        append(3).then(() => service.call('GET', '/v1/integrity/checkpoint')),
        service.call('GET', '/v1/log/checkpoints'),
      ];
      const answers = await Promise.all(requests);
      const failed = answers.filter((a) => a.status >= 400 && a.status !== 202);
      expect(failed.map((a) => `${a.status} ${a.text}`)).toEqual([]);
    }
    // One history entry per signed size, in growing order, and the log never raised its alarm.
    const { checkpoints } = (await service.call('GET', '/v1/log/checkpoints')).body as {
      checkpoints: { treeSize: number }[];
    };
    const sizes = checkpoints.map((c) => c.treeSize);
    expect(sizes).toEqual([...new Set(sizes)].sort((a, b) => a - b));
    expect(service.service.infrastructure.integrity.log.alarm).toBeUndefined();

    // The same history a page at a time, following `next`: nothing left out, nothing twice.
    const paged: { treeSize: number }[] = [];
    let next: string | undefined = '/v1/log/checkpoints?limit=3';
    while (next) {
      const page = (await service.call('GET', next)).body as {
        checkpoints: { treeSize: number }[];
        next?: string;
      };
      expect(page.checkpoints.length).toBeLessThanOrEqual(3);
      paged.push(...page.checkpoints);
      next = page.next;
    }
    expect(paged).toEqual(checkpoints);
    const middle = checkpoints[Math.floor(checkpoints.length / 2)]!.treeSize;
    const from = (await service.call('GET', `/v1/log/checkpoints?from=${middle}&limit=1`)).body as {
      checkpoints: { treeSize: number }[];
    };
    expect(from.checkpoints.map((c) => c.treeSize)).toEqual([middle]);
    expect((await service.call('GET', '/v1/log/checkpoints?limit=1001')).status).toBe(400);
  }, 120_000);

  it('two api replicas on one data directory sign at the same moments without a 500 or a false alarm', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-replicas-'));
    const env = { GONGKAI_CHECKPOINT_INTERVAL_MS: '0', GONGKAI_ROLE: 'api' };
    const first = await startService(env, dataDir);
    const second = await startService(env, dataDir);
    try {
      const store = first.service.infrastructure.store;
      for (let round = 0; round < 12; round++) {
        // Events appended by one replica are signed by whichever replica asks first.
        await store.append(`txn-replica-${round % 2}`, [
          { id: randomUUID(), type: 'AnnouncementPublished', data: { round } },
        ]);
        const answers = await Promise.all(
          [first, second, first, second].map((replica, i) =>
            replica.call('GET', i < 2 ? '/v1/log/checkpoint' : '/v1/integrity/checkpoint'),
          ),
        );
        expect(answers.map((a) => `${a.status} ${a.status === 200 ? '' : a.text}`)).toEqual(
          Array(4).fill('200 '),
        );
      }
      for (const replica of [first, second]) {
        expect(replica.service.infrastructure.integrity.log.alarm).toBeUndefined();
      }
      // The shared history: each size signed once, growing.
      const { checkpoints } = (await second.call('GET', '/v1/log/checkpoints')).body as {
        checkpoints: { treeSize: number }[];
      };
      const sizes = checkpoints.map((c) => c.treeSize);
      expect(sizes).toEqual([...new Set(sizes)].sort((a, b) => a - b));
      expect(sizes[sizes.length - 1]).toBe(12);
    } finally {
      await second.stop({ keepData: true });
      await first.stop({ keepData: true });
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
