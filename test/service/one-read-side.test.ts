import Database from 'better-sqlite3';
import * as path from 'node:path';
import { SERVICE_DATABASE_FILE } from '@gongkai/runtime';
import { startService, type RunningService } from './harness';
import { NANTONG_CENTRE, createToken, eventsPath, lifecycle } from './fixtures';

/**
 * Search reads the public-disclosure read model, which is checkpointed with its position and rebuildable
 * from the store: nothing written beside the event commit can leave a transaction out for good.
 */
describe('one read side for search', () => {
  let service: RunningService | undefined;
  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });

  it('still finds a transaction when everything beside the event store was lost in a crash', async () => {
    service = await startService();
    const centre = await createToken(service, NANTONG_CENTRE);
    const id = 'NTCG2026-CRASH';
    for (const body of lifecycle('procurement', id).slice(0, 3)) {
      const answer = await service.call('POST', eventsPath(id), { token: centre, body });
      expect(answer.status).toBe(201);
    }
    const dataDir = service.dataDir;
    await service.stop({ keepData: true });
    // What a kill between the event commit and a second write would leave: the service's own tables lost.
    const db = new Database(path.join(dataDir, SERVICE_DATABASE_FILE));
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    ).map((t) => t.name);
    if (tables.includes('transactions')) db.exec('DELETE FROM transactions');
    db.close();

    service = await startService({}, dataDir);
    const head = await service.service.infrastructure.store.headPosition();
    const found = await service.call('GET', `/v1/transactions?minPosition=${head}`);
    expect(found.status).toBe(200);
    expect((found.body.items as { transactionId: string }[]).map((item) => item.transactionId)).toContain(id);
  });

  it('answers 503 with the read model position when minPosition is not reached in time', async () => {
    service = await startService();
    const head = await service.service.infrastructure.store.headPosition();
    const answer = await service.call('GET', `/v1/transactions?minPosition=${head + 1000}`);
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ minPosition: head + 1000 });
  });
});
