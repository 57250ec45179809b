import { LIFECYCLE_ORDER, type CatalogueDomain } from '@gongkai/domain';
import { startService, type RunningService } from './harness';
import {
  NANTONG_CENTRE,
  PUBLISHER,
  createToken,
  eventsPath,
  lifecycle,
  transactionIdOfExample,
} from './fixtures';

/** Whole lifecycles over HTTP against a real server and SQLite file. */
describe('transaction lifecycles over HTTP', () => {
  let service: RunningService;
  let centre: string;
  const domains: CatalogueDomain[] = ['engineering', 'procurement', 'land'];

  beforeAll(async () => {
    service = await startService();
    centre = await createToken(service, NANTONG_CENTRE);
  });
  afterAll(async () => {
    await service.stop();
  });

  it.each(domains)(
    'accepts every stage of a %s transaction, with revision, position, hash and findings',
    async (domain) => {
      const transactionId = transactionIdOfExample(domain);
      const events = lifecycle(domain);
      const positions: number[] = [];
      for (const [revision, event] of events.entries()) {
        const answer = await service.call('POST', eventsPath(transactionId), {
          token: centre,
          body: event,
          headers: { 'if-match': `"${revision - 1}"` },
        });
        expect(answer.status).toBe(201);
        expect(answer.headers.get('etag')).toBe(`"${revision}"`);
        expect(answer.body).toMatchObject({
          transactionId,
          eventId: event.id,
          type: event.type,
          revision,
          replayed: false,
          findings: expect.any(Array),
        });
        expect(answer.body.hash).toMatch(/^[0-9a-f]{64}$/);
        positions.push(answer.body.position as number);
      }
      expect(positions).toEqual([...positions].sort((a, b) => a - b));

      const state = await service.call('GET', `/v1/transactions/${transactionId}`);
      expect(state.status).toBe(200);
      expect(state.headers.get('etag')).toBe(`"${events.length - 1}"`);
      expect(state.body).toMatchObject({
        transactionId,
        view: 'public',
        revision: events.length - 1,
        eventCount: events.length,
        state: { status: 'contracted', domain, history: [...LIFECYCLE_ORDER] },
      });

      const trail = await service.call('GET', eventsPath(transactionId));
      expect(trail.status).toBe(200);
      const trailEvents = trail.body.events as {
        id: string;
        hash: string;
        prevHash: string;
        revision: number;
      }[];
      expect(trailEvents.map((e) => e.id)).toEqual(events.map((e) => e.id));
      for (let i = 1; i < trailEvents.length; i++)
        expect(trailEvents[i]!.prevHash).toBe(trailEvents[i - 1]!.hash);

      const verify = await service.call('GET', `/v1/transactions/${transactionId}/verify`);
      expect(verify.body).toMatchObject({ ok: true, checked: events.length });
    },
  );

  it('stores the findings in the event metadata, where the publisher (full view) reads them back', async () => {
    const transactionId = transactionIdOfExample('engineering');
    const trail = await service.call('GET', eventsPath(transactionId), { token: centre });
    expect(trail.body.view).toBe('full');
    for (const stored of trail.body.events as { metadata: { findings?: unknown } }[]) {
      expect(Array.isArray(stored.metadata.findings)).toBe(true);
    }
    // The public view drops internal metadata.
    const publicTrail = await service.call('GET', eventsPath(transactionId));
    expect(publicTrail.body.view).toBe('public');
    for (const shown of publicTrail.body.events as { metadata: Record<string, unknown> }[]) {
      expect(shown.metadata.findings).toBeUndefined();
    }
  });

  it('finds transactions by domain, region, stage and publisher, page by page', async () => {
    // Read-your-writes: the read model answers once it has applied the last write's position.
    const head = await service.service.infrastructure.store.headPosition();
    const byDomain = await service.call('GET', `/v1/transactions?domain=procurement&minPosition=${head}`);
    expect(byDomain.status).toBe(200);
    expect((byDomain.body.items as { transactionId: string }[]).map((i) => i.transactionId)).toEqual([
      transactionIdOfExample('procurement'),
    ]);
    const all = await service.call(
      'GET',
      `/v1/transactions?region=320000&stage=ContractChanged&publisher=${PUBLISHER}`,
    );
    expect((all.body.items as unknown[]).length).toBe(3);
    const none = await service.call('GET', '/v1/transactions?region=440000');
    expect(none.body.items).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<RunningService['call']>> = await service.call(
        'GET',
        `/v1/transactions?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...(page.body.items as { transactionId: string }[]).map((i) => i.transactionId));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(seen.sort()).toEqual(domains.map(transactionIdOfExample).sort());

    const dated = await service.call('GET', '/v1/transactions?from=2026-06-16&to=2026-06-16');
    expect((dated.body.items as unknown[]).length).toBeGreaterThan(0);
    const before = await service.call('GET', '/v1/transactions?to=2026-01-01');
    expect(before.body.items).toEqual([]);
  });

  it('replays the state as it stood at an earlier instant (asOf)', async () => {
    const transactionId = 'NTCG2026-ASOF';
    const events = lifecycle('procurement', transactionId);
    const recordedAt: string[] = [];
    for (const event of events) {
      const answer = await service.call('POST', eventsPath(transactionId), { token: centre, body: event });
      expect(answer.status).toBe(201);
      recordedAt.push(answer.body.recordedAt as string);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    for (const at of [0, 3, events.length - 1]) {
      const answer = await service.call(
        'GET',
        `/v1/transactions/${transactionId}?asOf=${encodeURIComponent(recordedAt[at]!)}`,
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ revision: at, eventCount: at + 1, asOf: recordedAt[at] });
      expect((answer.body.state as { history: string[] }).history).toEqual(LIFECYCLE_ORDER.slice(0, at + 1));
      expect(answer.headers.get('etag')).toBe(`"${at}"`);
    }
    const before = await service.call('GET', `/v1/transactions/${transactionId}?asOf=2000-01-01T00:00:00Z`);
    expect(before.status).toBe(404);
    const bad = await service.call('GET', `/v1/transactions/${transactionId}?asOf=yesterday`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: '/query/asOf' })]);
  });

  it('answers inclusion proofs and signed checkpoints over the whole log', async () => {
    const checkpoint = await service.call('GET', '/v1/integrity/checkpoint');
    expect(checkpoint.status).toBe(200);
    const { treeSize, rootHash } = checkpoint.body.checkpoint as { treeSize: number; rootHash: string };
    expect(treeSize).toBeGreaterThanOrEqual(32);
    const proof = await service.call('GET', `/v1/integrity/proof?position=5&size=${treeSize}`);
    expect(proof.status).toBe(200);
    expect(proof.body).toMatchObject({ position: 5, leafIndex: 4, treeSize, rootHash });
    // Polling the checkpoint without new events signs nothing new.
    const again = await service.call('GET', '/v1/integrity/checkpoint');
    expect(again.body.checkpoint).toEqual(checkpoint.body.checkpoint);
    expect((await service.call('GET', `/v1/integrity/proof?position=${treeSize + 10}`)).status).toBe(404);
    expect((await service.call('GET', `/v1/integrity/proof?position=5&size=${treeSize + 1}`)).status).toBe(
      404,
    );
    expect((await service.call('GET', '/v1/integrity/proof?position=abc')).status).toBe(400);
  });
});
