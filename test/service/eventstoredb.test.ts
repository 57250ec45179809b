import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EsdbDouble } from '../../libs/event-store/src/testing/esdb-double';
import { SseClient } from './sse-client';
import { ADMIN_TOKEN, startService, type RunningService } from './harness';
import { createToken, eventsPath, lifecycle, NANTONG_CENTRE, transactionIdOfExample } from './fixtures';
import type { ProjectionReportBody } from './read-model-support';

/** The api runs no projection (phase `external`): wait until the worker's checkpoints reach the head. */
async function waitForWorker(api: RunningService, timeoutMs = 20_000): Promise<ProjectionReportBody[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reports = (await api.call('GET', '/v1/projections')).body.projections as ProjectionReportBody[];
    if (reports.every((r) => r.position > 0 && r.position === r.headPosition)) return reports;
    if (Date.now() > deadline) throw new Error(`worker not caught up: ${JSON.stringify(reports)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The service with GONGKAI_STORE=eventstoredb, an api and a worker sharing a data directory, on the
 * EventStoreDB test double (the adapter talks gRPC to it through the real client): start, append, catch up,
 * verify, checkpoint; then the server restarts and the leader steps down under it.
 */
describe('gongkai on EventStoreDB (test double): api and worker end to end', () => {
  let double: EsdbDouble;
  let dataDir: string;
  let worker: RunningService;
  let api: RunningService;

  beforeAll(async () => {
    double = await EsdbDouble.start();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-esdb-service-'));
    const env = { GONGKAI_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: double.connectionString };
    worker = await startService({ ...env, GONGKAI_ROLE: 'worker' }, dataDir);
    api = await startService({ ...env, GONGKAI_ROLE: 'api' }, dataDir);
  });
  afterAll(async () => {
    await api?.stop({ keepData: true });
    await worker?.stop({ keepData: true });
    await double?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('appends through the api, the worker catches up, the stream verifies and a checkpoint is signed', async () => {
    expect((await api.call('GET', '/health')).status).toBe(200);
    const centre = await createToken(api, NANTONG_CENTRE);
    const transaction = transactionIdOfExample('engineering');
    for (const body of lifecycle('engineering').slice(0, 3)) {
      const answer = await api.call('POST', eventsPath(transaction), { token: centre, body });
      expect(answer.status).toBe(201);
    }
    const reports = await waitForWorker(api);
    expect(reports.every((r) => r.position > 3)).toBe(true); // byte offsets, not 1..n
    const read = await api.call('GET', `/v1/transactions/${transaction}`, { token: centre });
    expect(read.status).toBe(200);
    const verified = await api.call('GET', `/v1/transactions/${transaction}/verify`, { token: ADMIN_TOKEN });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: true });
    const checkpoint = await api.call('GET', '/v1/integrity/checkpoint');
    expect(checkpoint.status).toBe(200);
    expect(checkpoint.body).toMatchObject({ checkpoint: { treeSize: 3, origin: 'gongkai.test' } });
  });

  it('serves the SSE feed from the start and resumes after a Last-Event-ID that is a byte offset', async () => {
    const all = await SseClient.connect(`${api.url}/v1/feed?from=0`);
    await all.waitFor((c) => c.events.length >= 3);
    const ids = all.events.map((e) => e.id!);
    await all.close();
    const resumed = await SseClient.connect(`${api.url}/v1/feed?from=0`, { 'last-event-id': ids[0]! });
    await resumed.waitFor((c) => c.events.length >= 2);
    expect(resumed.events.slice(0, 2).map((e) => e.id)).toEqual(ids.slice(1, 3));
    await resumed.close();
  });

  it('keeps appending and catching up across a server restart and a leader step-down', async () => {
    const centre = await createToken(api, NANTONG_CENTRE);
    const transaction = '3206022026A000999777';
    const [first, second, third] = lifecycle('engineering', transaction);
    expect((await api.call('POST', eventsPath(transaction), { token: centre, body: first })).status).toBe(
      201,
    );
    await double.restart();
    expect((await api.call('POST', eventsPath(transaction), { token: centre, body: second })).status).toBe(
      201,
    );
    await double.stepDown();
    expect((await api.call('POST', eventsPath(transaction), { token: centre, body: third })).status).toBe(
      201,
    );
    await waitForWorker(api);
    const verified = await api.call('GET', `/v1/transactions/${transaction}/verify`, { token: ADMIN_TOKEN });
    expect(verified.body).toMatchObject({ ok: true });
  });
});
