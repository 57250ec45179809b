import { ADMIN_TOKEN, startService, type RunningService } from './harness';
import { SseClient } from './sse-client';

/** The SSE feed cannot be used to exhaust the service: connections are capped per caller and in total. */
describe('GET /v1/feed under abuse', () => {
  let service: RunningService;
  const open: SseClient[] = [];

  beforeAll(async () => {
    service = await startService({ GONGKAI_FEED_MAX_CONNECTIONS: '3', GONGKAI_FEED_MAX_PER_CALLER: '2' });
  });
  afterAll(async () => {
    await Promise.all(open.map((client) => client.close()));
    await service.stop();
  });

  async function connect(headers: Record<string, string> = {}): Promise<SseClient> {
    const client = await SseClient.connect(`${service.url}/v1/feed?from=0`, headers);
    open.push(client);
    return client;
  }

  it('answers 503 with Retry-After beyond the per-caller and the global cap, and admits again after a close', async () => {
    const first = await connect();
    const second = await connect();
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await fetch(`${service.url}/v1/feed?from=0`);
    expect(third.status).toBe(503);
    expect(third.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);

    // Another caller (a token) still gets in, up to the global cap.
    const token = await connect({ authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(token.status).toBe(200);
    const beyond = await fetch(`${service.url}/v1/feed?from=0`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(beyond.status).toBe(503);

    await first.close();
    // The server notices the disconnect asynchronously.
    let again = 0;
    for (let i = 0; i < 50 && again !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const client = await SseClient.connect(`${service.url}/v1/feed?from=0`);
      again = client.status;
      if (again === 200) open.push(client);
    }
    expect(again).toBe(200);
  });
});
