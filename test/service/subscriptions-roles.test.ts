import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RecordingReceiver } from '../../libs/sinks/src/testing/recording-receiver';
import { startService } from './harness';
import { createToken, eventsPath, lifecycle, NANTONG_CENTRE } from './fixtures';

/**
 * Subscriptions across processes: the `api` process saves them, the `worker` delivers, following the saved
 * subscriptions in the shared file (read every 2 s) as it follows the store's events.
 */
describe('subscriptions with GONGKAI_ROLE api + worker', () => {
  it('a subscription created through the api process is delivered by the worker', async () => {
    const receiver = await RecordingReceiver.start();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-subscriptions-roles-'));
    const env = {
      GONGKAI_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32',
      GONGKAI_WEBHOOK_RETRY_MAX_DELAY_MS: '50',
      GONGKAI_WEBHOOK_PROBE_MS: '100',
    };
    const worker = await startService({ ...env, GONGKAI_ROLE: 'worker' }, dataDir);
    const api = await startService({ ...env, GONGKAI_ROLE: 'api' }, dataDir);
    try {
      const subscriber = await createToken(api, { role: 'subscriber', subject: '某新闻媒体', scope: {} });
      const centre = await createToken(api, NANTONG_CENTRE);
      const created = await api.call('POST', '/v1/subscriptions', {
        token: subscriber,
        body: { url: receiver.url, filter: { stages: ['AnnouncementPublished', 'AwardPublished'] } },
      });
      expect(created.status).toBe(201);
      const id = (created.body.subscription as { id: string }).id;
      expect((await worker.call('GET', '/v1/subscriptions', { token: subscriber })).status).toBe(404);

      const first = lifecycle('engineering', '3206022026A000910001');
      for (const stage of first)
        expect(
          (await api.call('POST', eventsPath('3206022026A000910001'), { token: centre, body: stage })).status,
        ).toBe(201);
      const wanted = first.filter((stage) =>
        ['AnnouncementPublished', 'AwardPublished'].includes(stage.type),
      );
      await receiver.waitFor(
        () => receiver.accepted.length === wanted.length,
        30_000,
        'the first transaction',
      );
      expect(receiver.acceptedKeysInOrder()).toEqual(wanted.map((stage) => stage.id));
      // The api process reports the worker's progress from the shared delivery state.
      const deadline = Date.now() + 30_000;
      let delivered = 0;
      while (delivered < wanted.length && Date.now() < deadline) {
        const answer = await api.call('GET', `/v1/subscriptions/${id}`, { token: subscriber });
        delivered = (answer.body as { delivery?: { delivered: number } }).delivery?.delivered ?? 0;
        if (delivered < wanted.length) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(delivered).toBe(wanted.length);
    } finally {
      await api.stop({ keepData: true });
      await worker.stop({ keepData: true });
      await receiver.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
