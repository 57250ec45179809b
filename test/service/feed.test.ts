import { OpenFeeds } from '../../apps/gongkai/src/modules/feeds/sse/open-feeds';
import { startService, type RunningService } from './harness';
import { createToken, event, eventsPath, lifecycle, NANTONG_CENTRE } from './fixtures';
import { SseClient } from './sse-client';

interface FeedBody {
  position: number;
  streamId: string;
  type: string;
  event: { data: Record<string, unknown>; metadata: Record<string, unknown>; redacted: string[] } | null;
}

const body = (message: { data: string }) => JSON.parse(message.data) as FeedBody;
const positionsOf = (client: SseClient) => client.events.map((e) => Number(e.id));

describe('the SSE feed (GET /v1/feed)', () => {
  let service: RunningService;
  let centre: string;
  const clients: SseClient[] = [];

  async function connect(query = '', headers: Record<string, string> = {}): Promise<SseClient> {
    const client = await SseClient.connect(`${service.url}/v1/feed${query}`, headers);
    clients.push(client);
    await client.waitFor((c) => c.comments.includes('connected'));
    return client;
  }

  async function append(transactionId: string, count = Infinity): Promise<number[]> {
    const positions: number[] = [];
    for (const stage of lifecycle('engineering', transactionId).slice(0, count)) {
      const answer = await service.call('POST', eventsPath(transactionId), { token: centre, body: stage });
      expect(answer.status).toBe(201);
      positions.push(answer.body.position as number);
    }
    return positions;
  }

  beforeAll(async () => {
    service = await startService({ GONGKAI_FEED_HEARTBEAT_MS: '200' });
    centre = await createToken(service, NANTONG_CENTRE);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });
  afterAll(() => service.stop());

  it('streams events appended after the client connects, in order, ids = positions, public view', async () => {
    const client = await connect();
    const positions = await append('3206022026A000500001');
    await client.waitFor((c) => c.events.length >= positions.length);
    expect(client.status).toBe(200);
    expect(positionsOf(client)).toEqual(positions);
    const messages = client.events.map(body);
    expect(messages.map((m) => m.type)).toEqual(lifecycle('engineering').map((e) => e.type));
    const candidates = messages.find((m) => m.type === 'CandidatesPublicized')!;
    // The domain's public view: internal metadata (findings, correlation id) is dropped and listed.
    expect(candidates.event!.redacted).toEqual(expect.arrayContaining(['metadata.findings']));
    expect(candidates.event!.metadata.findings).toBeUndefined();
    expect(candidates.event!.metadata.correlationId).toBeUndefined();
    expect(candidates.event!.data.tenderProjectCode).toBe('3206022026A000500001');
  });

  it('resumes after Last-Event-ID without gap or duplicate', async () => {
    const from = (await service.call('GET', '/v1/projections')).body.projections as Array<{ headPosition: number }>;
    const start = from[0]!.headPosition;
    const first = await connect(`?from=${start}`);
    const early = await append('3206022026A000500002', 3);
    await first.waitFor((c) => c.events.length >= 3);
    const lastSeen = first.events[1]!.id!;
    await first.close();

    const missed = await append('3206022026A000500003', 2);
    // Reconnect as an EventSource does: same URL, plus the last id it received.
    const second = await connect(`?from=${start}`, { 'last-event-id': lastSeen });
    const more = await append('3206022026A000500004', 2);
    const expected = [...early.slice(2), ...missed, ...more];
    await second.waitFor((c) => c.events.length >= expected.length);
    expect([...positionsOf(first).slice(0, 2), ...positionsOf(second)]).toEqual([...early, ...missed, ...more]);
  });

  it('filters by stage, domain and region', async () => {
    const awards = await connect('?stage=AwardPublished,ContractSigned&domain=engineering&region=320600');
    const elsewhere = await connect('?region=320500');
    const positions = await append('3206022026A000500005');
    await awards.waitFor((c) => c.events.length >= 2);
    expect(awards.events.map((e) => e.event)).toEqual(['AwardPublished', 'ContractSigned']);
    expect(positionsOf(awards).every((p) => positions.includes(p))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(elsewhere.events).toEqual([]);
  });

  it('sends heartbeat comments and releases the subscription when the client goes away', async () => {
    const feeds = service.service.app.get(OpenFeeds);
    const client = await connect();
    await client.waitFor((c) => c.comments.includes('heartbeat'), 2_000);
    expect(feeds.count).toBeGreaterThanOrEqual(1);
    await client.close();
    const deadline = Date.now() + 2_000;
    while (feeds.count > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(feeds.count).toBe(0);
  });

  it('answers a bad position as a problem', async () => {
    const bad = await fetch(`${service.url}/v1/feed?from=-1`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const badHeader = await fetch(`${service.url}/v1/feed`, { headers: { 'last-event-id': 'x' } });
    expect(badHeader.status).toBe(400);
    // Positions are exact at the edge: one past 2^53 would round to another position, a fraction is no position.
    for (const id of ['9007199254740993', '1.5', '1e3', '01']) {
      const rounded = await fetch(`${service.url}/v1/feed`, { headers: { 'last-event-id': id } });
      expect(rounded.status).toBe(400);
      expect(rounded.headers.get('content-type')).toContain('application/problem+json');
    }
    // Keeps the fixture's event() import honest: a single append reaches a fresh client too.
    const client = await connect();
    const one = await service.call('POST', eventsPath('3206022026A000500006'), {
      token: centre,
      body: event('AnnouncementPublished', 'engineering', '3206022026A000500006'),
    });
    await client.waitFor((c) => c.events.length === 1);
    expect(positionsOf(client)).toEqual([one.body.position]);
  });
});
