import { startService, type RunningService } from './harness';
import { NANTONG_CENTRE, createToken, eventsPath, lifecycle } from './fixtures';

/** Publication times are claims; the service's clock says when the platform learnt of them. */
describe('honest time', () => {
  let service: RunningService;
  let centre: string;
  const id = 'NTCG2026-TIME';
  const [announcement, correction] = lifecycle('procurement', id);

  beforeAll(async () => {
    service = await startService();
    centre = await createToken(service, NANTONG_CENTRE);
  });
  afterAll(async () => {
    await service.stop();
  });

  it('refuses a publication claimed three days ahead of the recording (422) and stores nothing', async () => {
    const ahead = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
    const answer = await service.call('POST', eventsPath(id), {
      token: centre,
      body: { ...announcement!, metadata: { ...announcement!.metadata, publishedAt: ahead } },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.code).toBe('PUBLISHED_IN_FUTURE');
    expect((await service.call('GET', eventsPath(id))).status).toBe(404);
  });

  it('accepts a backdated publication with a RECORDED_LATE finding that shows both times', async () => {
    const answer = await service.call('POST', eventsPath(id), { token: centre, body: announcement });
    expect(answer.status).toBe(201);
    expect(answer.body.findings).toEqual([
      expect.objectContaining({
        code: 'RECORDED_LATE',
        publishedAt: announcement!.metadata.publishedAt,
        recordedAt: expect.any(String),
      }),
    ]);
    expect((await service.call('POST', eventsPath(id), { token: centre, body: correction })).status).toBe(
      201,
    );
  });

  it('answers asOf by publication time as well as by recording time', async () => {
    const asOf = '2026-03-03T00:00:00+08:00';
    const published = await service.call(
      'GET',
      `/v1/transactions/${id}?asOf=${encodeURIComponent(asOf)}&asOfBasis=published`,
    );
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({
      eventCount: 1,
      asOfBasis: 'published',
      state: { status: 'announced' },
    });
    const recorded = await service.call('GET', `/v1/transactions/${id}?asOf=${encodeURIComponent(asOf)}`);
    expect(recorded.status).toBe(404);
    const now = await service.call(
      'GET',
      `/v1/transactions/${id}?asOf=${encodeURIComponent(new Date().toISOString())}&asOfBasis=published`,
    );
    expect(now.body.eventCount).toBe(2);
    expect((await service.call('GET', `/v1/transactions/${id}?asOfBasis=sometime`)).status).toBe(400);
  });
});
